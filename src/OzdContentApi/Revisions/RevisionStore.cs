using System.Text.Json;
using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Revisions;

/// <summary>Every saved version of an article, kept whole as the API showed it after the write.</summary>
public sealed class RevisionStore(NpgsqlDataSource db)
{
    private const string InsertSql = """
        insert into article_revisions (article_id, version, saved_at, snapshot)
        values (@ArticleId, @Version, @SavedAt, @Snapshot::jsonb)
        """;

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Article article) =>
        connection.ExecuteAsync(InsertSql, new
        {
            ArticleId = article.Id, article.Version, SavedAt = article.UpdatedAt,
            Snapshot = JsonSerializer.Serialize(article, ContentJson.Options),
        }, transaction);

    // The article's id first: no article (404) differs from no revision there.
    private const string ListSql = """
        select a.id from articles a where a.id = @Id or a.slug = @Slug;

        select r.version, r.saved_at as SavedAt, r.snapshot ->> 'title' as Title, r.snapshot ->> 'status' as Status
        from articles a join article_revisions r on r.article_id = a.id
        where (a.id = @Id or a.slug = @Slug) and r.version < @Before
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

    private const string FindSql = """
        select r.snapshot::text
        from articles a join article_revisions r on r.article_id = a.id
        where (a.id = @Id or a.slug = @Slug) and r.version = @Version
        """;

    public async Task<Article?> FindAsync(IdOrSlug article, int version, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var snapshot = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            FindSql, new { article.Id, article.Slug, Version = version }, cancellationToken: ct));
        return snapshot is null ? null : JsonSerializer.Deserialize<Article>(snapshot, ContentJson.Options);
    }
}
