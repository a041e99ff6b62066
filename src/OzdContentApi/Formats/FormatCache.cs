using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.Extensions.Caching.Memory;
using OzdContentApi.Platform;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Formats;

/// <summary>
/// Formats built from an article's stored bytes, kept by the ETag of those bytes: an article that
/// changes has new bytes and so new entries, and the old ones age out; nothing needs evicting.
/// Kept gzip-compressed in files of the cache's own (see <see cref="CacheFiles"/>: the page cache
/// holds them, not the service's heap), bounded by <c>Caching:FormatBytes</c> (256 MiB by default:
/// the JSON-LD of about 100,000 articles like the sample; 0 turns it off); in memory an entry is
/// its key and where its bytes are.
/// </summary>
public sealed class FormatCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly CacheFiles? _files;

    // The most read also unpacked, like the articles' JSON (see ArticleCache).
    private readonly MemoryCache _hot;

    public FormatCache(IConfiguration configuration)
    {
        var budget = Settings.Bytes(configuration, "Caching:FormatBytes", 256L * 1024 * 1024);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, budget) });
        // 0: every format is built when asked for, and no file is made.
        _files = budget > 0 ? new CacheFiles(configuration, "format-cache", budget) : null;
        _hot = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = Math.Max(1, Settings.Bytes(configuration, "Caching:HotFormatBytes", 16L * 1024 * 1024)), CompactionPercentage = 0.2,
        });
    }

    private sealed record Kept(FiledBytes Gzip, string MediaType, DateTime? LastModified, string ETag, SurrogateKeys? Keys)
    {
        public ReadFrequency Reads;
    }

    // JSON-LD is put into the page in a script element: "<", ">", "&" and "'" are escaped (\u003C),
    // so text reading "</script>" cannot end it. Every other character, German text included,
    // stays as written.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

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
        if (_hot.TryGetValue(key, out Representation? hot) && hot is not null)
            return hot;
        if (_cache.TryGetValue(key, out Kept? cached) && cached is not null && cached.Gzip.Read() is { } gzip)
        {
            var packed = Representation.OfGzip(gzip, cached.LastModified, cached.ETag, cached.Keys, cached.MediaType);
            // Read often enough: an unpacked copy (see ReadFrequency and ArticleCache.Find).
            if (!cached.Reads.CountRead())
                return packed;
            var unpacked = Representation.OfBytes(packed.Json, packed.MediaType, packed.LastModified, packed.Keys);
            _hot.Set(key, unpacked, new MemoryCacheEntryOptions { Size = unpacked.Json.Length + key.Length + 256, SlidingExpiration = TimeSpan.FromHours(1) });
            return unpacked;
        }
        // Requests for the same missing format at the same moment wait for one build (after a
        // change, every reader of a popular article asks at once).
        var mine = new Lazy<Representation>(() => BuildAndKeep(key, build));
        var building = _building.GetOrAdd(key, mine);
        try
        {
            return building.Value;
        }
        finally
        {
            if (building == mine)
                _building.TryRemove(KeyValuePair.Create(key, mine));
        }
    }

    private readonly ConcurrentDictionary<string, Lazy<Representation>> _building = new(StringComparer.Ordinal);

    private Representation BuildAndKeep(string key, Func<Representation> build)
    {
        var built = build();
        // Kept gzip-compressed like the articles' JSON (gzip clients get it as it is).
        if (_files?.Append(built.Encoded("gzip")) is { } filed)
        {
            var kept = new Kept(filed, built.MediaType, built.LastModified, built.ETag, built.Keys);
            _cache.Set(key, kept, new MemoryCacheEntryOptions
            {
                Size = filed.Length + 2 * (key.Length + built.ETag.Length) + (built.Keys?.ByteSize ?? 0) + 300,
                SlidingExpiration = TimeSpan.FromHours(1),
            });
        }
        return built;
    }

    /// <summary>The article the stored bytes hold.</summary>
    public static Article Read(Representation article) => JsonSerializer.Deserialize<Article>(article.Json, ContentJson.Options)!;

    public void Dispose()
    {
        _cache.Dispose();
        _hot.Dispose();
        _files?.Dispose();
    }
}
