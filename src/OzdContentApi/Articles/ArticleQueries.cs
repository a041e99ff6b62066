using OzdContentApi.Platform.Database;
using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Platform.Http;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Articles;

/// <summary>The stored bytes of one article as a reader gets them, with their tag and when they last changed.</summary>
/// <param name="PersonIds">The persons the article names (mentions and glossary links): its CDN keys with its own.</param>
public sealed record StoredArticle(Guid Id, string Slug, byte[]? Json, string? ETag, DateTime? ChangedAt, Guid[] PersonIds)
{
    /// <summary>For Dapper, which reads a uuid[] column as System.Array and so matches no constructor with Guid[]; it sets the properties.</summary>
    public StoredArticle() : this(Guid.Empty, "", null, null, null, [])
    {
    }

    public SurrogateKeys Keys => SurrogateKeys.ForArticle(Id, PersonIds);

    public Representation ToRepresentation() => Representation.OfJson(Json!, ChangedAt, ETag, Keys);
}

/// <summary>Every read of articles and their sections; each is one round trip.</summary>
public sealed class ArticleQueries(ReplicaReads reads, TimeProvider clock, ArticleRepresentations representations)
{
    /// <summary>The public's reads may go to a standby (see <see cref="ReplicaReads"/>); keyed ones go to the primary.</summary>
    private Task<T> ReadAsync<T>(bool publicRead, Func<NpgsqlConnection, Task<T>> read, CancellationToken ct) =>
        reads.ReadAsync(read, ct, publicRead);

    private static string StoredSql(string where) => $"""
        select a.id, a.slug, {CurrentRepresentation} as Json, {CurrentETag} as ETag, a.representation_at as ChangedAt,
               array(select ap.person_id from article_persons ap where ap.article_id = a.id
                     union
                     select gl.person_id from sections s join glossary_person_links gl on gl.section_id = s.id
                     where s.article_id = a.id) as PersonIds
        from articles a where {where}
        """;

    /// <summary>The stored-bytes statement for one audience, by id and by slug: each a plain unique-index lookup.</summary>
    private sealed record LookupSql(string ById, string BySlug)
    {
        public static LookupSql Where(string visibility) =>
            new(StoredSql($"a.id = @Key and {visibility}"), StoredSql($"a.slug = @Key and {visibility}"));

        public string For(IdOrSlug key) => key.Id is null ? BySlug : ById;
    }

    private static readonly LookupSql PublishedSql = LookupSql.Where(Visible);
    private static readonly LookupSql ReleasedSql = LookupSql.Where(Released);
    private static readonly LookupSql AnySql = LookupSql.Where("true");

    /// <summary>A published article as delivery shows it: one indexed lookup of the bytes stored when it was written.</summary>
    public Task<StoredArticle?> FindPublishedAsync(IdOrSlug key, CancellationToken ct) => FindAsync(PublishedSql, key, true, ct);

    /// <summary>A published article, under embargo or not, for partners with the syndication scope.</summary>
    public Task<StoredArticle?> FindReleasedAsync(IdOrSlug key, CancellationToken ct) => FindAsync(ReleasedSql, key, false, ct);

    /// <summary>Any article, drafts included, for callers with the preview scope.</summary>
    public Task<StoredArticle?> FindAnyAsync(IdOrSlug key, CancellationToken ct) => FindAsync(AnySql, key, false, ct);

    private static readonly SqlPerAudience ManyPublishedSql = new(audience => StoredSql($"a.id = any(@Ids) and {PublishedFor(audience)}"));

    /// <summary>
    /// How many bytes each article's stored JSON has, without reading them (PostgreSQL answers from
    /// the stored value's header): for pages that must stay within a size.
    /// </summary>
    public Task<Dictionary<Guid, int>> SizesAsync(IReadOnlyList<Guid> ids, CancellationToken ct) =>
        ReadAsync(true, async connection => (await connection.QueryAsync<(Guid Id, int Bytes)>(new CommandDefinition(
                "select a.id, coalesce(octet_length(a.representation), 0) from articles a where a.id = any(@Ids)",
                new { Ids = ids.ToArray() }, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.Bytes), ct);

    /// <summary>The stored bytes of several published articles in one round trip, in the order asked (feeds).</summary>
    /// <param name="audience">The public gets what is visible; partners and editors embargoed articles too.</param>
    public async Task<IReadOnlyList<StoredArticle>> FindPublishedAsync(IReadOnlyList<Guid> ids, Audience audience, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var parameters = new { Ids = ids.ToArray(), Now };
        var sql = ManyPublishedSql[audience];
        var stored = await ReadAsync(audience == Audience.Public, async connection =>
            (await connection.QueryAsync<StoredArticle>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList(), ct);
        if (stored.Any(s => s.Json is null))
        {
            foreach (var missing in stored.Where(s => s.Json is null))
                await representations.RebuildAsync(missing.Id, ct);
            stored = await ReadAsync(false, async connection =>
                (await connection.QueryAsync<StoredArticle>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList(), ct);
        }
        var byId = stored.Where(s => s.Json is not null).ToDictionary(s => s.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    private async Task<StoredArticle?> FindAsync(LookupSql lookup, IdOrSlug key, bool publicRead, CancellationToken ct)
    {
        var sql = lookup.For(key);
        Task<StoredArticle?> Read(NpgsqlConnection connection) => ReadPreparedAsync(connection, sql, key, Now, ct);
        var stored = await ReadAsync(publicRead, Read, ct);
        if (stored is not { Json: null })
            return stored;
        // The database forgot the bytes (see ArticleRepresentations): rebuild them once, then read them where they were written.
        await representations.RebuildAsync(stored.Id, ct);
        return await ReadAsync(false, Read, ct);
    }

    /// <summary>
    /// The read behind every article request that misses the cache, prepared on each connection:
    /// planning this statement cost PostgreSQL about three times what running it does (measured
    /// with 100,000 articles and 8 clients: 3,500 lookups/s unprepared, 13,200 prepared). The
    /// service prepares only this, a person's articles (<see cref="PreparedListAsync"/>) and the
    /// search's statements (see ContentDatabaseSetup); the statement names its columns, so a
    /// migration that adds columns does not break it.
    /// </summary>
    private static async Task<StoredArticle?> ReadPreparedAsync(NpgsqlConnection connection, string sql, IdOrSlug key, DateTime now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(key.Id is { } id ? new NpgsqlParameter<Guid>("Key", id) : new NpgsqlParameter<string>("Key", key.Slug!));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("Now", now));
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return new StoredArticle(reader.GetGuid(0), reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetDateTime(4), reader.GetFieldValue<Guid[]>(5));
    }

    // Filters are fixed fragments chosen by which values are present; every value is a parameter.
    private const string MentionsPerson = """
        exists (select from article_persons ap join persons p on p.id = ap.person_id
                where ap.article_id = a.id and (p.id = @PersonId or p.slug = @PersonSlug))
        """;
    private const string HasSectionType = "exists (select from sections s where s.article_id = a.id and s.type = @SectionType)";
    private const string HasStatus = $"{Status} = @Status";

    // Delivery orders by publication time; preview lists drafts too, which have none yet.
    private const string PreviewSortKey = "coalesce(a.published_at, a.created_at)";

    // Delivery lists a person's articles from that person's links, which carry their articles'
    // publication times (migration 0020): the index is walked from the newest only as far as the
    // page goes, where sorting all of a person's articles cost 12.7 ms a page for a person in 700
    // of 100,000. A link's time is its article's, so the order and the cursors are the same.
    private const string PersonsLinksUpToNow = """
        ap.person_id = (select p.id from persons p where p.id = @PersonId or p.slug = @PersonSlug) and ap.published_at <= @Now
        """;

    private static string ListSql(ArticleFilter filter, Audience audience, bool afterCursor)
    {
        if (filter.Person is not null && audience != Audience.Preview)
            return PersonListSql(filter, audience, afterCursor);
        var sortKey = audience == Audience.Preview ? PreviewSortKey : "a.published_at";
        var conditions = new List<string> { VisibleTo(audience) };
        if (filter.Person is not null)
            conditions.Add(MentionsPerson);
        conditions.AddRange(OtherConditions(filter));
        if (afterCursor)
            conditions.Add($"({sortKey}, a.id) < (@CursorSortKey, @CursorId)");
        return $"""
            select {SummaryColumns}, {sortKey} as SortKey
            from articles a
            where {string.Join(" and ", conditions)}
            order by {sortKey} desc, a.id desc
            limit @Take
            """;
    }

    private static string PersonListSql(ArticleFilter filter, Audience audience, bool afterCursor)
    {
        var conditions = new List<string> { PersonsLinksUpToNow, VisibleTo(audience) };
        conditions.AddRange(OtherConditions(filter));
        if (afterCursor)
            conditions.Add("(ap.published_at, ap.article_id) < (@CursorSortKey, @CursorId)");
        return $"""
            select {SummaryColumns}, a.published_at as SortKey
            from article_persons ap
            join articles a on a.id = ap.article_id
            where {string.Join(" and ", conditions)}
            order by ap.published_at desc, ap.article_id desc
            limit @Take
            """;
    }

    private static IEnumerable<string> OtherConditions(ArticleFilter filter)
    {
        if (filter.SectionType is not null)
            yield return HasSectionType;
        if (filter.PublishedFrom is not null)
            yield return "a.published_at >= @PublishedFrom";
        if (filter.PublishedTo is not null)
            yield return "a.published_at < @PublishedTo";
        if (filter.Status is not null)
            yield return HasStatus;
    }

    /// <summary>Articles, newest first, as <paramref name="audience"/> may see them.</summary>
    public async Task<IReadOnlyList<ListedArticle>> ListAsync(ArticleFilter filter, Audience audience, ArticlePosition? after, int take, CancellationToken ct)
    {
        if (WalksPersonsLinks(filter, audience))
        {
            return await ReadAsync(audience == Audience.Public, async connection =>
            {
                await using var command = await PreparedListAsync(connection, ListSql(filter, audience, after is not null), filter, after, take, ct);
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await RowsAsync(reader, ct);
            }, ct);
        }
        return await ReadAsync(audience == Audience.Public, async connection => (await connection.QueryAsync<ListedArticle>(new CommandDefinition(
            ListSql(filter, audience, after is not null), ListParameters(filter, after, take), cancellationToken: ct))).AsList(), ct);
    }

    private static bool WalksPersonsLinks(ArticleFilter filter, Audience audience) => filter.Person is not null && audience != Audience.Preview;

    /// <summary>
    /// A person's articles (<see cref="PersonListSql"/>), prepared on each connection: planning the
    /// statement cost PostgreSQL more than running it (1.2 of 2.3 ms a page at 100,000 articles;
    /// pgbench, 2 clients, random persons: 920–2,000 pages/s unprepared, 4,070 prepared). A generic
    /// plan is no worse here: the person's id comes from a subquery, so no plan knows the person,
    /// and every plan walks that person's links from the newest.
    /// </summary>
    private async Task<NpgsqlCommand> PreparedListAsync(NpgsqlConnection connection, string sql, ArticleFilter filter, ArticlePosition? after, int take,
        CancellationToken ct)
    {
        var command = new NpgsqlCommand(sql, connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<DateTime>("Now", Now));
        parameters.Add(new NpgsqlParameter<int>("Take", take));
        parameters.Add(TypedParameters.Nullable("CursorSortKey", NpgsqlDbType.TimestampTz, after?.SortKey));
        parameters.Add(TypedParameters.Nullable("CursorId", NpgsqlDbType.Uuid, after?.Id));
        parameters.Add(TypedParameters.Nullable("PersonId", NpgsqlDbType.Uuid, filter.Person?.Id));
        parameters.Add(TypedParameters.Nullable("PersonSlug", NpgsqlDbType.Text, filter.Person?.Slug));
        parameters.Add(TypedParameters.Nullable("SectionType", NpgsqlDbType.Text, filter.SectionType));
        parameters.Add(TypedParameters.Nullable("PublishedFrom", NpgsqlDbType.TimestampTz, filter.PublishedFrom));
        parameters.Add(TypedParameters.Nullable("PublishedTo", NpgsqlDbType.TimestampTz, filter.PublishedTo));
        parameters.Add(TypedParameters.Nullable("Status", NpgsqlDbType.Text, filter.Status?.Name()));
        await command.PrepareAsync(ct);
        return command;
    }

    private static async Task<List<ListedArticle>> RowsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var toRow = reader.GetRowParser<ListedArticle>();
        var rows = new List<ListedArticle>();
        while (await reader.ReadAsync(ct))
            rows.Add(toRow(reader));
        return rows;
    }

    private object ListParameters(ArticleFilter filter, ArticlePosition? after, int take) => new
    {
        Now, Take = take, CursorSortKey = after?.SortKey, CursorId = after?.Id,
        PersonId = filter.Person?.Id, PersonSlug = filter.Person?.Slug, filter.SectionType,
        filter.PublishedFrom, filter.PublishedTo, Status = filter.Status?.Name(),
    };

    // The person's id comes back on its own first, so "no such person" (404) differs from
    // "mentioned nowhere yet" (an empty page), still in one round trip; the list itself is the
    // article list filtered by person.
    private const string PersonIdSql = "select p.id from persons p where p.id = @PersonId or p.slug = @PersonSlug;";

    /// <returns>The person's id and the page as <paramref name="audience"/> may see it; null when there is no such person.</returns>
    public async Task<(Guid PersonId, IReadOnlyList<ListedArticle> Rows)?> ListMentioningAsync(IdOrSlug person, Audience audience, ArticlePosition? after,
        int take, CancellationToken ct)
    {
        var filter = ArticleFilter.None with { Person = person };
        if (WalksPersonsLinks(filter, audience))
        {
            return await ReadAsync<(Guid, IReadOnlyList<ListedArticle>)?>(audience == Audience.Public, async connection =>
            {
                await using var command = await PreparedListAsync(connection, PersonIdSql + ListSql(filter, audience, after is not null), filter, after,
                    take, ct);
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct))
                    return null;
                var personId = reader.GetGuid(0);
                await reader.NextResultAsync(ct);
                return (personId, await RowsAsync(reader, ct));
            }, ct);
        }
        return await ReadAsync<(Guid, IReadOnlyList<ListedArticle>)?>(audience == Audience.Public, async connection =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                PersonIdSql + ListSql(filter, audience, after is not null), ListParameters(filter, after, take), cancellationToken: ct));
            if (await results.ReadSingleOrDefaultAsync<Guid?>() is not { } personId)
                return null;
            return (personId, (await results.ReadAsync<ListedArticle>()).AsList());
        }, ct);
    }

    // The article's id first, so a missing article (404) differs from a filter that matches no section (an empty list).
    private static string OfArticleSql(string articles) => $"""
        select a.id from articles a where {articles};

        select {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {articles} and (@Type::text is null or s.type = @Type)
        order by s.position;
        """;

    private static readonly SqlPerAudience OfArticleSqlFor = new(audience => OfArticleSql($"{Lookup} and {VisibleTo(audience)}"));

    /// <returns>The article's id and its sections; null when there is no such article for this audience.</returns>
    public async Task<(Guid ArticleId, IReadOnlyList<Section> Sections)?> ListSectionsAsync(IdOrSlug article, string? type, Audience audience, CancellationToken ct)
    {
        return await ReadAsync<(Guid, IReadOnlyList<Section>)?>(audience == Audience.Public, async connection =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                OfArticleSqlFor[audience], new { article.Id, article.Slug, Type = type, Now }, cancellationToken: ct));
            if (await results.ReadSingleOrDefaultAsync<Guid?>() is not { } id)
                return null;
            return (id, (await results.ReadAsync<SectionRow>()).Select(r => r.ToSection()).ToList());
        }, ct);
    }

    private static string OneSql(string articles) => $"""
        select a.id from articles a where {articles};

        select {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {articles} and s.id = @SectionId;
        """;

    private static readonly SqlPerAudience OneSqlFor = new(audience => OneSql($"{Lookup} and {VisibleTo(audience)}"));

    /// <returns>The article's id (null when there is no such article for this audience) and the section, if it has it.</returns>
    public async Task<(Guid? ArticleId, Section? Section)> FindSectionAsync(IdOrSlug article, Guid sectionId, Audience audience, CancellationToken ct)
    {
        return await ReadAsync<(Guid?, Section?)>(audience == Audience.Public, async connection =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                OneSqlFor[audience], new { article.Id, article.Slug, SectionId = sectionId, Now }, cancellationToken: ct));
            if (await results.ReadSingleOrDefaultAsync<Guid?>() is not { } id)
                return (null, null);
            return (id, (await results.ReadSingleOrDefaultAsync<SectionRow>())?.ToSection());
        }, ct);
    }

    // Newest article first, sections in article order; the cursor holds the last row's
    // (published_at, article id, position).
    private static string AcrossSql(string published) => $"""
        select a.id as ArticleId, a.slug as ArticleSlug, a.title as ArticleTitle, a.published_at as PublishedAt,
               {SectionRow.Columns}
        from articles a join sections s on s.article_id = a.id
        where {published} and (@Type::text is null or s.type = @Type)
        """;

    private const string AcrossOrder = "order by a.published_at desc, a.id desc, s.position limit @Take";

    private const string AcrossAfter = """
        and (a.published_at < @CursorPublishedAt
             or (a.published_at = @CursorPublishedAt and a.id < @CursorId)
             or (a.published_at = @CursorPublishedAt and a.id = @CursorId and s.position > @CursorPosition))
        """;

    private static readonly SqlPerAudience AcrossFirstSql = new(audience => $"{AcrossSql(PublishedFor(audience))} {AcrossOrder}");
    private static readonly SqlPerAudience AcrossAfterSql = new(audience => $"{AcrossSql(PublishedFor(audience))} {AcrossAfter} {AcrossOrder}");

    public async Task<IReadOnlyList<(SectionInArticle Item, SectionPosition Position)>> ListSectionsAcrossAsync(
        string? type, Audience audience, SectionPosition? after, int take, CancellationToken ct)
    {
        var rows = await ReadAsync(audience == Audience.Public, connection => connection.QueryAsync<AcrossRow>(new CommandDefinition(
            after is null ? AcrossFirstSql[audience] : AcrossAfterSql[audience],
            new
            {
                Type = type, Now, Take = take,
                CursorPublishedAt = after?.PublishedAt, CursorId = after?.ArticleId, CursorPosition = after?.Position,
            },
            cancellationToken: ct)), ct);
        return rows.Select(r =>
        {
            var section = SectionKinds.FromStored(r.Type, r.Document);
            return (new SectionInArticle(new ArticleReference(r.ArticleId, r.ArticleSlug, r.ArticleTitle), section),
                new SectionPosition(r.PublishedAt, r.ArticleId, section.Position));
        }).ToList();
    }

    private sealed record AcrossRow(Guid ArticleId, string ArticleSlug, string ArticleTitle, DateTime PublishedAt, string Type, string Document);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>A list row: the summary and the value the list is ordered by.</summary>
public sealed record ListedArticle : ArticleSummary
{
    public DateTime SortKey { get; init; }

    public ArticlePosition Position => new(SortKey, Id);
}
