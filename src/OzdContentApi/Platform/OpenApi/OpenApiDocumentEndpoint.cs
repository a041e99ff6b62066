using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    // PublicationOnly: a build that throws is not remembered (the default mode would answer 500
    // with the same exception for the life of the process); the next request builds again.
    private readonly Lazy<Representation> _document = new(() => Representation.OfJson(Build(provider)), LazyThreadSafetyMode.PublicationOnly);

    public Representation Document => _document.Value;

    /// <summary>
    /// The OpenAPI version the document states. Microsoft.OpenApi writes the newest patch (3.1.2),
    /// which some parsers still refuse (Swagger Parser in Portman accepts 3.1.0 and 3.1.1 only);
    /// patch releases of 3.1 change no schema, so the document says 3.1.0, which every 3.1 tool reads.
    /// </summary>
    public const string OpenApiVersion = "3.1.0";

    private static byte[] Build(ISwaggerProvider provider)
    {
        var document = provider.GetSwagger(OpenApiSetup.DocumentName);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        var json = JsonNode.Parse(text.ToString())!;
        json["openapi"] = OpenApiVersion;
        // Ending in a newline like the committed openapi/v1.json, so the two are the same bytes.
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
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
