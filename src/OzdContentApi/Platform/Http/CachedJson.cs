using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace OzdContentApi.Platform.Http;

/// <summary>Who may keep a copy of a response.</summary>
public enum CachePolicy
{
    /// <summary>Published content: public for anonymous requests, private for requests with a key.</summary>
    Content,

    /// <summary>Never stored (health probes).</summary>
    NoStore,
}

/// <summary>Endpoint metadata: the endpoint answers with <see cref="CachePolicy.NoStore"/> (probes), so it is no content to cache or purge.</summary>
public sealed record NeverStored;

/// <summary>
/// A GET answer with HTTP caching: a strong ETag of the exact bytes, 304 for a matching
/// If-None-Match (or If-Modified-Since), Cache-Control by who asks, Vary, Last-Modified, and
/// br or gzip when the client accepts it. Compressed bodies carry their own tag ("…-br"), as a
/// strong tag must differ per encoding; If-None-Match accepts any encoding's tag.
/// </summary>
public sealed class CachedJson<T> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public const string PublicCacheControl = "public, max-age=60, stale-while-revalidate=300";

    private readonly Func<Representation> _representation;
    private readonly CachePolicy _policy;
    private SurrogateKeys? _keys;

    public CachedJson(T value, DateTime? lastModified = null, CachePolicy policy = CachePolicy.Content)
        : this(value, () => Representation.Of(value, lastModified), policy)
    {
    }

    private CachedJson(T? value, Func<Representation> representation, CachePolicy policy)
    {
        Value = value;
        _representation = representation;
        _policy = policy;
    }

    /// <summary>An answer from bytes made earlier (see PublishedArticleCache).</summary>
    public static CachedJson<T> From(Representation representation) =>
        new(default, () => representation, CachePolicy.Content) { _keys = representation.Keys };

    /// <summary>Names what the body contains for CDNs (see <see cref="SurrogateKeys"/>); every delivery answer does.</summary>
    public CachedJson<T> Naming(SurrogateKeys keys)
    {
        _keys = keys;
        return this;
    }

    public T? Value { get; }
    public int? StatusCode => StatusCodes.Status200OK;
    object? IValueHttpResult.Value => Value;

    public async Task ExecuteAsync(HttpContext context)
    {
        var representation = _representation();
        var request = context.Request;
        var response = context.Response;
        var encoding = ChooseEncoding(request, representation);

        response.Headers.CacheControl = _policy == CachePolicy.NoStore || context.User.Identity?.IsAuthenticated == true
            ? "private, no-store"
            : PublicCacheControl;
        BrowserAccess.AddVary(response, "Accept-Encoding, Authorization");
        response.Headers.ETag = ETags.ForEncoding(representation.ETag, encoding);
        _keys?.WriteTo(response);
        if (representation.LastModified is { } lastModified)
            response.Headers.LastModified = HeaderUtilities.FormatDate(new DateTimeOffset(lastModified, TimeSpan.Zero));

        if (NotModified(request, representation))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = representation.MediaType;
        if (encoding != "identity")
            response.Headers.ContentEncoding = encoding;
        await representation.WriteAsync(response, encoding, context.RequestAborted);
    }

    private static bool NotModified(HttpRequest request, Representation representation)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // Weak comparison (RFC 9110 13.1.2): W/ and the encoding suffix do not matter.
            return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
                   && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || ETags.SameRepresentation(t.Tag.ToString(), representation.ETag));
        }
        // A date in the future never gets here (ConditionalHeaders drops it).
        return representation.LastModified is { } lastModified
               && request.GetTypedHeaders().IfModifiedSince is { } since
               && lastModified.AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond)) <= since.UtcDateTime;
    }

    /// <summary>
    /// The coding the client ranks highest (RFC 9110 12.5.3: a coding's own entry decides, "*"
    /// only speaks for codings not listed, q=0 refuses); on a tie the one that costs least: gzip
    /// for bytes kept gzip-compressed, else br. Identity when no compression is acceptable.
    /// </summary>
    private static string ChooseEncoding(HttpRequest request, Representation representation)
    {
        if (request.Headers.AcceptEncoding.Count == 0)
            return "identity";
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        if (accepted.Count == 0)
            return "identity";
        double Quality(string name)
        {
            var own = accepted.Where(e => e.Value.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (own.Count > 0)
                return own.Max(e => e.Quality ?? 1);
            return accepted.Where(e => e.Value == "*").Select(e => e.Quality ?? 1).DefaultIfEmpty(0).Max();
        }
        var gzip = Quality("gzip");
        var br = Quality("br");
        if (gzip <= 0 && br <= 0)
            return "identity";
        if (gzip > br || (gzip == br && representation.IsGzipNative))
            return "gzip";
        return "br";
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}

public static class CachedJson
{
    public static CachedJson<T> Of<T>(T value, DateTime? lastModified = null) => new(value, lastModified);
}
