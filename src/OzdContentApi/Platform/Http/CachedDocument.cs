namespace OzdContentApi.Platform.Http;

/// <summary>
/// A GET answer in a format other than the API's JSON (JSON-LD, XML feeds…), with the same HTTP
/// caching as <see cref="CachedJson{T}"/>: strong ETag, 304, Cache-Control by audience, br/gzip.
/// </summary>
public sealed class CachedDocument(Representation representation) : IResult
{
    public Task ExecuteAsync(HttpContext context) => CachedJson<object>.From(representation).ExecuteAsync(context);
}

public static class CachedDocumentDeclarations
{
    /// <summary>Declares the 200 in <paramref name="mediaType"/> and the 304 every cached GET can answer.</summary>
    public static RouteHandlerBuilder ProducesDocument(this RouteHandlerBuilder builder, string mediaType) => builder
        .Produces(StatusCodes.Status200OK, contentType: mediaType)
        .Produces(StatusCodes.Status304NotModified);
}
