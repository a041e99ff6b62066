using Dapper;
using Microsoft.OpenApi;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Paging;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Changes;

/// <summary>
/// Delta sync over the change log (see <see cref="ChangeLog"/> for why nothing is skipped).
/// Each article on a page is reported with its current state, so a client that applies the
/// pages in order ends with exactly the published articles, whatever happened in between.
/// </summary>
public sealed class ChangeFeed(NpgsqlDataSource db)
{
    // An entry's article is shown as it is at the page's own horizon (the database's clock, after
    // the lock): a "now" taken by the service before the query (it may wait for a writer's lock)
    // could be earlier than the publication of an entry the page returns, which then read as a
    // removal and was never sent again (found by ChangeFeedPropertyTests, intermittently).
    private static readonly string PageSql = $"""
        select pg_advisory_xact_lock_shared(@Key);

        with horizon as (select clock_timestamp() as at),
        page as (
            select c.seq, c.visible_from, c.article_id, c.slug
            from content_changes c, horizon
            where (c.visible_from, c.seq) > (@AfterTime, @AfterSeq) and c.visible_from < horizon.at
            order by c.visible_from, c.seq
            limit @Take
        )
        select page.seq as Seq, page.visible_from as VisibleFrom, page.article_id as ArticleId, page.slug as Slug,
               a.id as Id, a.slug as CurrentSlug, a.title, a.teaser, a.language, {StatusAsOf("horizon.at")} as status,
               a.published_at as PublishedAt, a.created_at as CreatedAt, a.updated_at as UpdatedAt, a.version,
               a.source, a.image_credit as ImageCredit
        from page cross join horizon
        left join articles a on a.id = page.article_id and {VisibleAsOf("horizon.at")}
        order by page.visible_from, page.seq;
        """;

    public async Task<ChangePage> ReadAsync(ChangeToken since, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(PageSql, new
        {
            Key = ChangeLog.AdvisoryLockKey, AfterTime = since.VisibleFrom, AfterSeq = since.Seq, Take = limit + 1,
        }, transaction, cancellationToken: ct));
        await results.ReadAsync<object>();
        var rows = (await results.ReadAsync<Row>()).AsList();
        await transaction.CommitAsync(ct);

        var page = rows.Take(limit).ToList();
        var last = page.Count > 0 ? new ChangeToken(page[^1].VisibleFrom, page[^1].Seq) : since;
        // One item per article: its state as of its latest change on this page.
        var items = page
            .Select((row, index) => (row, index))
            .GroupBy(x => x.row.ArticleId)
            .Select(g => g.Last())
            .OrderBy(x => x.index)
            .Select(x => x.row.ToChange())
            .ToList();
        return new ChangePage { Items = items, NextToken = last.Encode(), HasMore = rows.Count > limit };
    }

    private sealed record Row
    {
        public long Seq { get; init; }
        public DateTime VisibleFrom { get; init; }
        public Guid ArticleId { get; init; }
        public string Slug { get; init; } = "";
        public Guid? Id { get; init; }
        public string? CurrentSlug { get; init; }
        public string? Title { get; init; }
        public string? Teaser { get; init; }
        public string? Language { get; init; }
        public ArticleStatus? Status { get; init; }
        public DateTime? PublishedAt { get; init; }
        public DateTime? CreatedAt { get; init; }
        public DateTime? UpdatedAt { get; init; }
        public int? Version { get; init; }
        public string? Source { get; init; }
        public string? ImageCredit { get; init; }

        public ArticleChange ToChange() => Id is null
            ? new ArticleChange { Change = ChangeKind.Remove, ArticleId = ArticleId, Slug = Slug, Article = null }
            : new ArticleChange
            {
                Change = ChangeKind.Upsert, ArticleId = ArticleId, Slug = CurrentSlug!,
                Article = new ArticleSummary
                {
                    Id = ArticleId, Slug = CurrentSlug!, Title = Title!, Teaser = Teaser, Language = Language!,
                    Status = Status!.Value, PublishedAt = PublishedAt, CreatedAt = CreatedAt!.Value,
                    UpdatedAt = UpdatedAt!.Value, Version = Version!.Value, Source = Source, ImageCredit = ImageCredit,
                },
            };
    }
}

/// <summary>A position in the change log: the last entry a client has applied.</summary>
public readonly record struct ChangeToken(DateTime VisibleFrom, long Seq) : ICursorPosition<ChangeToken>, IParameterType<ChangeToken>
{
    /// <summary>Before every change: a first sync starts here.</summary>
    public static readonly ChangeToken Start = new(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), 0);

    public static byte Kind => (byte)'c';

    public static string Expectation =>
        "Not a token of this feed. Send back the nextToken of your last sync unchanged, or omit it to start over.";

    public static IOpenApiSchema Schema => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 40 };

    public string Encode() => Cursor.Encode(this);

    public void Write(CursorWriter writer)
    {
        writer.Time(VisibleFrom);
        writer.Int64(Seq);
    }

    // A token is handed out for what already took effect: one from later than tomorrow (by the
    // database's clock or this one) was never handed out, and a client holding it would never see a change again.
    public static ChangeToken? TryRead(CursorReader reader) =>
        reader.Time() is { } visibleFrom && visibleFrom <= DateTime.UtcNow.AddDays(1) && reader.Int64() is var seq and >= 0 && !reader.Failed
            ? new ChangeToken(visibleFrom, seq)
            : null;

    public static bool TryParse(string? s, IFormatProvider? provider, out ChangeToken result)
    {
        var token = s is { Length: <= 40 } ? Cursor.Decode<ChangeToken>(s) : null;
        result = token ?? Start;
        return token is not null;
    }
}
