using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.Sections;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// Shapes the section union the way generated clients need it. Swashbuckle writes each section
/// type as <c>allOf [Section]</c> without the <c>type</c> property and puts a bare <c>oneOf</c>
/// where sections are used, so generators cannot tell the five apart. Here each type becomes
/// one flat object whose <c>type</c> is a one-value enum, <c>Section</c> becomes
/// <c>oneOf</c> the five with a <c>discriminator</c> mapping, and every use refers to it.
/// </summary>
public sealed class SectionUnionFilter : IDocumentFilter
{
    private const string UnionName = "Section";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(UnionName, out var baseEntry) || baseEntry is not OpenApiSchema baseSchema)
            return;

        var branchIds = new HashSet<string>();
        var mapping = new Dictionary<string, OpenApiSchemaReference>();
        foreach (var clrType in SectionTypes.ClrTypes)
        {
            var id = clrType.Name;
            var typeName = SectionTypes.NameOf(clrType);
            schemas[id] = Flatten(baseSchema, (OpenApiSchema)schemas[id], typeName);
            mapping[typeName] = new OpenApiSchemaReference(id, document);
            branchIds.Add(id);
        }

        schemas[UnionName] = new OpenApiSchema
        {
            Description = baseSchema.Description,
            OneOf = mapping.Values.Cast<IOpenApiSchema>().ToList(),
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
        };

        var unionReference = new OpenApiSchemaReference(UnionName, document);
        foreach (var (id, schema) in schemas.ToList())
        {
            if (id != UnionName)
                schemas[id] = ReplaceUnion(schema, branchIds, unionReference);
        }
        var operations = document.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [];
        foreach (var operation in operations)
        {
            foreach (var response in (operation.Responses ?? []).Values)
            {
                foreach (var media in response.Content?.Values ?? [])
                {
                    if (media is OpenApiMediaType { Schema: { } schema } editable)
                        editable.Schema = ReplaceUnion(schema, branchIds, unionReference);
                }
            }
        }
    }

    private static OpenApiSchema Flatten(OpenApiSchema baseSchema, OpenApiSchema branch, string typeName)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [JsonValue.Create(typeName)],
                Description = $"Always \"{typeName}\": the discriminator of the section union.",
            },
        };
        IEnumerable<KeyValuePair<string, IOpenApiSchema>> inherited = baseSchema.Properties ?? new Dictionary<string, IOpenApiSchema>();
        IEnumerable<KeyValuePair<string, IOpenApiSchema>> own = branch.Properties ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in inherited.Concat(own))
            properties[name] = schema;

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = branch.Description,
            Required = new HashSet<string>(["type", .. baseSchema.Required ?? Enumerable.Empty<string>(), .. branch.Required ?? Enumerable.Empty<string>()]),
            Properties = properties,
        };
    }

    private static IOpenApiSchema ReplaceUnion(IOpenApiSchema schema, HashSet<string> branchIds, OpenApiSchemaReference union)
    {
        if (schema is not OpenApiSchema inline)
            return schema;
        if (inline.OneOf is { Count: > 0 } oneOf
            && oneOf.All(s => s is OpenApiSchemaReference r && branchIds.Contains(r.Reference.Id!))
            && oneOf.Count == branchIds.Count)
        {
            return union;
        }

        if (inline.Items is not null)
            inline.Items = ReplaceUnion(inline.Items, branchIds, union);
        if (inline.Properties is not null)
        {
            foreach (var (name, property) in inline.Properties.ToList())
                inline.Properties[name] = ReplaceUnion(property, branchIds, union);
        }
        return inline;
    }
}
