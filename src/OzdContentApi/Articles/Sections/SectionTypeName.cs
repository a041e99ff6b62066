using Microsoft.OpenApi;
using OzdContentApi.Platform.Http.Parameters;

namespace OzdContentApi.Articles.Sections;

/// <summary>A section type as a query parameter (<c>?type=commentary</c>): one of the names in <see cref="SectionKinds"/>.</summary>
public readonly record struct SectionTypeName(string Value) : IParameterType<SectionTypeName>
{
    /// <summary>The document's named enum of the five types (its schema is written by the section union filter).</summary>
    public const string SchemaId = "SectionType";

    public static string Expectation => $"Must be one of: {string.Join(", ", SectionKinds.Names)}.";

    public static IOpenApiSchema Schema => new OpenApiSchemaReference(SchemaId);

    public static bool TryParse(string? s, IFormatProvider? provider, out SectionTypeName result)
    {
        result = new SectionTypeName(s ?? "");
        return s is not null && SectionKinds.IsKnown(s);
    }

    public override string ToString() => Value;
}
