using Microsoft.Extensions.Caching.Memory;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles;

/// <summary>
/// The JSON of published articles, kept in memory and checked on every request against a
/// small freshness query (version, status, persons' changes) instead of reading the body
/// again. A conditional GET of an unchanged article costs that one cheap query. Each instance
/// keeps its own cache; the freshness check makes any instance exact.
/// </summary>
public sealed class PublishedArticleCache(ArticleStore store, IConfiguration configuration)
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = configuration.GetValue("Caching:PublishedArticles", 10_000),
    });

    private sealed record Entry(ArticleFreshness Freshness, Representation Representation);

    /// <returns>null when no published article has that id or slug.</returns>
    public async Task<Representation?> GetAsync(IdOrSlug key, CancellationToken ct)
    {
        if (await store.FreshnessAsync(key, ct) is not { } freshness)
            return null;
        if (_cache.TryGetValue(freshness.Id, out Entry? entry) && entry!.Freshness == freshness)
            return entry.Representation;

        if (await store.FindPublishedAsync(new IdOrSlug(freshness.Id, null), ct) is not { } article)
            return null;
        var representation = Representation.Of(article, freshness.ChangedAt);
        // Between the two reads the article may have changed again; then it is not cached
        // under the older freshness, and the next request reads it anew.
        if (article.Version == freshness.Version)
            _cache.Set(freshness.Id, new Entry(freshness, representation), new MemoryCacheEntryOptions { Size = 1 });
        return representation;
    }
}
