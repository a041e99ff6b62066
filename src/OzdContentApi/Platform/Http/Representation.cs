using System.IO.Compression;
using System.Text.Json;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// The exact bytes of one JSON response, its strong ETag, and its compressed forms (made once,
/// on first use). Cached representations are shared between requests.
/// </summary>
public sealed class Representation
{
    private byte[]? _brotli;
    private byte[]? _gzip;

    private Representation(byte[] json, DateTime? lastModified, string? etag = null)
    {
        Json = json;
        ETag = etag ?? ETags.OfJson(json);
        LastModified = lastModified;
    }

    public byte[] Json { get; }

    /// <summary>The tag of the uncompressed bytes; compressed forms add "-br" or "-gzip" inside the quotes.</summary>
    public string ETag { get; }

    public DateTime? LastModified { get; }

    public static Representation Of<T>(T value, DateTime? lastModified = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, ContentJson.Options), lastModified);

    /// <summary>Bytes serialised elsewhere, as they are; with their tag when it is known already.</summary>
    public static Representation OfJson(byte[] json, DateTime? lastModified = null, string? etag = null) => new(json, lastModified, etag);

    public byte[] Encoded(string encoding) => encoding switch
    {
        "br" => _brotli ??= Compress(json => new BrotliStream(json, CompressionLevel.Optimal, leaveOpen: true)),
        "gzip" => _gzip ??= Compress(json => new GZipStream(json, CompressionLevel.Optimal, leaveOpen: true)),
        _ => Json,
    };

    private byte[] Compress(Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(Json.Length / 4 + 64);
        using (var stream = compressor(output))
            stream.Write(Json);
        return output.ToArray();
    }
}
