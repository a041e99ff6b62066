using Dapper;
using OzdContentApi.Platform.Text;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Picks the slug a write stores: an explicit one must be free (else a conflict), a generated
/// one gets -2, -3, … until it is. Table names come from this closed list, never from input.
/// Writers that generate from the same base take turns (an advisory lock until their commit),
/// so twenty articles created at once with one title get twenty different suffixes.
/// </summary>
public static class SlugAllocation
{
    public enum Kind { Article, Person }

    // The lock first, in a statement of its own: the next statement's snapshot then sees what
    // the writer before us committed.
    private const string TakeTurnSql = "select pg_advisory_xact_lock(hashtextextended(@Turn, 0));";

    private const string TakenArticleSlugsSql = TakeTurnSql + """
        select slug from articles where id <> @Id and (slug = @Base or slug ~ ('^' || @Base || '-[0-9]+$'))
        """;

    private const string TakenPersonSlugsSql = TakeTurnSql + """
        select slug from persons where id <> @Id and (slug = @Base or slug ~ ('^' || @Base || '-[0-9]+$'))
        """;

    /// <param name="requested">The slug the client sent, or null to generate one from <paramref name="source"/>.</param>
    /// <returns>The slug to store, or why it cannot be had.</returns>
    public static async Task<(string? Slug, string? Conflict)> ResolveAsync(Npgsql.NpgsqlConnection connection,
        Npgsql.NpgsqlTransaction transaction, Kind kind, Guid id, string? requested, string source, CancellationToken ct)
    {
        var (sql, fallback, noun) = kind == Kind.Article
            ? (TakenArticleSlugsSql, "artikel", "article")
            : (TakenPersonSlugsSql, "person", "person");
        var baseSlug = requested ?? Slugs.From(source, fallback);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            sql, new { Id = id, Base = baseSlug, Turn = $"slug:{noun}:{baseSlug}" }, transaction, cancellationToken: ct));
        await results.ReadAsync<object>();
        var taken = (await results.ReadAsync<string>()).ToHashSet();

        if (requested is not null)
            return taken.Contains(requested) ? (null, $"The slug '{requested}' is taken by another {noun}.") : (requested, null);
        for (var n = 1; ; n++)
        {
            var candidate = Slugs.WithSuffix(baseSlug, n);
            if (!taken.Contains(candidate))
                return (candidate, null);
        }
    }
}
