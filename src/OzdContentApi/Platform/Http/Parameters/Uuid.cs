using Microsoft.OpenApi;

namespace OzdContentApi.Platform.Http.Parameters;

/// <summary>A UUID in a path, in its one usual spelling (8-4-4-4-12 hex digits).</summary>
public readonly record struct Uuid(Guid Value) : IParameterType<Uuid>
{
    public static string Expectation => "Must be a UUID such as 0193e9a0-7c1a-7b2e-9f4d-2a1b3c4d5e6f.";

    public static IOpenApiSchema Schema => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };

    public static System.Text.Json.Nodes.JsonNode? Example => "019b4023-39a8-7c6b-b24d-1e87d9c6ad90";

    public static bool TryParse(string? s, IFormatProvider? provider, out Uuid result)
    {
        var ok = TryParseExact(s, out var value);
        result = new Uuid(value);
        return ok;
    }

    /// <summary>
    /// Exactly 8-4-4-4-12 hex digits: <see cref="Guid.TryParseExact(string, string, out Guid)"/>
    /// also takes white space and control characters around them ("…862f\n"), which must be a 400
    /// like any other malformed id, not a second name of the same resource.
    /// </summary>
    public static bool TryParseExact(string? s, out Guid value)
    {
        value = default;
        return s is { Length: 36 } && Guid.TryParseExact(s, "D", out value);
    }

    public override string ToString() => Value.ToString();
}
