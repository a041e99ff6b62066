using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.Extensions.Caching.Memory;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles;

/// <summary>
/// Published articles' stored bytes, gzip-compressed (about half their size) in a file of the
/// cache's own (<see cref="CacheFiles"/>: the page cache holds them, not the service's heap),
/// bounded by Caching:ArticleBytes (default 512 MiB, about 170,000 articles like the sample; 0
/// turns the cache off). In memory each entry keeps only where its bytes are, its tag and its CDN
/// keys, about 700 bytes. A hit costs no database work, a 304 neither. An entry leaves when
/// PostgreSQL announces a change of that article (every instance hears it), when this instance
/// changes it, and everything leaves when notifications may have been missed; while none can be
/// heard, the cache is not used at all. The bytes are filed unpacked too, in files of their own
/// (Caching:UnpackedArticleBytes, default 1 GiB): a client that sends no Accept-Encoding gets them with one
/// read into a pooled buffer, no decompression.
/// </summary>
/// <remarks>
/// A reader that fetched bytes before a change and stores them after the change was announced
/// would put the old version back; so each article's last eviction is remembered, and a fill that
/// started before it is not stored. The check and the store are one step under a lock that
/// evictions take too: an eviction between them would otherwise find nothing to remove and let
/// the old bytes in just after.
/// </remarks>
public sealed class ArticleCache : IDisposable
{
    private readonly MemoryCache? _entries;
    // The most read articles also unpacked (Caching:HotArticleBytes, 32 MiB): a client that takes
    // no gzip (or br) gets them without a decompression per request, br ones without a compression.
    private readonly MemoryCache? _hot;
    private readonly ConcurrentDictionary<string, Guid> _slugs = new(StringComparer.Ordinal);
    // Read and written under _gate only: a plain dictionary (a concurrent one takes all its locks to count).
    private readonly Dictionary<Guid, long> _evictedAt = new();
    private long _clock;
    // Fills that read at or before this are refused: everything was evicted then, or the
    // evictions before it were forgotten to bound memory.
    private long _refuseReadsUntil;
    private readonly Lock _gate = new();

    private readonly CacheFiles? _files;
    private readonly CacheFiles? _unpackedFiles;
    private readonly ContentChanges _changes;

    private sealed record Entry(Guid Id, string Slug, FiledBytes Gzip, string ETag, DateTime? ChangedAt, SurrogateKeys Keys)
    {
        public ReadFrequency Reads;

        // Not counted in the budget (the unpacked files have their own); null when they are off
        // or the bytes could not be filed. One whose file was replaced is filed again (Replace).
        public FiledBytes? Unpacked { get; init; }

        /// <summary>
        /// The budget counts the bytes in the file and what the entry holds in memory: its strings
        /// and the cache's own records (about 300 bytes).
        /// </summary>
        public long ByteSize => Gzip.Length + 48 + 2 * (Slug.Length + ETag.Length) + 2 * 24 + Keys.ByteSize + 300;
    }

    public ArticleCache(IConfiguration configuration, ContentChanges changes)
    {
        _changes = changes;
        var budget = Settings.Bytes(configuration, "Caching:ArticleBytes", 512L * 1024 * 1024);
        if (budget <= 0)
            return;
        _files = new CacheFiles(configuration, "article-cache", budget);
        var unpackedBudget = Settings.Bytes(configuration, "Caching:UnpackedArticleBytes", 1024L * 1024 * 1024);
        if (unpackedBudget > 0)
            _unpackedFiles = new CacheFiles(configuration, "article-cache-unpacked", unpackedBudget);
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = budget, CompactionPercentage = 0.1 });
        _hot = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = Math.Max(1, Settings.Bytes(configuration, "Caching:HotArticleBytes", 32L * 1024 * 1024)), CompactionPercentage = 0.2,
        });
        changes.Changed += batch => Evict(batch.Where(c => c.Kind == "article").Select(c => c.Id));
        changes.Lost += EvictEverything;
    }

    /// <summary>A point in time of this cache's own clock: take one before reading from the database.</summary>
    public long Now => Interlocked.Increment(ref _clock);

    /// <param name="unpacked">
    /// The client sent no Accept-Encoding: bytes not kept in memory come from the unpacked files, in
    /// a pooled buffer for this one response (see <see cref="Representation.OfPooled"/>).
    /// </param>
    public Representation? Find(IdOrSlug key, bool unpacked = false)
    {
        // While no connection listens for changes (the database was away, the listener not yet
        // back), another instance's write would go unheard: nothing is served from memory then.
        if (_entries is null || !_changes.Listening)
            return null;
        var id = key.Id ?? (_slugs.TryGetValue(key.Slug!, out var known) ? known : Guid.Empty);
        if (!_entries.TryGetValue(id, out Entry? entry) || entry is null || (key.Slug is not null && entry.Slug != key.Slug))
            return null;
        // Unpacked bytes are only ever used with the entry they were made from: an entry replaced or evicted since has another tag.
        if (_hot!.TryGetValue(id, out Representation? hot) && hot is not null && hot.ETag == entry.ETag)
            return hot;
        if (unpacked && entry.Unpacked is { } filed && ReadUnpacked(id, entry, filed) is { } plain)
            return plain;
        if (entry.Gzip.Read() is not { } gzip)
        {
            // Its file was replaced and closed since: read it again.
            _entries.Remove(id);
            return null;
        }
        var packed = Representation.OfGzip(gzip, entry.ChangedAt, entry.ETag, entry.Keys);
        // A copy refused while the memory was full, or let go of since, is made again once the
        // article is read that often again.
        var counted = entry.Reads.CountRead();
        // A client that sent no Accept-Encoding, and no unpacked copy on file (its file was replaced
        // since): one is filed again from these bytes.
        var refile = unpacked && _unpackedFiles is not null;
        if (!counted && !refile)
            return packed;
        var json = packed.Json;
        if (refile && _unpackedFiles!.Append(json) is var again && again != entry.Unpacked)
            Replace(entry, entry with { Unpacked = again });
        return counted ? KeepHot(id, entry, json) : Representation.OfJson(json, entry.ChangedAt, entry.ETag, entry.Keys);
    }

    private Representation? ReadUnpacked(Guid id, Entry entry, FiledBytes filed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(filed.Length);
        if (!filed.ReadInto(buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
        if (!entry.Reads.CountRead())
            return Representation.OfPooled(buffer, filed.Length, entry.ChangedAt, entry.ETag, entry.Keys);
        var json = buffer.AsSpan(0, filed.Length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return KeepHot(id, entry, json);
    }

    // Only while the entry is still the one kept: one evicted or replaced since must not come back.
    private void Replace(Entry entry, Entry replacement)
    {
        var entries = _entries!;
        lock (_gate)
        {
            if (entries.TryGetValue(entry.Id, out Entry? current) && ReferenceEquals(current, entry))
                entries.Set(entry.Id, replacement, new MemoryCacheEntryOptions { Size = replacement.ByteSize });
        }
    }

    private Representation KeepHot(Guid id, Entry entry, byte[] json)
    {
        var hot = Representation.OfJson(json, entry.ChangedAt, entry.ETag, entry.Keys);
        _hot!.Set(id, hot, new MemoryCacheEntryOptions { Size = json.Length + 256 });
        return hot;
    }

    private sealed record Fill(Task<StoredArticle?> Task, long StartedAt);

    private readonly ConcurrentDictionary<IdOrSlug, Fill> _fills = new();
    private long _lastEvictionAt;

    /// <summary>
    /// Reads what the cache lacks once, however many requests ask for it at the same moment (the
    /// first one reads, the others wait for its answer), and keeps it.
    /// </summary>
    /// <remarks>
    /// A request joins only a read that began after the last eviction: one begun before it may
    /// return what a write replaced since, and a client that has the write's answer must not read
    /// the older version (or a 404 for a slug the write just gave) after it.
    /// </remarks>
    public async Task<StoredArticle?> FillAsync(IdOrSlug key, Func<Task<StoredArticle?>> read)
    {
        // Nothing kept: every request reads what is committed when it asks.
        if (_entries is null)
            return await read();
        var mine = new TaskCompletionSource<StoredArticle?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var readAt = Now;
        var own = new Fill(mine.Task, readAt);
        var fill = _fills.GetOrAdd(key, own);
        if (fill != own)
        {
            if (fill.StartedAt > Volatile.Read(ref _lastEvictionAt))
                return await fill.Task;
            var fresh = await read();
            if (fresh is not null)
                Store(fresh, readAt);
            return fresh;
        }
        try
        {
            var stored = await read();
            if (stored is not null)
                Store(stored, readAt);
            mine.SetResult(stored);
            return stored;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            _fills.TryRemove(KeyValuePair.Create(key, own));
        }
    }

    /// <param name="readAt">The <see cref="Now"/> taken before the bytes were read.</param>
    public void Store(StoredArticle article, long readAt)
    {
        if (_entries is null || article.Json is null || !_changes.Listening)
            return;
        var gzip = Compress(article.Json);
        if (_files!.Append(gzip) is not { } filed)
            return;
        var entry = new Entry(article.Id, article.Slug, filed, article.ETag!, article.ChangedAt, article.Keys)
        {
            Unpacked = _unpackedFiles?.Append(article.Json),
        };
        lock (_gate)
        {
            if (readAt <= _refuseReadsUntil || (_evictedAt.TryGetValue(article.Id, out var evicted) && readAt <= evicted))
                return;
            _slugs[article.Slug] = article.Id;
            _entries.Set(article.Id, entry, new MemoryCacheEntryOptions { Size = entry.ByteSize });
        }
    }

    public void Evict(Guid id) => Evict([id]);

    /// <summary>Evicts several articles under one turn of the lock (a rename changes hundreds at once).</summary>
    public void Evict(IEnumerable<Guid> ids)
    {
        if (_entries is null)
            return;
        lock (_gate)
        {
            foreach (var id in ids)
            {
                var at = Now;
                _evictedAt[id] = at;
                Volatile.Write(ref _lastEvictionAt, at);
                _entries.Remove(id);
                _hot!.Remove(id);
            }
            if (_evictedAt.Count > 100_000)
                ForgetOldEvictions();
        }
    }

    private void EvictEverything()
    {
        if (_entries is null)
            return;
        lock (_gate)
        {
            _refuseReadsUntil = Now;
            Volatile.Write(ref _lastEvictionAt, _refuseReadsUntil);
            _entries.Clear();
            _hot!.Clear();
            _evictedAt.Clear();
        }
    }

    // The older half of the evictions is forgotten; a fill still in flight from before then is refused instead.
    private void ForgetOldEvictions()
    {
        var cutoff = Now - 50_000;
        foreach (var (id, at) in _evictedAt)
        {
            if (at < cutoff)
                _evictedAt.Remove(id);
        }
        _refuseReadsUntil = Math.Max(_refuseReadsUntil, cutoff);
    }

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(json.Length / 3 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(json);
        return output.ToArray();
    }

    public void Dispose()
    {
        _entries?.Dispose();
        _hot?.Dispose();
        _files?.Dispose();
        _unpackedFiles?.Dispose();
    }
}
