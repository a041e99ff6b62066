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
/// </remarks>
public sealed class SearchAnswers(DeliveryCache.Generation generation, IConfiguration configuration)
{
    private const long MostBytes = 16 * 1024 * 1024;

    private readonly long _windowMs = (long)DeliveryCache.Window(configuration).TotalMilliseconds;
    private readonly ConcurrentDictionary<string, Entry> _answers = new(StringComparer.Ordinal);
    private long _bytes;

    public sealed record Answer(Representation Representation, string? NextCursor);

    private sealed record Entry(Answer Answer, long Until, int Bytes);

    /// <returns>Where an anonymous answer to this request is kept, or null when answers are not kept.</returns>
    public string? KeyOf(HttpRequest request, Audience audience) =>
        _windowMs <= 0 || audience != Audience.Public
            ? null
            : string.Join('\n', generation.Current, request.Query["q"].ToString(), request.Query["limit"].ToString(), request.Query["cursor"].ToString());

    public Answer? Find(string? key) =>
        key is not null && _answers.TryGetValue(key, out var entry) && Environment.TickCount64 < entry.Until ? entry.Answer : null;

    public void Keep(string? key, Answer answer)
    {
        if (key is null)
            return;
        var bytes = answer.Representation.Json.Length + 2 * key.Length;
        if (Interlocked.Add(ref _bytes, bytes) > MostBytes)
            Sweep();
        if (_answers.TryGetValue(key, out var replaced) && _answers.TryRemove(KeyValuePair.Create(key, replaced)))
            Interlocked.Add(ref _bytes, -replaced.Bytes);
        _answers[key] = new Entry(answer, Environment.TickCount64 + _windowMs, bytes);
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
