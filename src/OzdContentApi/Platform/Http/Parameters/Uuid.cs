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
        var ok = Guid.TryParseExact(s, "D", out var value);
        result = new Uuid(value);
        return ok;
    }

    public override string ToString() => Value.ToString();
}
