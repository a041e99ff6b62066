using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Articles.Sections;

/// <summary>
/// Shapes the two section unions (sections as read, <see cref="Section"/>, and as written,
/// <see cref="SectionInput"/>) so that NSwag, Kiota and openapi-typescript each generate one
/// type per section type with all its fields, reading and sending. Measured with the three
/// generators (README, "The section union"); for a union U and each type X of it:
/// <list type="bullet">
/// <item><c>U</c> is the base: the common properties (type, id, position) and a discriminator
/// mapping each type name to its schema; NSwag makes it a base class with a converter.</item>
/// <item><c>X</c> is <c>allOf [U, {own properties, allOf [XTag]}]</c>, closed with
/// <c>unevaluatedProperties: false</c>.</item>
/// <item><c>XTag</c> holds <c>type</c> as a constant with that default and a discriminator of its
/// own: Kiota then sets <c>type</c> when a client builds an X, and NSwag sends it exactly once.</item>
/// <item>Every use is an inline <c>oneOf [UAny, X…]</c>, which TypeScript narrows on <c>type</c>;
/// <c>UAny</c> (<c>allOf [U]</c>, <c>not: {}</c>) matches nothing and is listed first because NSwag
/// types a oneOf by its first branch, here the base class.</item>
/// </list>
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
        var schemas = document.Components!.Schemas!;
        foreach (var union in Unions)
            ShapeUnion(document, schemas, union);
        // The one named enum of the five types, which ?type= and ?sectionType= refer to (SectionTypeName).
        schemas[SectionTypeName.SchemaId] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The five section types.",
            Enum = SectionKinds.Names.Select(n => (JsonNode)JsonValue.Create(n)!).ToList(),
        };
    }

    private static void ShapeUnion(OpenApiDocument document, IDictionary<string, IOpenApiSchema> schemas, Type union)
    {
        var unionName = union.Name;
        if (!schemas.TryGetValue(unionName, out var baseEntry) || baseEntry is not OpenApiSchema baseSchema)
            return;
        var common = (baseSchema.Properties ?? new Dictionary<string, IOpenApiSchema>()).ToDictionary();
        var commonRequired = baseSchema.Required ?? new HashSet<string>();
        var branches = DerivedTypes(union).ToDictionary(p => p.Key.Name, p => p.Value);

        var baseReference = new OpenApiSchemaReference(unionName, document);
        var mapping = branches.ToDictionary(b => b.Value, b => new OpenApiSchemaReference(b.Key, document));
        schemas[unionName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = baseSchema.Description,
            Required = new HashSet<string>(["type", .. commonRequired]),
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = $"Which of the {branches.Count} section types this is: {string.Join(", ", branches.Values.Select(v => $"\"{v}\""))}.",
                },
            }.Concat(common).ToDictionary(),
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping },
        };

        foreach (var (id, typeName) in branches)
        {
            var branch = (OpenApiSchema)schemas[id];
            var tag = id + "Tag";
            schemas[tag] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"The constant type of {id}: a client that builds a {id} sends \"type\": \"{typeName}\".",
                Required = new HashSet<string> { "type" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = typeName, Default = JsonValue.Create(typeName) },
                },
                Discriminator = new OpenApiDiscriminator { PropertyName = "type" },
            };
            var own = (branch.Properties ?? new Dictionary<string, IOpenApiSchema>())
                .Where(p => !common.ContainsKey(p.Key) && p.Key != "type").ToDictionary();
            var ownRequired = (branch.Required ?? new HashSet<string>()).Where(own.ContainsKey).ToHashSet();
            schemas[id] = new OpenApiSchema
            {
                Description = branch.Description,
                Examples = branch.Examples,
                AllOf =
                [
                    baseReference,
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = ownRequired.Count > 0 ? ownRequired : null,
                        Properties = own,
                        AllOf = [new OpenApiSchemaReference(tag, document)],
                    },
                ],
                UnevaluatedProperties = false,
            };
        }

        var any = unionName + "Any";
        schemas[any] = new OpenApiSchema
        {
            Description = $"Matches no value. Listed first in each use of {unionName} because generators that type a oneOf by " +
                          $"its first branch (NSwag) then use the base class {unionName}.",
            AllOf = [baseReference],
            Not = new OpenApiSchema(),
        };

        IOpenApiSchema Use() => new OpenApiSchema
        {
            OneOf = [new OpenApiSchemaReference(any, document), .. branches.Keys.Select(id => new OpenApiSchemaReference(id, document))],
        };
        var shaped = new HashSet<string>([unionName, any, .. branches.Keys, .. branches.Keys.Select(id => id + "Tag")]);
        foreach (var (id, schema) in schemas.ToList())
        {
            if (!shaped.Contains(id))
                schemas[id] = ReplaceUses(schema, unionName, branches.Keys.ToHashSet(), Use);
        }
        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [])
        {
            var contents = (operation.Responses ?? []).Values.Select(r => r.Content).Append(operation.RequestBody?.Content);
            foreach (var media in contents.SelectMany(c => c?.Values.AsEnumerable() ?? []))
            {
                if (media is OpenApiMediaType { Schema: { } schema } editable)
                    editable.Schema = ReplaceUses(schema, unionName, branches.Keys.ToHashSet(), Use);
            }
        }
    }

    /// <summary>A reference to the union, or Swashbuckle's oneOf over its types, becomes the union's use.</summary>
    private static IOpenApiSchema ReplaceUses(IOpenApiSchema schema, string unionName, HashSet<string> branchIds, Func<IOpenApiSchema> use)
    {
        if (schema is OpenApiSchemaReference reference)
            return reference.Reference.Id == unionName ? use() : schema;
        if (schema is not OpenApiSchema inline)
            return schema;
        var referenced = (inline.OneOf ?? []).OfType<OpenApiSchemaReference>().Select(r => r.Reference.Id!).ToHashSet();
        if (referenced.Count > 0 && referenced.IsSupersetOf(branchIds) && referenced.Except(branchIds).All(id => id == unionName))
            return use();
        if (inline.Items is not null)
            inline.Items = ReplaceUses(inline.Items, unionName, branchIds, use);
        if (inline.Properties is not null)
        {
            foreach (var (name, property) in inline.Properties.ToList())
                inline.Properties[name] = ReplaceUses(property, unionName, branchIds, use);
        }
        return inline;
    }
}
