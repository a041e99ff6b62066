using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

public static class ManagementEndpoints
{
    public const string SecuritySchemeName = "apiKey";

    /// <summary>Declares the 401 and 403 problem details every key-protected operation can answer.</summary>
    public static RouteGroupBuilder WithManagementProblems(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>
    /// Declares what every If-Match write can answer besides success; 409 because a concurrent
    /// write can take a slug or remove a linked person between our check and our write.
    /// </summary>
    public static RouteHandlerBuilder WithWritePreconditions(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>
    /// The write's success answer carries no ETag: it removed the resource itself (an article, a
    /// person), or the resource is not versioned (API keys). Every other write answers with the
    /// ETag the next write sends as If-Match, and the document says so (HttpHeadersFilter).
    /// </summary>
    /// <param name="statuses">The success statuses without an ETag; none given: all of them.</param>
    public static RouteHandlerBuilder AnswersWithoutETag(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata(new AnswersWithoutETag(statuses));

    /// <summary>Declares what every operation with a JSON body can answer besides success.</summary>
    public static RouteHandlerBuilder WithJsonBodyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>
/// The answers any operation can give: 400 for a query parameter given twice (every operation
/// refuses that), 401 when a request sends a key that does not check out (delivery included),
/// 408 and 413 for a body that arrives too slowly or too large (any method but GET and HEAD, body
/// or not: it is read whole before the operation runs), 429 past the rate limit, 503 while the
/// database is unreachable or a request runs out of time (health probes are neither limited nor,
/// liveness, using the database).
/// </summary>
public sealed class AlwaysPossibleProblemsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= new OpenApiResponses();
        Add(operation, StatusCodes.Status400BadRequest, "A query parameter was given more than once.", context);
        Add(operation, StatusCodes.Status401Unauthorized, "The API key sent is unknown or revoked, or this operation needs one.", context);
        if (context.ApiDescription.HttpMethod is { } method && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            Add(operation, StatusCodes.Status408RequestTimeout, "The request body did not arrive whole within the request timeout.", context);
            Add(operation, StatusCodes.Status413PayloadTooLarge, "The request body is over 1 MiB.", context);
        }
        var path = context.ApiDescription.RelativePath ?? "";
        if (!path.StartsWith("health/", StringComparison.Ordinal))
            Add(operation, StatusCodes.Status429TooManyRequests, "Too many requests from this key or address; retry after Retry-After seconds.", context);
        if (path != "health/live")
            Add(operation, StatusCodes.Status503ServiceUnavailable, "The content database is unreachable, or the request took too long; retry after Retry-After seconds.", context);
    }

    private static void Add(OpenApiOperation operation, int status, string description, OperationFilterContext context)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
            return;
        var schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }
}

/// <summary>Puts the API-key requirement on exactly the operations that demand a key.</summary>
public sealed class SecurityRequirementFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Distinct().ToList();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            // No key needed; a key is still read (a preview key shows drafts, a bad one is a 401).
            operation.Security =
            [
                new OpenApiSecurityRequirement(),
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ManagementEndpoints.SecuritySchemeName, context.Document)] = [] },
            ];
            return;
        }
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ManagementEndpoints.SecuritySchemeName, context.Document)] = [] },
        ];
        var scopes = string.Join(", ", policies);
        operation.Description = $"{operation.Description} Needs an API key with the {scopes} scope.".Trim();
    }
}

/// <summary>Endpoint metadata: see <see cref="ManagementEndpoints.AnswersWithoutETag(RouteHandlerBuilder, int[])"/>.</summary>
public sealed record AnswersWithoutETag(int[] Statuses)
{
    public bool Covers(string status) => Statuses.Length == 0 || Statuses.Any(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture) == status);
}
