using System.Text.Json;
using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Revisions;

/// <summary>Every saved version of an article (see <see cref="RevisionRecorder"/>), read back.</summary>
public sealed class RevisionStore(NpgsqlDataSource db)
{
    // The article's id first: no article (404) differs from no revision there.
    private const string ListSql = $"""
        select a.id from articles a where {Lookup};

        select r.version, r.saved_at as SavedAt, r.snapshot ->> 'title' as Title, r.snapshot ->> 'status' as Status
        from articles a join article_revisions r on r.article_id = a.id
        where {Lookup} and r.version < @Before
        order by r.version desc
        limit @Take
        """;

    /// <returns>Newest first; null when there is no such article.</returns>
    public async Task<IReadOnlyList<RevisionSummary>?> ListAsync(IdOrSlug article, int? beforeVersion, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            ListSql, new { article.Id, article.Slug, Before = beforeVersion ?? int.MaxValue, Take = take }, cancellationToken: ct));
        if (await results.ReadSingleOrDefaultAsync<Guid?>() is null)
            return null;
        return (await results.ReadAsync<RevisionSummary>()).AsList();
    }

    private const string FindSql = $"""
        select r.snapshot::text
        from articles a join article_revisions r on r.article_id = a.id
        where {Lookup} and r.version = @Version
        """;

    public async Task<Article?> FindAsync(IdOrSlug article, int version, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var snapshot = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            FindSql, new { article.Id, article.Slug, Version = version }, cancellationToken: ct));
        return snapshot is null ? null : JsonSerializer.Deserialize<Article>(snapshot, ContentJson.Options);
    }
}
