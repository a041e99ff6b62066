using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;
using Dapper;
using Npgsql;
using NpgsqlTypes;
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
/// is turned into a tsquery first (<see cref="QueryReadings"/>) and handed to the search as a value, so the planner sees it:
/// it walks the publication-time index for a word in every article (stopping after the
/// candidates) and the full-text index for a rare one. Snippets are cut from the first matching
/// section by <see cref="Snippets"/>, which costs microseconds where ts_headline cost milliseconds.
/// <para>
/// Planning that choice cost PostgreSQL about as much as the search itself. A query the word
/// statistics say most articles match (<see cref="LexemeShares"/>, <see cref="WalkFrom"/>) is
/// therefore sent as a prepared statement that can only walk the publication index: planned once
/// per connection, not per search (pgbench on this machine, 8 and 32 clients: 910–965 → 1,470–1,510
/// such searches a second). Every other query is planned each time, as before. Both statements
/// give the same hits; they differ in the one word that lets the full-text index be used or not.
/// </para>
/// </remarks>
public sealed class SearchStore(ReplicaReads reads, QueryReadings readings, LexemeShares lexemeShares, TimeProvider clock, IConfiguration configuration)
{
    public const int Candidates = 100;

    /// <summary>
    /// The searches this instance has at the database at once (Search:Concurrency, default twice
    /// its processor count); more wait their turn, first come first served. Other requests keep
    /// their connections however many people search, and the slowest searches wait less when the
    /// database works through a few at a time than when dozens share its cores: 32 broad searches
    /// at once had a p99 of 66–71 ms with 4 at the database against 83–124 ms with all 32
    /// (similar throughput, this machine).
    /// </summary>
    internal SemaphoreSlim Turns { get; } = new(Settings.Count(configuration, "Search:Concurrency", 2 * Environment.ProcessorCount));

    /// <summary>
    /// From this estimated share of matching articles on, the walk is the plan: the candidates are
    /// among the first Candidates / share rows of the publication index (400 at 25 %), where the
    /// planner would take that walk too. Below it the planner chooses.
    /// </summary>
    public const double WalkFrom = 0.25;

    // Rank the candidates and cut the page (cheap columns only), then find each hit's first
    // matching section, for the rows on the page alone. ts_match_vq is what @@ calls, but the
    // planner does not take a function call to an index: the walking statement's candidates can
    // only come from the publication index, whatever the plan is prepared for. The number of
    // candidates is written into the text: as a parameter, PostgreSQL's generic plan would
    // expect a tenth of the table from it, cost the walk ten times higher and plan every call.
    // In a generic plan a parameter's cast to tsquery is not folded: PostgreSQL parsed the query
    // text again for every row it was compared with (~400 times a search, an eighth of its CPU),
    // so the walking statement casts each query once, in a subquery.
    // The walk unpacks each article's compressed search vector once: matching, the title check and
    // ranking unpacked it once each. setweight with no lexemes is a plain copy, and OFFSET 0 keeps
    // PostgreSQL from folding the lateral subquery back into the three calls (pgbench, one
    // client, a broad search: 0.79-1.05 -> 0.71-0.82 ms). Not for the indexed plan: there the
    // copy would be made for every match before the newest are picked.
    private const string Unpacked = "cross join lateral (select setweight(a.search_vector, 'A', '{}') as search_vector offset 0) unpacked";

    private static string SearchSql(string published, SearchPlan plan)
    {
        var walk = plan == SearchPlan.Walk;
        string Cast(string parameter) => walk ? $"(select @{parameter}::tsquery)" : $"@{parameter}::tsquery";
        var query = Cast("Tsquery");
        var titleQuery = Cast("TitleTsquery");
        return $"""
        with candidates as (
            select a.id, a.published_at, {(walk ? "unpacked" : "a")}.search_vector
            from articles a {(walk ? Unpacked : "")}
            where {published} and {(walk ? $"ts_match_vq(unpacked.search_vector, {query})" : $"a.search_vector @@ {query}")}
            order by a.published_at desc, a.id desc
            limit {Candidates}
        ),
        ranked as (
            select c.id, c.published_at, (c.search_vector @@ {titleQuery}) as title_match,
                   ts_rank_cd(c.search_vector, {query})::float8 as rank
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
            where s.article_id = a.id and s.search_vector @@ {query}
            order by s.position limit 1
        ) section on true
        order by page.title_match desc, page.rank desc, page.published_at desc, page.id desc
        """;
    }

    private static readonly SqlPerAudience IndexedSql = new(audience => SearchSql(PublishedFor(audience), SearchPlan.Indexed));
    private static readonly SqlPerAudience WalkingSql = new(audience => SearchSql(PublishedFor(audience), SearchPlan.Walk));

    /// <param name="audience">The public finds what is visible; partners and editors embargoed articles too.</param>
    public async Task<IReadOnlyList<(SearchHit Hit, SearchPosition Position)>> SearchAsync(string query, SearchPosition? after, int take,
        Audience audience, CancellationToken ct) =>
        await SearchAsync(query, after, take, audience, plan: null, ct);

    /// <param name="plan">Null: chosen by the word statistics; tests name one to compare the two.</param>
    internal async Task<IReadOnlyList<(SearchHit Hit, SearchPosition Position)>> SearchAsync(string query, SearchPosition? after, int take,
        Audience audience, SearchPlan? plan, CancellationToken ct)
    {
        await Turns.WaitAsync(ct);
        try
        {
            return await reads.ReadAsync(connection => SearchAsync(connection, query, after, take, audience, plan, ct), ct, audience == Audience.Public);
        }
        finally
        {
            Turns.Release();
        }
    }

    private async Task<IReadOnlyList<(SearchHit Hit, SearchPosition Position)>> SearchAsync(NpgsqlConnection connection, string query,
        SearchPosition? after, int take, Audience audience, SearchPlan? plan, CancellationToken ct)
    {
        var parsed = await readings.ReadAsync(connection, query, ct);
        // Only stop words: nothing to find.
        if (parsed.Tsquery.Length == 0 || parsed.Lexemes.Length == 0)
            return [];
        plan ??= PlanFor(parsed.Tsquery);
        await using var command = new NpgsqlCommand(plan == SearchPlan.Walk ? WalkingSql[audience] : IndexedSql[audience], connection);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<string>("Tsquery", parsed.Tsquery));
        parameters.Add(new NpgsqlParameter<string>("TitleTsquery", parsed.TitleTsquery));
        parameters.Add(new NpgsqlParameter<DateTime>("Now", clock.GetUtcNow().UtcDateTime));
        parameters.Add(new NpgsqlParameter<int>("Take", take));
        parameters.Add(TypedParameters.Nullable("CursorTitleMatch", NpgsqlDbType.Boolean, after?.TitleMatch));
        parameters.Add(TypedParameters.Nullable("CursorRank", NpgsqlDbType.Double, after?.Rank));
        parameters.Add(TypedParameters.Nullable("CursorPublishedAt", NpgsqlDbType.TimestampTz, after?.PublishedAt));
        parameters.Add(TypedParameters.Nullable("CursorId", NpgsqlDbType.Uuid, after?.Id));
        if (plan == SearchPlan.Walk)
            await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var toRow = reader.GetRowParser<Row>();
        var marks = Snippets.Marking(parsed.Lexemes);
        var hits = new List<(SearchHit Hit, SearchPosition Position)>(take);
        while (await reader.ReadAsync(ct))
        {
            var row = toRow(reader);
            hits.Add((row.ToHit(marks), new SearchPosition(row.TitleMatch, row.Rank, row.PublishedAt!.Value, row.Id)));
        }
        return hits;
    }

    internal SearchPlan PlanFor(string tsquery) => lexemeShares.ShareMatching(tsquery) >= WalkFrom ? SearchPlan.Walk : SearchPlan.Indexed;

    private sealed record Row : ArticleSummary
    {
        public bool TitleMatch { get; init; }
        public double Rank { get; init; }
        public string? SectionType { get; init; }
        public Guid? SectionId { get; init; }
        public byte[]? SectionBody { get; init; }

        public SearchHit ToHit(Snippets.Marks marks) => new()
        {
            Article = new ArticleSummary
            {
                Id = Id, Slug = Slug, Title = Title, Teaser = Teaser, Language = Language, Status = Status,
                PublishedAt = PublishedAt, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
                Source = Source, ImageCredit = ImageCredit,
            },
            SectionType = SectionType,
            SectionId = SectionId,
            Snippet = SectionBody is null ? Snippets.Cut([Title, Teaser ?? ""], marks) : Snippets.Cut(SectionBody, marks),
        };
    }
}

/// <summary>How a search finds its candidates: through the full-text index when the planner says so, or by walking the publication index.</summary>
internal enum SearchPlan { Indexed, Walk }

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
