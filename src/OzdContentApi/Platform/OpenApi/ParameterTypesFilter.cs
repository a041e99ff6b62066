using System.Reflection;
using Microsoft.OpenApi;
using OzdContentApi.Platform.Http.Parameters;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// Each path and query parameter of a typed kind (<see cref="IParameterType{TSelf}"/>) gets the
/// schema its type declares, and its description from where the handler declares it; so the
/// document says what the type accepts, with no table of parameter names here.
/// </summary>
public sealed class ParameterTypesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler)
            return;
        var route = context.ApiDescription.ParameterDescriptions
            .Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path).Select(p => p.Name);
        var declared = EndpointParameters.Of(handler, route).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.In is not (ParameterLocation.Path or ParameterLocation.Query) || parameter.Name is null
                || !declared.TryGetValue(parameter.Name, out var source))
                continue;
            if (source.IsTyped)
            {
                var described = Describe(source.Type);
                parameter.Schema = described.Schema;
                parameter.Example = described.Example;
            }
            parameter.Description = source.Description ?? parameter.Description;
        }
    }

    private static (IOpenApiSchema Schema, System.Text.Json.Nodes.JsonNode? Example) Describe(Type type) =>
        ((IOpenApiSchema, System.Text.Json.Nodes.JsonNode?))typeof(ParameterTypesFilter)
            .GetMethod(nameof(DescribeAs), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;

    private static (IOpenApiSchema, System.Text.Json.Nodes.JsonNode?) DescribeAs<T>() where T : IParameterType<T> => (T.Schema, T.Example);
}
