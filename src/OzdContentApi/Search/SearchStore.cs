using System.Collections.Concurrent;
using OzdContentApi.Platform.Database;
using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Paging;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Search;

/// <summary>
/// German full-text search over published articles: title (weight A), teaser (B), sections and
/// OZD-Extras (C), with the german configuration's stemming. Title matches come first, then
/// rank, then the newest.
/// </summary>
/// <remarks>
/// Ranking reads every candidate's whole search vector, so it is bounded: the
/// <see cref="Candidates"/> newest matching articles are ranked, however many match. The query
/// is turned into a tsquery first and handed to the search as a value, so the planner sees it:
/// it walks the publication-time index for a word in every article (stopping after the
/// candidates) and the full-text index for a rare one. Snippets are cut from the first matching
/// section by <see cref="Snippets"/>, which costs microseconds where ts_headline cost milliseconds.
/// </remarks>
public sealed class SearchStore(ReplicaReads reads, TimeProvider clock)
{
    public const int Candidates = 100;

    // The title's words carry weight A in an article's search vector (migration 0010), so "the
    // query matches the title" is the query with every lexeme restricted to A ('kreml':A), checked
    // against the vector the search reads anyway instead of stemming every candidate's title again.
    private const string QuerySql = """
        with typed as (select composed(@Query) as query, composed(@QueryWithUmlauts) as with_umlauts),
        q as (select websearch_to_tsquery('german', typed.query) || websearch_to_tsquery('german', typed.with_umlauts) as tsquery from typed)
        select q.tsquery::text as Tsquery,
               regexp_replace(q.tsquery::text, '(''(?:[^'']|'''')*'')', '\1:A', 'g') as TitleTsquery,
               tsvector_to_array(to_tsvector('german', typed.query) || to_tsvector('german', typed.with_umlauts)) as Lexemes
        from q, typed
        """;

    // Rank the candidates and cut the page (cheap columns only), then find each hit's first
    // matching section, for the rows on the page alone.
    private static string SearchSql(string published) => $"""
        with candidates as (
            select a.id, a.published_at, a.search_vector
            from articles a
            where {published} and a.search_vector @@ @Tsquery::tsquery
            order by a.published_at desc, a.id desc
            limit @Candidates
        ),
        ranked as (
            select c.id, c.published_at, (c.search_vector @@ @TitleTsquery::tsquery) as title_match,
                   ts_rank_cd(c.search_vector, @Tsquery::tsquery)::float8 as rank
            from candidates c
        ),
        page as (
            select * from ranked
            where @CursorRank::float8 is null
               or (title_match, rank, published_at, id) < (@CursorTitleMatch, @CursorRank, @CursorPublishedAt, @CursorId)
            order by title_match desc, rank desc, published_at desc, id desc
            limit @Take
        )
        select a.id, a.slug, a.title, a.teaser, a.language, {Status} as status, a.published_at as PublishedAt,
               a.created_at as CreatedAt, a.updated_at as UpdatedAt, a.version, a.source, a.image_credit as ImageCredit,
               page.title_match as TitleMatch, page.rank as Rank, section.type as SectionType, section.id as SectionId,
               convert_to(section.body::text, 'UTF8') as SectionBody
        from page
        join articles a on a.id = page.id
        left join lateral (
            select s.id, s.type, s.body from sections s
            where s.article_id = a.id and s.search_vector @@ @Tsquery::tsquery
            order by s.position limit 1
        ) section on true
        order by page.title_match desc, page.rank desc, page.published_at desc, page.id desc
        """;

    private static readonly SqlPerAudience SearchSqlFor = new(audience => SearchSql(PublishedFor(audience)));

    /// <param name="audience">The public finds what is visible; partners and editors embargoed articles too.</param>
    public async Task<IReadOnlyList<(SearchHit Hit, SearchPosition Position)>> SearchAsync(string query, SearchPosition? after, int take,
        Audience audience, CancellationToken ct)
    {
        var sql = SearchSqlFor[audience];
        return await reads.ReadAsync(connection => SearchAsync(connection, sql, query, after, take, ct), ct, audience == Audience.Public);
    }

    private async Task<IReadOnlyList<(SearchHit Hit, SearchPosition Position)>> SearchAsync(NpgsqlConnection connection, string sql, string query,
        SearchPosition? after, int take, CancellationToken ct)
    {
        var parsed = await ParseAsync(connection, query, ct);
        // Only stop words: nothing to find.
        if (parsed.Tsquery.Length == 0 || parsed.Lexemes.Length == 0)
            return [];
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new
        {
            parsed.Tsquery, parsed.TitleTsquery, Now = clock.GetUtcNow().UtcDateTime, Take = take, Candidates,
            CursorTitleMatch = after?.TitleMatch, CursorRank = after?.Rank, CursorPublishedAt = after?.PublishedAt, CursorId = after?.Id,
        }, cancellationToken: ct));
        return rows.Select(r => (r.ToHit(parsed.Lexemes), new SearchPosition(r.TitleMatch, r.Rank, r.PublishedAt!.Value, r.Id))).ToList();
    }

    private sealed record ParsedQuery(string Tsquery, string TitleTsquery, string[] Lexemes);

    // What PostgreSQL makes of a query depends on its text alone (and the german configuration),
    // so it is asked once per query: a search is then one round trip. Bounded by emptying.
    private readonly ConcurrentDictionary<string, ParsedQuery> _parsed = new(StringComparer.Ordinal);
    private const int ParsedQueriesKept = 10_000;

    private async Task<ParsedQuery> ParseAsync(NpgsqlConnection connection, string query, CancellationToken ct)
    {
        if (_parsed.TryGetValue(query, out var known))
            return known;
        var parsed = await ParseInDatabaseAsync(connection, query, ct);
        if (_parsed.Count >= ParsedQueriesKept)
            _parsed.Clear();
        _parsed[query] = parsed;
        return parsed;
    }

    private static async Task<ParsedQuery> ParseInDatabaseAsync(NpgsqlConnection connection, string query, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(QuerySql, connection);
        command.Parameters.AddWithValue("Query", query);
        command.Parameters.AddWithValue("QueryWithUmlauts", SearchQuery.WithUmlauts(query));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ParsedQuery(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2));
    }

    private sealed record Row : ArticleSummary
    {
        public bool TitleMatch { get; init; }
        public double Rank { get; init; }
        public string? SectionType { get; init; }
        public Guid? SectionId { get; init; }
        public byte[]? SectionBody { get; init; }

        public SearchHit ToHit(IReadOnlyList<string> lexemes) => new()
        {
            Article = new ArticleSummary
            {
                Id = Id, Slug = Slug, Title = Title, Teaser = Teaser, Language = Language, Status = Status,
                PublishedAt = PublishedAt, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
                Source = Source, ImageCredit = ImageCredit,
            },
            SectionType = SectionType,
            SectionId = SectionId,
            Snippet = Snippets.Cut(SectionBody is null ? [Title, Teaser ?? ""] : Snippets.TextOf(SectionBody), lexemes),
        };
    }
}

/// <summary>Keyset position in a result list: (title match, rank, publication time, id) of the last hit.</summary>
public readonly record struct SearchPosition(bool TitleMatch, double Rank, DateTime PublishedAt, Guid Id) : ICursorPosition<SearchPosition>
{
    public static byte Kind => (byte)'s';

    public void Write(CursorWriter writer)
    {
        writer.Byte(TitleMatch ? (byte)1 : (byte)0);
        writer.Double(Rank);
        writer.Time(PublishedAt);
        writer.Guid(Id);
    }

    public static SearchPosition? TryRead(CursorReader reader) =>
        reader.Byte() is var titleMatch and <= 1 && reader.Double() is var rank && double.IsFinite(rank)
        && reader.Time() is { } publishedAt && reader.Guid() is var id && !reader.Failed
            ? new SearchPosition(titleMatch == 1, rank, publishedAt, id)
            : null;
}
