using Microsoft.Win32.SafeHandles;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Where a cache keeps its compressed bytes: a file only this process can reach (it is unlinked as
/// soon as it is open, so nothing is left behind however the process ends), written once per
/// entry and read with one positioned read. The operating system's page cache holds what is read
/// often, as it does for nginx's files: a whole corpus is served from memory that is not the
/// service's own heap, and goes to disk under memory pressure instead of the service being
/// killed. Space is never reused: a full file is replaced (see <see cref="CacheFiles"/>).
/// </summary>
public sealed class CacheFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly long _capacity;
    private long _end;

    private CacheFile(SafeFileHandle handle, long capacity)
    {
        _handle = handle;
        _capacity = capacity;
    }

    public static CacheFile Create(string directory, string name, long capacity)
    {
        var path = Path.Combine(directory, $"ozd-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
        try
        {
            if (!OperatingSystem.IsWindows())
                File.Delete(path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        return new CacheFile(handle, capacity);
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

    /// <returns>The bytes, or null when they cannot be read (this file was closed since the entry was found, the disk failed).</returns>
    public byte[]? Read(long offset, int length)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        return ReadInto(offset, bytes) ? bytes : null;
    }

    /// <returns>False when the bytes cannot be read (as for <see cref="Read"/>).</returns>
    public bool ReadInto(long offset, Span<byte> into)
    {
        try
        {
            return RandomAccess.Read(_handle, into, offset) == into.Length;
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            return false;
        }
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>Bytes a cache wrote to one of its files.</summary>
public readonly record struct FiledBytes(CacheFile File, long Offset, int Length)
{
    /// <returns>The bytes, or null when their file was replaced and closed since: read them again from the source.</returns>
    public byte[]? Read() => File.Read(Offset, Length);

    /// <summary>Reads the bytes into the first <see cref="Length"/> bytes of <paramref name="into"/>.</summary>
    /// <returns>False when their file was replaced and closed since.</returns>
    public bool ReadInto(Span<byte> into) => File.ReadInto(Offset, into[..Length]);
}

/// <summary>
/// A cache's files, bounded: when the one written to is full (its capacity is the cache's budget),
/// a new one is started and the one before it is closed, so the files never take more than twice
/// the budget on disk. Entries in a closed file read as misses and are filled again.
/// Caching:Directory says where (default: the system's temporary folder).
/// </summary>
public sealed class CacheFiles : IDisposable
{
    private readonly string _directory;
    private readonly string _name;
    private readonly long _capacity;
    private readonly Lock _gate = new();
    private CacheFile _file;
    private CacheFile? _previous;

    public CacheFiles(IConfiguration configuration, string name, long capacity)
    {
        _directory = configuration["Caching:Directory"] is { Length: > 0 } directory ? directory : Path.GetTempPath();
        _name = name;
        _capacity = Math.Max(capacity, 16 * 1024 * 1024);
        try
        {
            _file = CacheFile.Create(_directory, _name, _capacity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"Caching__Directory '{_directory}' cannot hold the caches' files: {e.Message}", e);
        }
    }

    /// <returns>
    /// Where the bytes went, or null when they cannot be kept (larger than a file, the disk failed, the
    /// file was closed under a slow writer): the caller answers all the same, uncached.
    /// </returns>
    public FiledBytes? Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _capacity)
            return null;
        try
        {
            while (true)
            {
                var file = Volatile.Read(ref _file);
                if (file.Append(bytes) is { } offset)
                    return new FiledBytes(file, offset, bytes.Length);
                CacheFile? closing;
                lock (_gate)
                {
                    if (_file != file)
                        continue;
                    var next = CacheFile.Create(_directory, _name, _capacity);
                    closing = _previous;
                    _previous = file;
                    _file = next;
                }
                // Freeing a large file's blocks takes a while: not while holding the lock.
                closing?.Dispose();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        _previous?.Dispose();
    }
}
