using Microsoft.OpenApi;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Search;

/// <summary>What a reader typed into the search box: 1–200 characters that PostgreSQL can store.</summary>
public readonly record struct SearchText(string Value) : IParameterType<SearchText>
{
    public static string Expectation => $"1–{SearchQuery.MaxLength} characters of text to search for, without NUL characters.";

    public static IOpenApiSchema Schema => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = SearchQuery.MaxLength };

    public static System.Text.Json.Nodes.JsonNode? Example => "Sicherheitsgarantien";

    public static bool TryParse(string? s, IFormatProvider? provider, out SearchText result)
    {
        result = new SearchText(s?.Trim() ?? "");
        return s is not null && result.Value.Length > 0 && TextRules.Characters(s) <= SearchQuery.MaxLength && TextRules.BeStorable(s);
    }
}
