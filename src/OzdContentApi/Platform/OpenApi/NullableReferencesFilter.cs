using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// OpenAPI 3.0 cannot put nullable beside a $ref, so Swashbuckle drops it: a property typed as a
/// nullable reference to another schema (ArticleChange.article) would read as never null. Such
/// properties become <c>type: object, nullable: true, allOf [$ref]</c>, the 3.0 way to say "this schema or null".
/// </summary>
public sealed class NullableReferencesFilter : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null || context.Type.IsPrimitive)
            return;
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!target.Properties.TryGetValue(name, out var entry) || entry is not OpenApiSchemaReference reference)
                continue;
            if (Nullability.Create(property).ReadState != NullabilityState.Nullable)
                continue;
            target.Properties[name] = new OpenApiSchema { AllOf = [reference], Type = JsonSchemaType.Object | JsonSchemaType.Null };
        }
    }
}
