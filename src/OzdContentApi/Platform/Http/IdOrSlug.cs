using Microsoft.OpenApi;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Platform.Http;

/// <summary>A path segment that names a resource by its UUID or by its slug.</summary>
public readonly record struct IdOrSlug(Guid? Id, string? Slug) : IParameterType<IdOrSlug>
{
    public static string Expectation =>
        "Must be a UUID or a slug (lowercase letters, digits and single hyphens, at most 200 characters).";

    public static IOpenApiSchema Schema => new OpenApiSchema
    {
        Type = JsonSchemaType.String, MaxLength = SlugMaxLength, Pattern = SlugPattern.Pattern,
    };

    public static System.Text.Json.Nodes.JsonNode? Example => "usa-und-ukraine-nennen-gespraeche-in-miami-produktiv-und-konstruktiv";

    public static bool TryParse(string? s, IFormatProvider? provider, out IdOrSlug result)
    {
        result = default;
        if (s is null)
            return false;
        if (Parameters.Uuid.TryParseExact(s, out var id))
            result = new IdOrSlug(id, null);
        else if (IsSlug(s))
            result = new IdOrSlug(null, s);
        else
            return false;
        return true;
    }

    /// <summary>The same rule as the database's <c>is_slug</c>.</summary>
    public static readonly TextPattern SlugPattern = new("^[a-z0-9]+(?:-[a-z0-9]+)*$");
    public const int SlugMaxLength = Text.Slugs.MaxLength;

    public static bool IsSlug(string value) => value.Length <= SlugMaxLength && SlugPattern.IsMatch(value);


    public override string ToString() => Id?.ToString() ?? Slug!;
}
