using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Strong entity tags: a hash of the exact JSON bytes a client receives, so the tag changes
/// whenever the representation does (a renamed person inside an article, a scheduled article
/// turning published) and never otherwise.
/// </summary>
public static class ETags
{
    public static string Of<T>(T value) => OfJson(JsonSerializer.SerializeToUtf8Bytes(value, ContentJson.Options));

    public static string OfJson(ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(json, hash);
        return $"\"{System.Buffers.Text.Base64Url.EncodeToString(hash[..16])}\"";
    }

    /// <summary>
    /// The tag of one content coding of a representation: a strong tag must differ per encoding
    /// (RFC 9110 8.8.3), so a compressed body's tag ends in "-br" or "-gzip" inside the quotes.
    /// </summary>
    public static string ForEncoding(string etag, string encoding) =>
        encoding == "identity" ? etag : etag.Insert(etag.Length - 1, "-" + encoding);

    /// <summary>
    /// Whether <paramref name="tag"/> (as a client sent it, without W/) names the representation
    /// whose uncompressed tag is <paramref name="current"/>, in any encoding the service handed out.
    /// </summary>
    public static bool SameRepresentation(string tag, string current) => Bare(tag) == current.Trim('"');

    /// <summary>The tag (quoted, as sent) in every encoding the service hands out.</summary>
    public static string[] InEveryEncoding(string tag)
    {
        var bare = $"\"{Bare(tag)}\"";
        return [bare, ForEncoding(bare, "br"), ForEncoding(bare, "gzip")];
    }

    private static string Bare(string tag)
    {
        var value = tag.Trim('"');
        return value.EndsWith("-br", StringComparison.Ordinal) ? value[..^3]
            : value.EndsWith("-gzip", StringComparison.Ordinal) ? value[..^5]
            : value;
    }
}

/// <summary>
/// The <c>If-Match</c> precondition of writes to existing resources: 428 without it, 412 when
/// it is not the current tag. Only strong tags from a previous response match; <c>*</c> and
/// weak tags do not, because they would let a client overwrite what it never saw.
/// </summary>
public static class Preconditions
{
    public const string Missing = "This write needs If-Match with the resource's current ETag from a previous response.";

    /// <returns>The tags the client sent, or a 428 problem (a 400 when the write also says If-None-Match).</returns>
    public static (IReadOnlyList<string> Tags, ProblemHttpResult? Problem) IfMatch(HttpRequest request)
    {
        // On a write to a resource that exists, If-None-Match could only ask not to write it
        // (RFC 9110 13.2.2: "*" fails); refused rather than ignored.
        if (request.Headers.IfNoneMatch.Count > 0)
        {
            const string refused = "A write takes If-Match alone; If-None-Match would refuse the write it comes with. Send only If-Match.";
            return ([], TypedResults.Problem(detail: refused, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["If-None-Match"] = [refused] } }));
        }
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
            return ([], Required(Missing));
        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
            return ([], Required("If-Match must be a list of quoted entity tags, e.g. If-Match: \"abc123\"."));
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
            return ([], Required("If-Match: * is not accepted; send the resource's current ETag so no change is overwritten unseen."));
        return (tags.Where(t => !t.IsWeak).Select(t => t.Tag.ToString()).ToList(), null);
    }

    /// <summary>A tag read in any encoding works: a browser that asked for br must be able to save what it read.</summary>
    public static bool Matches(IReadOnlyList<string> tags, string current) => tags.Any(t => ETags.SameRepresentation(t, current));

    /// <summary>412 with the current tag, in the body and as the ETag header.</summary>
    public static ProblemHttpResult Stale(string current, HttpResponse response)
    {
        response.Headers.ETag = current;
        return TypedResults.Problem(
            detail: $"The resource changed since you read it; its current ETag is {current}. Read it again and reapply your change.",
            statusCode: StatusCodes.Status412PreconditionFailed);
    }

    private static ProblemHttpResult Required(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status428PreconditionRequired);
}
