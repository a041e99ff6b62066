using Dapper;
using Npgsql;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;
using OzdContentApi.Sections;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Articles;

/// <summary>Reads and writes of articles, with their sections and mentions.</summary>
public sealed class ArticleStore(NpgsqlDataSource db, TimeProvider clock)
{
    // Filters are fixed fragments chosen by which values are present; every value is a parameter.
    private const string MentionsPerson = """
        exists (select from article_persons ap join persons p on p.id = ap.person_id
                where ap.article_id = a.id and (p.id = @PersonId or p.slug = @PersonSlug))
        """;
    private const string HasSectionType = "exists (select from sections s where s.article_id = a.id and s.type = @SectionType)";
    private const string HasStatus = $"{Status} = @Status";

    // Delivery orders by publication time; preview lists drafts too, which have none yet.
    private const string PreviewSortKey = "coalesce(a.published_at, a.created_at)";

    private static string ListSql(ArticleFilter filter, bool preview, bool afterCursor)
    {
        var sortKey = preview ? PreviewSortKey : "a.published_at";
        var conditions = new List<string> { preview ? "true" : Visible };
        if (filter.Person is not null)
            conditions.Add(MentionsPerson);
        if (filter.SectionType is not null)
            conditions.Add(HasSectionType);
        if (filter.PublishedFrom is not null)
            conditions.Add("a.published_at >= @PublishedFrom");
        if (filter.PublishedTo is not null)
            conditions.Add("a.published_at < @PublishedTo");
        if (filter.Status is not null)
            conditions.Add(HasStatus);
        if (afterCursor)
            conditions.Add($"({sortKey}, a.id) < (@CursorPublishedAt, @CursorId)");
        return $"""
            select {SummaryColumns}, {sortKey} as SortKey
            from articles a
            where {string.Join(" and ", conditions)}
            order by {sortKey} desc, a.id desc
            limit @Take
            """;
    }

    /// <summary>Articles, newest first; published ones only unless <paramref name="preview"/>.</summary>
    public async Task<IReadOnlyList<ListedArticle>> ListAsync(ArticleFilter filter, bool preview, PublishedCursor? after, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ListedArticle>(new CommandDefinition(
            ListSql(filter, preview, after is not null), ListParameters(filter, after, take), cancellationToken: ct));
        return rows.AsList();
    }

    private object ListParameters(ArticleFilter filter, PublishedCursor? after, int take) => new
    {
        Now, Take = take, CursorPublishedAt = after?.PublishedAt, CursorId = after?.Id,
        PersonId = filter.Person?.Id, PersonSlug = filter.Person?.Slug, filter.SectionType,
        filter.PublishedFrom, filter.PublishedTo, Status = filter.Status?.ToString().ToLowerInvariant(),
    };

    // The person's id comes back on its own first, so "no such person" (404) differs from
    // "mentioned nowhere yet" (an empty page), still in one round trip; the list itself is the
    // article list filtered by person. Reading persons here only resolves the path's id or slug.
    private const string PersonIdSql = "select p.id from persons p where p.id = @PersonId or p.slug = @PersonSlug;";

    /// <returns>null when there is no such person.</returns>
    public async Task<IReadOnlyList<ArticleSummary>?> ListPublishedMentioningAsync(IdOrSlug person, PublishedCursor? after, int take, CancellationToken ct)
    {
        var filter = ArticleFilter.None with { Person = person };
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            PersonIdSql + ListSql(filter, preview: false, after is not null), ListParameters(filter, after, take), cancellationToken: ct));
        if (await results.ReadSingleOrDefaultAsync<Guid?>() is null)
            return null;
        return (await results.ReadAsync<ListedArticle>()).AsList();
    }

    // Three statements, one round trip: the article, then its persons, then its sections.
    private static string FindSql(string where, string lockClause = "") => $"""
        select {SummaryColumns}, a.disclaimer, a.extras
        from articles a where {where} {lockClause};

        select p.id as PersonId, p.slug, p.name, ap.role
        from articles a
        join article_persons ap on ap.article_id = a.id
        join persons p on p.id = ap.person_id
        where {where}
        order by ap.position;

        select {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {where}
        order by s.position;
        """;

    private static readonly string FindPublishedSql = FindSql($"{Lookup} and {Visible}");
    private static readonly string FindAnySql = FindSql(Lookup);
    private static readonly string FindForUpdateSql = FindSql(Lookup, "for update of a");

    /// <summary>A published article, as delivery shows it.</summary>
    public Task<Article?> FindPublishedAsync(IdOrSlug key, CancellationToken ct) => FindAsync(FindPublishedSql, key, ct);

    /// <summary>Any article, drafts included, for callers with the preview scope.</summary>
    public Task<Article?> FindAnyAsync(IdOrSlug key, CancellationToken ct) => FindAsync(FindAnySql, key, ct);

    private async Task<Article?> FindAsync(string sql, IdOrSlug key, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ReadAsync(connection, null, sql, new { key.Id, key.Slug, Now }, ct);
    }

    /// <summary>Reads an article inside a write transaction and locks it until the transaction ends.</summary>
    public static Task<Article?> ReadForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IdOrSlug key, DateTime now, CancellationToken ct) =>
        ReadAsync(connection, transaction, FindForUpdateSql, new { key.Id, key.Slug, Now = now }, ct);

    private static async Task<Article?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object parameters, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        var head = await results.ReadSingleOrDefaultAsync<ArticleHead>();
        if (head is null)
            return null;
        var persons = (await results.ReadAsync<ArticlePerson>()).AsList();
        var sections = (await results.ReadAsync<SectionRow>()).Select(r => r.ToSection()).ToList();
        return head.ToArticle(persons, sections);
    }

    private const string InsertArticleSql = """
        insert into articles (id, slug, title, teaser, language, status, published_at, source, image_credit,
                              disclaimer, extras)
        values (@Id, @Slug, @Title, @Teaser, @Language, @Status, @PublishedAt, @Source, @ImageCredit,
                @Disclaimer, @Extras)
        """;

    private const string InsertMentionSql = """
        insert into article_persons (article_id, person_id, position, role)
        values (@ArticleId, @PersonId, @Position, @Role)
        """;

    /// <summary>Inserts a complete article as it is (the demo content), inside the caller's transaction.</summary>
    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewArticle article)
    {
        await connection.ExecuteAsync(InsertArticleSql, new
        {
            article.Id, article.Slug, article.Title, article.Teaser, article.Language,
            Status = article.Status.ToString().ToLowerInvariant(), article.PublishedAt, article.Source,
            article.ImageCredit, article.Disclaimer, Extras = article.Extras.ToArray(),
        }, transaction);

        await connection.ExecuteAsync(InsertMentionSql, article.Persons.Select((p, i) => new
        {
            ArticleId = article.Id, p.PersonId, Position = i + 1, p.Role,
        }), transaction);

        await SectionWrites.InsertAsync(connection, transaction, article.Id,
            article.Sections.Select((s, i) => s with { Position = i + 1 }), CancellationToken.None);
    }

    // What the published representation of an article depends on besides its own version: the
    // time (a scheduled article turns published) and the persons it names.
    private const string FreshnessSql = $"""
        select a.id, a.version, {Status} as status, greatest(a.updated_at,
               (select max(p.updated_at) from article_persons ap join persons p on p.id = ap.person_id where ap.article_id = a.id))
               as ChangedAt
        from articles a where {Lookup} and {Visible}
        """;

    /// <summary>A few columns that change whenever the published article's JSON does; null when not published.</summary>
    public async Task<ArticleFreshness?> FreshnessAsync(IdOrSlug key, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ArticleFreshness>(new CommandDefinition(
            FreshnessSql, new { key.Id, key.Slug, Now }, cancellationToken: ct));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private sealed record ArticleHead : ArticleSummary
    {
        public string? Disclaimer { get; init; }
        public string[] Extras { get; init; } = [];

        public Article ToArticle(IReadOnlyList<ArticlePerson> persons, IReadOnlyList<Section> sections) => new()
        {
            Id = Id, Slug = Slug, Title = Title, Teaser = Teaser, Language = Language, Status = Status,
            PublishedAt = PublishedAt, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
            Source = Source, ImageCredit = ImageCredit, Disclaimer = Disclaimer, Extras = Extras,
            Persons = persons, Sections = sections,
        };
    }
}

/// <summary>A list row: the summary and the value the list is ordered by.</summary>
public sealed record ListedArticle : ArticleSummary
{
    public DateTime SortKey { get; init; }
}

/// <summary>See <see cref="ArticleStore.FreshnessAsync"/>.</summary>
public sealed record ArticleFreshness(Guid Id, int Version, ArticleStatus Status, DateTime ChangedAt);

/// <summary>An article to insert, with the people it mentions and its sections in order.</summary>
public sealed record NewArticle
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Teaser { get; init; }
    public string Language { get; init; } = "de";
    public required ArticleStatus Status { get; init; }
    public DateTime? PublishedAt { get; init; }
    public string? Source { get; init; }
    public string? ImageCredit { get; init; }
    public string? Disclaimer { get; init; }
    public IReadOnlyList<string> Extras { get; init; } = [];
    public IReadOnlyList<Mention> Persons { get; init; } = [];
    public IReadOnlyList<Section> Sections { get; init; } = [];
}

/// <summary>A person an article mentions, and how it describes them.</summary>
public sealed record Mention(Guid PersonId, string? Role);
