using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Platform.Http.Parameters;

/// <summary>A time filter: an ISO 8601 time with Z or an offset, or a date meaning 00:00 UTC; within <see cref="TimeRules"/>.</summary>
public readonly record struct TimeParameter(DateTime Utc) : IParameterType<TimeParameter>
{
    /// <summary>A date (00:00 UTC) or a time with Z or an offset.</summary>
    public static readonly TextPattern Pattern = new(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$");

    public static string Expectation =>
        "An ISO 8601 time with Z or an offset (2025-12-21T18:30:00Z) or a date (2025-12-21), from 1900-01-01T00:00:00Z to 3000-01-01T00:00:00Z.";

    public static IOpenApiSchema Schema => new OpenApiSchema
    {
        Type = JsonSchemaType.String,
        Pattern = Pattern.Pattern,
        Examples = [JsonValue.Create("2025-12-21T18:30:00Z")!],
    };

    public static bool TryParse(string? s, IFormatProvider? provider, out TimeParameter result)
    {
        result = default;
        if (s is null || !Pattern.IsMatch(s))
            return false;
        DateTime utc;
        if (s.Length == 10)
        {
            if (!DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc))
                return false;
        }
        else if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            utc = time.UtcDateTime;
        else
            return false;
        result = new TimeParameter(utc);
        return TimeRules.IsInRange(utc);
    }
}
