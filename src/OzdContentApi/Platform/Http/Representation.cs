using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// The exact bytes of one JSON response, its strong ETag, and its compressed forms (made once,
/// on first use). Cached representations are shared between requests. One kept compressed
/// (<see cref="OfGzip"/>) is sent as gzip to clients that take it and unpacked for those that do not.
/// One in a pooled buffer (<see cref="OfPooled"/>) belongs to one response.
/// </summary>
public sealed class Representation
{
    private byte[]? _json;
    private byte[]? _brotli;
    private byte[]? _gzip;
    private byte[]? _pooled;
    private int _pooledLength;

    private Representation(byte[]? json, byte[]? gzip, DateTime? lastModified, string etag, string mediaType = JsonMediaType)
    {
        _json = json;
        _gzip = gzip;
        ETag = etag;
        LastModified = lastModified;
        MediaType = mediaType;
    }

    public const string JsonMediaType = "application/json; charset=utf-8";

    /// <summary>The Content-Type the bytes are sent with.</summary>
    public string MediaType { get; }

    public byte[] Json => _json ?? (_gzip is not null ? Decompress(_gzip) : CopyOfPooled());

    /// <summary>The tag of the uncompressed bytes; compressed forms add "-br" or "-gzip" inside the quotes.</summary>
    public string ETag { get; }

    public DateTime? LastModified { get; }

    /// <summary>What the bytes contain, for CDNs; set by whoever made them from content.</summary>
    public SurrogateKeys? Keys { get; private init; }

    /// <summary>Kept gzip-compressed: gzip costs nothing, brotli would cost a compression per request.</summary>
    public bool IsGzipNative => _json is null && _gzip is not null;

    public static Representation Of<T>(T value, DateTime? lastModified = null, SurrogateKeys? keys = null) =>
        OfJson(JsonSerializer.SerializeToUtf8Bytes(value, ContentJson.Options), lastModified, keys: keys);

    /// <summary>Bytes serialised elsewhere, as they are; with their tag when it is known already.</summary>
    public static Representation OfJson(byte[] json, DateTime? lastModified = null, string? etag = null, SurrogateKeys? keys = null) =>
        new(json, null, lastModified, etag ?? ETags.OfJson(json)) { Keys = keys };

    /// <summary>Bytes kept gzip-compressed, with the tag of the uncompressed bytes.</summary>
    public static Representation OfGzip(byte[] gzip, DateTime? lastModified, string etag, SurrogateKeys? keys, string mediaType = JsonMediaType) =>
        new(null, gzip, lastModified, etag, mediaType) { Keys = keys };

    /// <summary>
    /// Bytes in the first <paramref name="length"/> bytes of a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/>, for one response: <see cref="WriteAsync"/> gives the
    /// buffer back (not written, e.g. a 304, it is left to the garbage collector).
    /// </summary>
    public static Representation OfPooled(byte[] buffer, int length, DateTime? lastModified, string etag, SurrogateKeys? keys) =>
        new(null, null, lastModified, etag) { _pooled = buffer, _pooledLength = length, Keys = keys };

    /// <summary>Bytes of another format (JSON-LD, XML…), tagged by their content like JSON.</summary>
    public static Representation OfBytes(byte[] bytes, string mediaType, DateTime? lastModified, SurrogateKeys? keys) =>
        new(bytes, null, lastModified, ETags.OfJson(bytes), mediaType) { Keys = keys };

    public byte[] Encoded(string encoding) => encoding switch
    {
        "br" => _brotli ??= Compress(json => new BrotliStream(json, CompressionLevel.Optimal, leaveOpen: true)),
        "gzip" => _gzip ??= Compress(json => new GZipStream(json, CompressionLevel.Optimal, leaveOpen: true)),
        _ => Json,
    };

    /// <summary>
    /// Sends the bytes in the encoding, with their Content-Length. Bytes kept compressed go to a
    /// client that takes no gzip unpacked straight into a pooled buffer: no copy per request is
    /// left to the garbage collector (at 100,000 articles nearly every read is such a one).
    /// </summary>
    public async Task WriteAsync(HttpResponse response, string encoding, CancellationToken ct)
    {
        if (encoding == "identity" && Interlocked.Exchange(ref _pooled, null) is { } pooled)
        {
            try
            {
                response.ContentLength = _pooledLength;
                await response.Body.WriteAsync(pooled.AsMemory(0, _pooledLength), ct);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
            return;
        }
        if (encoding is "gzip" or "br" || _json is not null)
        {
            var body = Encoded(encoding);
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, ct);
            return;
        }
        var gzip = _gzip ?? throw WrittenOnce();
        var length = UnpackedLength(gzip);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Unpack(gzip, buffer.AsSpan(0, length));
            response.ContentLength = length;
            await response.Body.WriteAsync(buffer.AsMemory(0, length), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] CopyOfPooled() =>
        Volatile.Read(ref _pooled) is { } pooled ? pooled.AsSpan(0, _pooledLength).ToArray() : throw WrittenOnce();

    private static InvalidOperationException WrittenOnce() =>
        new("Bytes in a pooled buffer are written once: the buffer went back to the pool.");

    private byte[] Compress(Func<Stream, Stream> compressor)
    {
        var json = Json;
        using var output = new MemoryStream(json.Length / 4 + 64);
        using (var stream = compressor(output))
            stream.Write(json);
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] gzip)
    {
        var json = new byte[UnpackedLength(gzip)];
        Unpack(gzip, json);
        return json;
    }

    // A gzip member ends with the length of what it holds (RFC 1952, ISIZE: modulo 2^32, and these
    // bytes are far smaller), so the bytes unpack into a buffer of their size in one pass.
    private static int UnpackedLength(byte[] gzip) => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4)));

    private static void Unpack(byte[] gzip, Span<byte> into)
    {
        using var input = new GZipStream(new MemoryStream(gzip, writable: false), CompressionMode.Decompress);
        input.ReadExactly(into);
    }
}
