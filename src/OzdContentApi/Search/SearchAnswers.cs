using System.Collections.Concurrent;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Search;

/// <summary>
/// The anonymous search answers of the last moment: what the delivery micro-cache is for other
/// lists (Caching:DeliverySeconds, one second by default, 0 keeps none), keyed the same way —
/// by the parameters the search reads and the cache generation, so every change this instance
/// makes or hears empties it — and serving every encoding from one entry.
/// </summary>
/// <remarks>
/// Search keeps its own because nearly every search answer is new, and the micro-cache copies
/// each answer it stores into an 80 KB buffer taken anew every time: at a thousand broad
/// searches a second that was more than a third of all the service allocated, and its garbage
/// collections paused every request. Here an answer is kept as the bytes that were sent.
/// <para>
/// And only once it is asked a second time (within the last 16,384 queries or so, or while it is
/// being made): an answer kept for a second outlives two young-generation collections, moves to
/// the oldest generation and dies there, and answers asked once were nearly all of them: the
/// oldest generation filled with them, was collected once or twice a second, and now and then
/// compacted with every request stopped (20–48 ms). Broad searches, traced for 8 s: 7 → 3 such
/// collections, none of them blocking, and collection pauses 52 → 29 µs per search.
/// </para>
/// </remarks>
public sealed class SearchAnswers(DeliveryCache.Generation generation, IConfiguration configuration)
{
    private const long MostBytes = 16 * 1024 * 1024;

    private readonly long _windowMs = (long)DeliveryCache.Window(configuration).TotalMilliseconds;
    private readonly ConcurrentDictionary<string, Entry> _answers = new(StringComparer.Ordinal);
    private long _bytes;

    // The keys asked lately, as hashes in fixed slots: a later key takes its slot over, and a
    // hash two keys share at worst keeps an answer asked once.
    private readonly int[] _asked = new int[16_384];

    public sealed record Answer(Representation Representation, string? NextCursor);

    private sealed record Entry(Task<Answer> Answer, long Until, int Bytes, Answer? Stale = null)
    {
        /// <summary>Another request waited for this answer while it was made.</summary>
        public volatile bool Joined;
    }

    /// <returns>Where an anonymous answer to this request is kept, or null when answers are not kept.</returns>
    /// <remarks>Keyed as the micro-cache keys: on the query parameters the endpoint reads, and no others.</remarks>
    public string? KeyOf(HttpContext http, Audience audience)
    {
        if (_windowMs <= 0 || audience != Audience.Public || http.GetEndpoint() is not { } endpoint)
            return null;
        var query = http.Request.Query;
        return string.Join('\n', DeliveryCache.QueryKeysOf(endpoint).Select(name => query[name].ToString()).Prepend(generation.Current));
    }

    /// <summary>
    /// The kept answer, or the one <paramref name="make"/> makes. Requests that miss the same
    /// key together wait for the first one's answer instead of all searching: each time a popular
    /// query's answer expired, every connection asking it searched at once, and its p99 went from
    /// 4 to 89 ms. When the answer that expired is there, they get it instead of waiting (waiting,
    /// the p99 was still 53 ms in a slow hour: every second, every connection waited for one search).
    /// </summary>
    public async Task<Answer> GetAsync(string? key, Func<Task<Answer>> make)
    {
        if (key is null)
            return await make();
        while (true)
        {
            var found = _answers.TryGetValue(key, out var entry);
            if (found && Environment.TickCount64 < entry!.Until)
            {
                if (entry.Stale is { } previous && !entry.Answer.IsCompleted)
                    return previous;
                if (!entry.Answer.IsCompleted)
                    entry.Joined = true; // not on every hit: all connections writing one field would contend for it
                try
                {
                    return await entry.Answer;
                }
                catch (Exception) when (!entry.Answer.IsCompletedSuccessfully)
                {
                    // The first asker's search failed or was cancelled with its request: search anew.
                    return await make();
                }
            }
            var making = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
            // While the answer is made anew, the one it replaces (same generation: no change was
            // heard since) answers everyone else, so nobody waits on a popular query.
            var pending = new Entry(making.Task, long.MaxValue, 0, found && entry!.Answer.IsCompletedSuccessfully ? entry.Answer.Result : null);
            if (found ? !_answers.TryUpdate(key, pending, entry!) : !_answers.TryAdd(key, pending))
                continue; // another request got there first: wait for its answer
            if (found)
                Interlocked.Add(ref _bytes, -entry!.Bytes);
            var askedBefore = found || AskedBefore(key);
            try
            {
                var answer = await make();
                making.SetResult(answer);
                if (askedBefore || pending.Joined)
                    Keep(key, pending, answer);
                else
                    _answers.TryRemove(KeyValuePair.Create(key, pending));
                return answer;
            }
            catch (Exception)
            {
                _answers.TryRemove(KeyValuePair.Create(key, pending));
                making.SetCanceled(); // whoever waits searches anew
                throw;
            }
        }
    }

    private bool AskedBefore(string key)
    {
        var hash = StringComparer.Ordinal.GetHashCode(key) | 1; // 0: an empty slot
        ref var slot = ref _asked[hash & (_asked.Length - 1)];
        if (Volatile.Read(ref slot) == hash)
            return true;
        Volatile.Write(ref slot, hash);
        return false;
    }

    private void Keep(string key, Entry pending, Answer answer)
    {
        var bytes = answer.Representation.Json.Length + 2 * key.Length;
        if (!_answers.TryUpdate(key, new Entry(pending.Answer, Environment.TickCount64 + _windowMs, bytes), pending))
            return;
        if (Interlocked.Add(ref _bytes, bytes) > MostBytes)
            Sweep();
    }

    // Expired entries go; when the live ones alone are over the bound, all go.
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var (key, entry) in _answers)
        {
            if (entry.Until <= now && _answers.TryRemove(KeyValuePair.Create(key, entry)))
                Interlocked.Add(ref _bytes, -entry.Bytes);
        }
        if (Interlocked.Read(ref _bytes) > MostBytes)
        {
            _answers.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }
    }
}
