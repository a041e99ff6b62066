using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.Platform.Http.Parameters;

namespace OzdContentApi.Platform.Paging;

/// <summary>Items per page: a whole number from 1 to 100; 20 when absent.</summary>
public readonly record struct Limit(int Value) : IParameterType<Limit>
{
    public const int Default = 20;
    public const int Max = 100;

    public static string Expectation => $"Must be a whole number from 1 to {Max}.";

    public static IOpenApiSchema Schema => new OpenApiSchema
    {
        Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = Max.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(Default),
    };

    public static bool TryParse(string? s, IFormatProvider? provider, out Limit result)
    {
        var ok = int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= Max;
        result = new Limit(ok ? value : Default);
        return ok;
    }
}
