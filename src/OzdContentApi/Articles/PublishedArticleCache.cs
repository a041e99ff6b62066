using Microsoft.Extensions.Caching.Memory;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles;

/// <summary>
/// The JSON of published articles, kept in memory. An entry checked against the small
/// freshness query (version, status, persons' changes) within the delivery window
/// (Caching:DeliverySeconds, one second) is used as it is; after that the query decides whether
/// the body must be read again. So a conditional GET of an unchanged article costs at most that
/// one cheap query, and usually nothing. Writes on this instance empty the cache at once; other
/// instances follow within the window.
/// </summary>
public sealed class PublishedArticleCache(ArticleStore store, IConfiguration configuration, TimeProvider clock) : IDeliveryCachePart
{
    private readonly TimeSpan _window = DeliveryCache.Window(configuration);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = configuration.GetValue("Caching:PublishedArticles", 10_000),
    });

    private sealed record Entry(ArticleFreshness Freshness, Representation Representation, DateTimeOffset CheckedAt);

    // Clear, never dispose: requests in flight keep using the cache.
    public void Clear() => _cache.Clear();

    /// <returns>null when no published article has that id or slug.</returns>
    public async Task<Representation?> GetAsync(IdOrSlug key, CancellationToken ct)
    {
        var cache = _cache;
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out Entry? recent) && now - recent!.CheckedAt < _window)
            return recent.Representation;

        if (await store.FreshnessAsync(key, ct) is not { } freshness)
            return null;
        if (cache.TryGetValue(freshness.Id, out Entry? entry) && entry!.Freshness == freshness)
        {
            Remember(cache, key, entry with { CheckedAt = now });
            return entry.Representation;
        }

        if (await store.FindPublishedAsync(new IdOrSlug(freshness.Id, null), ct) is not { } article)
            return null;
        var representation = Representation.Of(article, freshness.ChangedAt);
        // Between the two reads the article may have changed again; then it is not cached
        // under the older freshness, and the next request reads it anew.
        if (article.Version == freshness.Version)
            Remember(cache, key, new Entry(freshness, representation, now));
        return representation;
    }

    // Under its id for the freshness comparison, and under the id or slug it was asked by.
    private static void Remember(MemoryCache cache, IdOrSlug key, Entry entry)
    {
        var options = new MemoryCacheEntryOptions { Size = 1 };
        cache.Set(entry.Freshness.Id, entry, options);
        cache.Set(key, entry, options);
    }
}
