using Microsoft.Win32.SafeHandles;

namespace OzdContentApi.Articles;

/// <summary>
/// Where the article cache keeps its compressed bytes: a file only this process can reach (it is
/// unlinked as soon as it is open, so nothing is left behind however the process ends), written
/// once per entry and read with one positioned read. The operating system's page cache holds
/// what is read often, as it does for nginx's files: the bytes of a whole corpus are served from
/// memory that is not the service's own, and go to disk under memory pressure instead of the
/// service being killed. Space is never reused: a full file is replaced by a new one (see
/// <see cref="ArticleCache"/>), and closing the old one gives its space back.
/// </summary>
public sealed class ArticleCacheFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly long _capacity;
    private long _end;

    private ArticleCacheFile(SafeFileHandle handle, long capacity)
    {
        _handle = handle;
        _capacity = capacity;
    }

    public static ArticleCacheFile Create(string directory, long capacity)
    {
        var path = Path.Combine(directory, $"ozd-article-cache-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
        if (!OperatingSystem.IsWindows())
            File.Delete(path);
        return new ArticleCacheFile(handle, capacity);
    }

    /// <returns>Where the bytes were written, or null when the file is full.</returns>
    public long? Append(ReadOnlySpan<byte> bytes)
    {
        var end = Interlocked.Add(ref _end, bytes.Length);
        if (end > _capacity)
            return null;
        RandomAccess.Write(_handle, bytes, end - bytes.Length);
        return end - bytes.Length;
    }

    /// <returns>The bytes, or null when this file was closed since the entry was found.</returns>
    public byte[]? Read(long offset, int length)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        try
        {
            return RandomAccess.Read(_handle, bytes, offset) == length ? bytes : null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose() => _handle.Dispose();
}
