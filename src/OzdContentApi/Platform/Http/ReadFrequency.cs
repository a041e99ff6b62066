namespace OzdContentApi.Platform.Http;

/// <summary>
/// Whether a cached entry kept compressed is read often enough to keep an unpacked copy of too:
/// three reads within a second. Counting reads ever made a copy of nearly every article when they
/// were read at random (100,000 articles, uniform): copies that were let go of before their next
/// read, promoted by the garbage collector on their way out, and full collections of up to 200 ms
/// (p99 9–89 ms). Within a second, only articles read more often than the copies turn over are
/// kept: the popular ones of a Zipf distribution, none of a uniform one.
/// </summary>
/// <remarks>
/// A field of the entry, changed in place; requests race on it at worst by a read or two, which
/// only moves the moment a copy is made.
/// </remarks>
public struct ReadFrequency
{
    private const int ReadsForACopy = 3;
    private const long WindowMilliseconds = 1000;

    private long _windowStart;
    private int _reads;

    /// <summary>Counts a read that found no unpacked copy.</summary>
    /// <returns>True at every third read within the second that began with the first of them.</returns>
    public bool CountRead()
    {
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref _windowStart) > WindowMilliseconds)
        {
            Volatile.Write(ref _windowStart, now);
            Volatile.Write(ref _reads, 0);
        }
        return Interlocked.Increment(ref _reads) % ReadsForACopy == 0;
    }
}
