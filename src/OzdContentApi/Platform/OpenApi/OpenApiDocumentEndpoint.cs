using System.Globalization;
using System.Text;
using Microsoft.OpenApi;
using OzdContentApi.Platform.Http;
using Swashbuckle.AspNetCore.Swagger;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c>: the document is built once, on first use, and served from memory
/// like any cached representation (ETag, 304, br/gzip), behind the rate limiter. Building it
/// takes tens of milliseconds and a few hundred kilobytes; it never changes while the process runs.
/// </summary>
public sealed class OpenApiDocumentCache(ISwaggerProvider provider)
{
    private readonly Lazy<Representation> _document = new(() => Representation.OfJson(Build(provider)));

    public Representation Document => _document.Value;

    private static byte[] Build(ISwaggerProvider provider)
    {
        var document = provider.GetSwagger(OpenApiSetup.DocumentName);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV3(new OpenApiJsonWriter(text));
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}

public static class OpenApiDocumentEndpoint
{
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(OpenApiSetup.DocumentPath, (OpenApiDocumentCache cache) => CachedJson<object>.From(cache.Document))
            .RequireCors(BrowserAccess.Delivery)
            .ExcludeFromDescription();
        return routes;
    }
}
