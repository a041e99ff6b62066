using Dapper;
using Npgsql;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Sections;

/// <summary>Delivery reads of sections, always through a published article.</summary>
public sealed class SectionStore(NpgsqlDataSource db, TimeProvider clock)
{
    // The article's id first, so a missing article (404) differs from a filter that matches
    // no section (an empty list).
    private static string OfArticleSql(string articles) => $"""
        select a.id from articles a where {articles};

        select {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {articles} and (@Type::text is null or s.type = @Type)
        order by s.position;
        """;

    private static readonly string OfPublishedArticleSql = OfArticleSql($"{Lookup} and {Visible}");
    private static readonly string OfAnyArticleSql = OfArticleSql(Lookup);

    /// <param name="preview">Drafts and scheduled articles too.</param>
    /// <returns>null when no (published) article has that id or slug.</returns>
    public async Task<IReadOnlyList<Section>?> ListOfArticleAsync(IdOrSlug article, string? type, bool preview, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            preview ? OfAnyArticleSql : OfPublishedArticleSql, new { article.Id, article.Slug, Type = type, Now }, cancellationToken: ct));
        if (await results.ReadSingleOrDefaultAsync<Guid?>() is null)
            return null;
        return (await results.ReadAsync<SectionRow>()).Select(r => r.ToSection()).ToList();
    }

    private static string OneSql(string articles) => $"""
        select a.id from articles a where {articles};

        select {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {articles} and s.id = @SectionId;
        """;

    private static readonly string OneOfPublishedSql = OneSql($"{Lookup} and {Visible}");
    private static readonly string OneOfAnySql = OneSql(Lookup);

    public async Task<(bool ArticleFound, Section? Section)> FindInArticleAsync(IdOrSlug article, Guid sectionId, bool preview, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            preview ? OneOfAnySql : OneOfPublishedSql, new { article.Id, article.Slug, SectionId = sectionId, Now }, cancellationToken: ct));
        if (await results.ReadSingleOrDefaultAsync<Guid?>() is null)
            return (false, null);
        return (true, (await results.ReadSingleOrDefaultAsync<SectionRow>())?.ToSection());
    }

    // Newest article first, sections in article order; the cursor holds the last row's
    // (published_at, article id, position).
    private const string AcrossSql = $"""
        select a.id as ArticleId, a.slug as ArticleSlug, a.title as ArticleTitle, a.published_at as PublishedAt,
               {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {Visible} and (@Type::text is null or s.type = @Type)
        """;

    private const string AcrossOrder = "order by a.published_at desc, a.id desc, s.position limit @Take";

    private const string AcrossAfter = """
        and (a.published_at < @CursorPublishedAt
             or (a.published_at = @CursorPublishedAt and a.id < @CursorId)
             or (a.published_at = @CursorPublishedAt and a.id = @CursorId and s.position > @CursorPosition))
        """;

    private const string AcrossFirstSql = $"{AcrossSql} {AcrossOrder}";
    private const string AcrossAfterSql = $"{AcrossSql} {AcrossAfter} {AcrossOrder}";

    public const char CursorKind = 's';

    public async Task<IReadOnlyList<(SectionInArticle Item, PublishedCursor Position)>> ListAcrossArticlesAsync(
        string? type, PublishedCursor? after, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AcrossRow>(new CommandDefinition(
            after is null ? AcrossFirstSql : AcrossAfterSql,
            new
            {
                Type = type, Now, Take = take,
                CursorPublishedAt = after?.PublishedAt, CursorId = after?.Id, CursorPosition = after?.Position,
            },
            cancellationToken: ct));
        return rows.Select(r =>
        {
            var section = SectionTypes.FromStored(r.Type, r.Document);
            return (new SectionInArticle(new ArticleReference(r.ArticleId, r.ArticleSlug, r.ArticleTitle), section),
                new PublishedCursor(r.PublishedAt, r.ArticleId, section.Position));
        }).ToList();
    }

    private sealed record AcrossRow(Guid ArticleId, string ArticleSlug, string ArticleTitle, DateTime PublishedAt, string Type, string Document);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
