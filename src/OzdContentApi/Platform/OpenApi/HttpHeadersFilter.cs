using Microsoft.AspNetCore.Authorization;
using OzdContentApi.Platform.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// States the HTTP headers of every operation: conditional request headers on reads, If-Match on
/// writes that need it, and the response headers each status carries.
/// </summary>
public sealed class HttpHeadersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var method = context.ApiDescription.HttpMethod;
        var responses = operation.Responses ?? new OpenApiResponses();
        operation.Parameters ??= [];

        if (method == "GET")
        {
            operation.Parameters.Add(Header("If-None-Match",
                "ETags from earlier responses; when one still matches the answer is 304 without a body.", required: false));
            operation.Parameters.Add(Header("If-Modified-Since",
                "An HTTP date; 304 when the resource has not changed since (ignored when If-None-Match is sent).", required: false));
            foreach (var status in new[] { "200", "304" })
            {
                if (Response(responses, status) is not { } response)
                    continue;
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["ETag"] = ResponseHeader("Strong tag of the exact bytes; compressed bodies end in -br or -gzip inside the quotes.", required: true);
                response.Headers["Cache-Control"] = ResponseHeader(
                    "public, max-age=60, stale-while-revalidate=300 without a key; private, no-store with one (and for health probes).");
                response.Headers["Vary"] = ResponseHeader("Accept-Encoding, Authorization.");
                response.Headers["Last-Modified"] = ResponseHeader("When the resource last changed, where that is meaningful (articles, persons, revisions).");
                // A 304 from the delivery micro-cache carries only the headers RFC 9110 lists for it; the keys are the 200's.
                if (IsDelivery(context))
                {
                    response.Headers["Surrogate-Key"] = ResponseHeader(
                        "What the body contains, space-separated, for CDN purges: article-<id> for each article, person-<id> for " +
                        "each person, articles (persons) for lists and feeds. At most 16 KB; a list cut short keeps its collection key.",
                        required: status == "200");
                    response.Headers["Cache-Tag"] = ResponseHeader("The same keys, comma-separated (Cloudflare, Akamai).", required: status == "200");
                }
                if (status == "200" && IsPaged(response))
                    response.Headers["Link"] = ResponseHeader("<…>; rel=\"next\": the URL of the next page, while there is one.");
            }
        }

        if (responses.ContainsKey("428"))
        {
            var ifMatch = Header("If-Match",
                "The ETag of the last response that showed this resource (for section writes: the article), quoted as " +
                "received. Required: 428 when it is missing, malformed or *; 412 when it is no longer current.", required: true);
            ((OpenApiSchema)ifMatch.Schema!).Pattern = "^(W/)?\"[^\"]*\"(\\s*,\\s*(W/)?\"[^\"]*\")*$";
            ifMatch.Example = System.Text.Json.Nodes.JsonValue.Create("\"dUFJjDz4wdNDbPLt0H9O5A\"");
            operation.Parameters.Add(ifMatch);
        }
        if (method is "POST" or "PUT" or "DELETE")
        {
            foreach (var status in new[] { "200", "201", "204" })
            {
                if (Response(responses, status) is not { } response)
                    continue;
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                if (operation.Security is { Count: > 0 } && !context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AnswersWithoutETag>().Any(a => a.Covers(status)))
                    response.Headers["ETag"] = ResponseHeader("The new ETag: the If-Match of the next write (for section writes, the article's).", required: true);
                if (status == "201")
                    response.Headers["Location"] = ResponseHeader("The URL of the created resource.", required: true);
            }
        }
        if (Response(responses, "412") is { } stale)
        {
            stale.Headers ??= new Dictionary<string, IOpenApiHeader>();
            stale.Headers["ETag"] = ResponseHeader("The current ETag: read again, or reapply the change and send this as If-Match.", required: true);
        }
        foreach (var status in new[] { "429", "503" })
        {
            if (Response(responses, status) is not { } retry)
                continue;
            retry.Headers ??= new Dictionary<string, IOpenApiHeader>();
            retry.Headers["Retry-After"] = ResponseHeader("Seconds to wait before retrying.", JsonSchemaType.Integer, required: status == "429");
        }
        if (Response(responses, "401") is { } unauthorized)
        {
            unauthorized.Headers ??= new Dictionary<string, IOpenApiHeader>();
            unauthorized.Headers["WWW-Authenticate"] = ResponseHeader("Bearer realm=\"ozd-content-api\".");
        }
    }

    /// <summary>A read anyone may make (delivery), other than the health probes: it names its content for CDNs.</summary>
    private static bool IsDelivery(OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var needsKey = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null) && !metadata.OfType<IAllowAnonymous>().Any();
        return !needsKey && !metadata.OfType<NeverStored>().Any();
    }

    private static OpenApiResponse? Response(OpenApiResponses responses, string status) =>
        responses.TryGetValue(status, out var response) ? response as OpenApiResponse : null;

    private static bool IsPaged(OpenApiResponse response) =>
        response.Content?.Values.Any(m => m.Schema is OpenApiSchemaReference r
            && (r.Reference.Id?.EndsWith("Page", StringComparison.Ordinal) == true)) == true;

    private static OpenApiParameter Header(string name, string description, bool required) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiHeader ResponseHeader(string description, JsonSchemaType type = JsonSchemaType.String, bool required = false) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = type },
    };
}
