using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Search;

/// <summary>
/// German full-text search over published articles: title (weight A), teaser (B), sections and
/// OZD-Extras (C), with the german configuration's stemming. Title matches come first, then
/// rank, then the newest.
/// </summary>
/// <remarks>
/// Ranking reads every candidate's whole search vector, so it is bounded: the
/// <see cref="Candidates"/> newest matching articles are ranked, however many match. A word in
/// every article costs the same as a word in a thousand (the planner walks the publication-time
/// index for common words and the full-text index for rare ones).
/// </remarks>
public sealed class SearchStore(NpgsqlDataSource db, TimeProvider clock)
{
    public const int Candidates = 1000;

    // First rank the candidates and cut the page (cheap columns only), then find each hit's first
    // matching section and its snippet for the rows on the page alone.
    private const string SearchSql = $"""
        with query as (
            select websearch_to_tsquery('german', @Query) || websearch_to_tsquery('german', @QueryWithUmlauts) as q
        ),
        candidates as (
            select a.id, a.published_at, a.title, a.search_vector
            from articles a, query
            where {Visible} and a.search_vector @@ query.q
            order by a.published_at desc, a.id desc
            limit @Candidates
        ),
        ranked as (
            select c.id, c.published_at, (to_tsvector('german', c.title) @@ query.q) as title_match,
                   ts_rank_cd(c.search_vector, query.q)::float8 as rank
            from candidates c, query
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
               ts_headline('german',
                   case when section.id is null then concat_ws(' – ', a.title, a.teaser) else section_search_text(section.body) end,
                   query.q, @HeadlineOptions) as Snippet
        from page
        join articles a on a.id = page.id
        cross join query
        left join lateral (
            select s.id, s.type, s.body from sections s
            where s.article_id = a.id and s.search_vector @@ query.q
            order by s.position limit 1
        ) section on true
        order by page.title_match desc, page.rank desc, page.published_at desc, page.id desc
        """;

    public async Task<IReadOnlyList<(SearchHit Hit, SearchCursor Position)>> SearchAsync(string query, SearchCursor? after, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SearchSql, new
        {
            Query = query, QueryWithUmlauts = SearchQuery.WithUmlauts(query), SearchQuery.HeadlineOptions,
            Now = clock.GetUtcNow().UtcDateTime, Take = take, Candidates,
            CursorTitleMatch = after?.TitleMatch, CursorRank = after?.Rank, CursorPublishedAt = after?.PublishedAt, CursorId = after?.Id,
        }, cancellationToken: ct));
        return rows.Select(r => (r.ToHit(), new SearchCursor(r.TitleMatch, r.Rank, r.PublishedAt!.Value, r.Id))).ToList();
    }

    private sealed record Row : ArticleSummary
    {
        public bool TitleMatch { get; init; }
        public double Rank { get; init; }
        public string? SectionType { get; init; }
        public Guid? SectionId { get; init; }
        public string Snippet { get; init; } = "";

        public SearchHit ToHit() => new()
        {
            Article = new ArticleSummary
            {
                Id = Id, Slug = Slug, Title = Title, Teaser = Teaser, Language = Language, Status = Status,
                PublishedAt = PublishedAt, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
                Source = Source, ImageCredit = ImageCredit,
            },
            SectionType = SectionType,
            SectionId = SectionId,
            Snippet = SearchQuery.Finish(Snippet),
        };
    }
}

/// <summary>Keyset position in a result list: (title match, rank, publication time, id) of the last hit.</summary>
public readonly record struct SearchCursor(bool TitleMatch, double Rank, DateTime PublishedAt, Guid Id)
{
    private const byte Kind = (byte)'s';
    private const int Length = 1 + 1 + 8 + 8 + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Kind;
        bytes[1] = TitleMatch ? (byte)1 : (byte)0;
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(bytes[2..], Rank);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[10..], PublishedAt.Ticks);
        Id.TryWriteBytes(bytes[18..], bigEndian: true, out _);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    public static SearchCursor? Parse(string? text, Platform.Http.RequestErrors errors)
    {
        if (text is null)
            return null;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (text.Length <= 64 && System.Buffers.Text.Base64Url.IsValid(text, out var length) && length == Length
            && System.Buffers.Text.Base64Url.TryDecodeFromChars(text, bytes, out _) && bytes[0] == Kind && bytes[1] <= 1)
        {
            var rank = System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(bytes[2..]);
            var ticks = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes[10..]);
            if (double.IsFinite(rank) && ticks is >= 0 and <= 3155378975999999999)
                return new SearchCursor(bytes[1] == 1, rank, new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[18..34], bigEndian: true));
        }
        errors.Add("cursor", Platform.Paging.PublishedCursor.InvalidMessage);
        return null;
    }
}
