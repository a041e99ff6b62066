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

    /// <summary>Declares what every If-Match write can answer besides success.</summary>
    public static RouteHandlerBuilder WithWritePreconditions(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>Declares what every operation with a JSON body can answer besides success.</summary>
    public static RouteHandlerBuilder WithJsonBodyProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>Puts the API-key requirement on exactly the operations that demand a key.</summary>
public sealed class SecurityRequirementFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Distinct().ToList();
        if (policies.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
            return;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ManagementEndpoints.SecuritySchemeName, context.Document)] = [] },
        ];
        var scopes = string.Join(", ", policies);
        operation.Description = $"{operation.Description} Needs an API key with the {scopes} scope.".Trim();
    }
}
