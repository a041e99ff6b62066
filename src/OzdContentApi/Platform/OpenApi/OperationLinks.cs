using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// An OpenAPI link from one operation's response to the next operation a client calls with
/// what the response gave it (the created id, the new ETag as If-Match), declared on the
/// endpoint it starts from, so stateful API testers can chain create → read → publish → revisions.
/// </summary>
public sealed record OperationLink(int Status, string Name, string OperationId, string Description,
    IReadOnlyList<(string Parameter, string Expression)> Parameters);

public static class OperationLinks
{
    /// <param name="parameters">Each the parameter of the target (qualified as header.If-Match where needed) and a runtime expression.</param>
    public static RouteHandlerBuilder WithLink(this RouteHandlerBuilder builder, int status, string name, string operationId,
        string description, params (string Parameter, string Expression)[] parameters) =>
        builder.WithMetadata(new OperationLink(status, name, operationId, description, parameters));

    /// <summary>The id from the body and the new ETag, for the next write to the same article or person.</summary>
    public static (string, string)[] SameResource(string idExpression = "$response.body#/id") =>
        [("idOrSlug", idExpression), ("header.If-Match", "$response.header.ETag")];
}

public sealed class OperationLinksFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var link in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OperationLink>())
        {
            if (operation.Responses?.TryGetValue(link.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var entry) != true
                || entry is not OpenApiResponse response)
                continue;
            response.Links ??= new Dictionary<string, IOpenApiLink>();
            response.Links[link.Name] = new OpenApiLink
            {
                OperationId = link.OperationId,
                Description = link.Description,
                Parameters = link.Parameters.ToDictionary(p => p.Parameter,
                    p => new RuntimeExpressionAnyWrapper { Expression = RuntimeExpression.Build(p.Expression) }),
            };
        }
    }
}
