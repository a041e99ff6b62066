using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// A property typed as a nullable reference to another schema (<c>ArticleChange.article</c>)
/// becomes <c>oneOf [$ref, {type: "null"}]</c>: OpenAPI 3.1's way to say "this schema or null",
/// which NSwag, Kiota and openapi-typescript all read as a nullable property of that type
/// (3.0's <c>nullable</c> next to <c>allOf</c> does not reach into the reference, and generators
/// made a new class of it).
/// </summary>
public sealed class NullableReferencesFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null || context.Type.IsPrimitive)
            return;
        // One context per call: it caches as it reads and is not thread-safe, and services in one
        // process (the tests start dozens) build their documents at the same time.
        var nullability = new NullabilityInfoContext();
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!target.Properties.TryGetValue(name, out var entry) || entry is not OpenApiSchemaReference reference)
                continue;
            if (nullability.Create(property).ReadState != NullabilityState.Nullable)
                continue;
            target.Properties[name] = new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
        }
    }
}
