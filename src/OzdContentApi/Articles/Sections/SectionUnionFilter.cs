using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using System.Text.Json.Serialization;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Articles.Sections;

/// <summary>
/// Shapes the section unions (sections as read, and as written) the way generated clients need
/// them. Swashbuckle writes each section type as <c>allOf [Section]</c> without the <c>type</c>
/// property and puts a bare <c>oneOf</c> where sections are used, so generators cannot tell the
/// five apart. Here each type becomes one flat object whose <c>type</c> is a one-value enum, the
/// union becomes <c>oneOf</c> the five with a <c>discriminator</c> mapping, and every use refers to it.
/// </summary>
public sealed class SectionUnionFilter : IDocumentFilter
{
    /// <summary>The polymorphic base types; their subtypes come from their JsonDerivedType attributes.</summary>
    public static readonly Type[] Unions = [typeof(Section), typeof(SectionInput)];

    public static IEnumerable<Type> SubTypesOf(Type type) => Unions.Contains(type) ? DerivedTypes(type).Keys : [];

    private static Dictionary<Type, string> DerivedTypes(Type union) =>
        union.GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false).Cast<JsonDerivedTypeAttribute>()
            .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var union in Unions)
            ShapeUnion(document, union);
        // The one named enum of the five types, which ?type= and ?sectionType= refer to (SectionTypeName).
        document.Components!.Schemas![SectionTypeName.SchemaId] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The five section types.",
            Enum = SectionKinds.Names.Select(n => (JsonNode)JsonValue.Create(n)!).ToList(),
        };
    }

    private static void ShapeUnion(OpenApiDocument document, Type union)
    {
        var unionName = union.Name;
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(unionName, out var baseEntry) || baseEntry is not OpenApiSchema baseSchema)
            return;

        var branchIds = new HashSet<string>();
        var mapping = new Dictionary<string, OpenApiSchemaReference>();
        foreach (var (clrType, typeName) in DerivedTypes(union))
        {
            var id = clrType.Name;
            schemas[id] = Flatten(baseSchema, (OpenApiSchema)schemas[id], typeName);
            mapping[typeName] = new OpenApiSchemaReference(id, document);
            branchIds.Add(id);
        }

        schemas[unionName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = baseSchema.Description,
            OneOf = mapping.Values.Cast<IOpenApiSchema>().ToList(),
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
        };

        var unionReference = new OpenApiSchemaReference(unionName, document);
        foreach (var (id, schema) in schemas.ToList())
        {
            if (id != unionName)
                schemas[id] = ReplaceUnion(schema, branchIds, unionReference);
        }
        var operations = document.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [];
        foreach (var operation in operations)
        {
            var contents = (operation.Responses ?? []).Values.Select(r => r.Content)
                .Append(operation.RequestBody?.Content);
            foreach (var media in contents.SelectMany(c => c?.Values.AsEnumerable() ?? []))
            {
                if (media is OpenApiMediaType { Schema: { } schema } editable)
                    editable.Schema = ReplaceUnion(schema, branchIds, unionReference);
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
                Description = $"Always \"{typeName}\": says which of the five section types this is.",
            },
        };
        IEnumerable<KeyValuePair<string, IOpenApiSchema>> inherited = baseSchema.Properties ?? new Dictionary<string, IOpenApiSchema>();
        IEnumerable<KeyValuePair<string, IOpenApiSchema>> own = branch.Properties ?? new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in inherited.Concat(own))
            properties[name] = schema;

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalPropertiesAllowed = false,
            Description = branch.Description,
            Required = new HashSet<string>(["type", .. baseSchema.Required ?? Enumerable.Empty<string>(), .. branch.Required ?? Enumerable.Empty<string>()]),
            Properties = properties,
        };
    }

    private static IOpenApiSchema ReplaceUnion(IOpenApiSchema schema, HashSet<string> branchIds, OpenApiSchemaReference union)
    {
        if (schema is not OpenApiSchema inline)
            return schema;
        // Swashbuckle lists the branches, and a base type that is not abstract as well.
        var referenced = (inline.OneOf ?? []).OfType<OpenApiSchemaReference>().Select(r => r.Reference.Id!).ToHashSet();
        if (referenced.Count > 0 && referenced.IsSupersetOf(branchIds)
            && referenced.Except(branchIds).All(id => id == union.Reference.Id))
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
