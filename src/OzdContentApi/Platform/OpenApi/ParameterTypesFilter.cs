using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.Sections;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// Query and path parameters arrive as text so that a bad value is a 400 naming the
/// parameter; here the document states what each one really is, in one table for the whole API.
/// </summary>
public sealed class ParameterTypesFilter : IOperationFilter
{
    private static readonly Dictionary<string, Func<OpenApiSchema>> Schemas = new(StringComparer.Ordinal)
    {
        ["limit"] = () => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = JsonValue.Create(20),
        },
        ["cursor"] = () => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 300 },
        ["since"] = () => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 40 },
        ["status"] = () => Enum("draft", "scheduled", "published", "archived"),
        ["publishedFrom"] = DateOrDateTime,
        ["publishedTo"] = DateOrDateTime,
        ["person"] = IdOrSlug,
        ["idOrSlug"] = IdOrSlug,
        ["sectionId"] = Uuid,
        ["id"] = Uuid,
        ["version"] = () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
    };

    private static readonly Dictionary<string, JsonNode> Examples = new(StringComparer.Ordinal)
    {
        ["idOrSlug"] = JsonValue.Create("usa-und-ukraine-nennen-gespraeche-in-miami-produktiv-und-konstruktiv"),
        ["sectionId"] = JsonValue.Create("019b4023-39a8-7c6b-b24d-1e87d9c6ad90"),
        ["id"] = JsonValue.Create("019b4023-2df0-7646-91ec-ab4622d6ce94"),
        ["version"] = JsonValue.Create(1),
        ["person"] = JsonValue.Create("wolodymyr-selenskyj"),
        ["q"] = JsonValue.Create("Sicherheitsgarantien"),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Name is { } name && Schemas.TryGetValue(name, out var schema))
                parameter.Schema = schema();
            if (parameter.Name is "type" or "sectionType" && parameter.In == ParameterLocation.Query)
                parameter.Schema = SectionTypeReference(context);
            if (parameter.Name == "q" && parameter.In == ParameterLocation.Query)
            {
                var search = context.ApiDescription.RelativePath == "v1/search";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = search ? 200 : 100 };
                parameter.Required = search;
            }
            if (parameter.Name is { } named && Examples.TryGetValue(named, out var example))
                parameter.Example = example.DeepClone();
        }
    }

    /// <summary>One named enum of the five section types, so generated clients get one type for it.</summary>
    private static OpenApiSchemaReference SectionTypeReference(OperationFilterContext context)
    {
        const string name = "SectionType";
        if (!context.SchemaRepository.Schemas.ContainsKey(name))
        {
            var schema = SectionTypeEnum();
            schema.Description = "The five section types.";
            context.SchemaRepository.AddDefinition(name, schema);
        }
        return new OpenApiSchemaReference(name, context.Document);
    }

    private static OpenApiSchema Uuid() => new() { Type = JsonSchemaType.String, Format = "uuid" };

    /// <summary>A UUID or a slug; both fit this pattern.</summary>
    private static OpenApiSchema IdOrSlug() => new()
    {
        Type = JsonSchemaType.String, MaxLength = Http.IdOrSlug.SlugMaxLength, Pattern = Http.IdOrSlug.SlugPattern.Pattern,
    };

    private static OpenApiSchema SectionTypeEnum() => Enum([.. SectionTypes.Names]);

    private static OpenApiSchema Enum(params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
    };

    private static OpenApiSchema DateOrDateTime() => new()
    {
        Type = JsonSchemaType.String,
        Pattern = Articles.ArticleListQuery.TimePattern.Pattern,
        Examples = [JsonValue.Create("2025-12-21T18:30:00Z")!],
    };
}
