using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Formats;

/// <summary>
/// Formats built from an article's stored bytes, kept by the ETag of those bytes: an article that
/// changes has new bytes and so new entries, and the old ones age out; nothing needs evicting.
/// Bounded (<c>Caching:FormatBytes</c>, 96 MiB of gzip by default: the JSON-LD of about 30,000 articles).
/// </summary>
public sealed class FormatCache(IConfiguration configuration) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = configuration.GetValue<long?>("Caching:FormatBytes") ?? 96L * 1024 * 1024,
    });

    private static readonly JsonSerializerOptions Compact = new() { Encoder = ContentJson.Options.Encoder };

    /// <param name="api">The service's address as the client reached it (links in the format use it).</param>
    public Representation Get(string format, string mediaType, string api, Representation article, Func<Article, string, JsonNode> build) =>
        Get($"{format} {api} {article.ETag}", () =>
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(build(Read(article), api), Compact);
            return Representation.OfBytes(bytes, $"{mediaType}; charset=utf-8", article.LastModified, article.Keys);
        });

    /// <summary>
    /// What <paramref name="build"/> makes, kept under <paramref name="key"/>, which must name
    /// everything the bytes depend on (for a feed: its address and the tags of its articles).
    /// </summary>
    public Representation Get(string key, Func<Representation> build)
    {
        if (_cache.TryGetValue(key, out Representation? cached) && cached is not null)
            return cached;
        var built = build();
        // Kept gzip-compressed like the articles' JSON (a third of the memory; gzip clients get it as it is).
        var kept = Representation.OfGzip(built.Encoded("gzip"), built.LastModified, built.ETag, built.Keys, built.MediaType);
        _cache.Set(key, kept, new MemoryCacheEntryOptions { Size = kept.Encoded("gzip").Length + key.Length + 256, SlidingExpiration = TimeSpan.FromHours(1) });
        return built;
    }

    /// <summary>The article the stored bytes hold.</summary>
    public static Article Read(Representation article) => JsonSerializer.Deserialize<Article>(article.Json, ContentJson.Options)!;

    public void Dispose() => _cache.Dispose();
}
