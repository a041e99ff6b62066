using OzdContentApi.Articles;
using OzdContentApi.Formats;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Feeds;

/// <summary>
/// One page of a feed: the newest published articles that pass the filters, as their stored
/// bytes, and where the next page starts. Never drafts; embargoed articles only for a key with the
/// syndication or preview scope (whose answers no cache keeps for others).
/// </summary>
/// <param name="Address">The feed's own URL without paging (its atom:id), the filters in a fixed order.</param>
/// <param name="Self">This page's URL.</param>
/// <param name="First">The first page's URL (RFC 5005).</param>
/// <param name="Next">The next page's URL, while there is one.</param>
public sealed record FeedPage(string Api, string Address, string Self, string First, string? Next, IReadOnlyList<StoredArticle> Articles)
{
    /// <summary>Everything the feed's bytes depend on: the page's URL and the tags of its articles.</summary>
    public string CacheKey(string format) => $"{format} {Self} {string.Join(',', Articles.Select(a => a.ETag))}";

    public SurrogateKeys Keys => SurrogateKeys.ForArticles(Articles.Select(a => a.Id), Articles.SelectMany(a => a.PersonIds));

    public IEnumerable<Article> ReadArticles() => Articles.Select(a => FormatCache.Read(a.ToRepresentation()));

    /// <summary>
    /// A page ends after <c>limit</c> articles or once this much of their JSON is on it, whichever
    /// comes first (but never before its first article): rel="next" goes on from there. A feed of
    /// very long articles is paged instead of built tens of megabytes at a time.
    /// </summary>
    public const int ContentBudget = 1024 * 1024;

    public static async Task<FeedPage> ReadAsync(HttpRequest request, string path, ArticleFilter filter, ListScope scope, int take, ArticlePosition? after,
        ArticleQueries queries, CancellationToken ct)
    {
        // A preview key's list would hold drafts, which have no place in a feed: it reads what partners read.
        var audience = PublishedArticles.AudienceOf(request.HttpContext.User) == Audience.Public ? Audience.Public : Audience.Syndication;
        var rows = await queries.ListAsync(filter, audience, after, take + 1, ct);
        var page = WithinBudget(rows.Take(take).ToList(), await queries.SizesAsync(rows.Select(r => r.Id).ToList(), ct));
        var more = rows.Count > page.Count;
        var stored = await queries.FindPublishedAsync(page.Select(r => r.Id).ToList(), audience, ct);

        var api = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var filters = new List<KeyValuePair<string, string?>>();
        if (filter.Person is { } person)
            filters.Add(new("person", person.ToString()));
        if (filter.SectionType is { } type)
            filters.Add(new("sectionType", type));
        var address = $"{api}{path}{QueryString.Create(filters)}";
        var withLimit = request.Query.ContainsKey("limit") ? filters.Append(new("limit", take.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList() : filters;
        string Url(IEnumerable<KeyValuePair<string, string?>> query) => $"{api}{path}{QueryString.Create(query)}";

        var first = Url(withLimit);
        var self = after is null ? first : Url(withLimit.Append(new("cursor", Cursor.Encode(after.Value, scope))));
        var next = more && page.Count > 0 ? Url(withLimit.Append(new("cursor", Cursor.Encode(page[^1].Position, scope)))) : null;
        return new FeedPage(api, address, self, first, next, stored);
    }

    private static List<ListedArticle> WithinBudget(List<ListedArticle> rows, IReadOnlyDictionary<Guid, int> sizes)
    {
        var bytes = 0L;
        for (var i = 0; i < rows.Count; i++)
        {
            bytes += sizes.GetValueOrDefault(rows[i].Id);
            if (i > 0 && bytes > ContentBudget)
                return rows[..i];
        }
        return rows;
    }
}
