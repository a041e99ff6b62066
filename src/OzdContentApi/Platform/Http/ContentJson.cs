using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// The one JSON dialect of the service: HTTP bodies, section bodies in the database and the
/// demo content files all use it.
/// </summary>
public static class ContentJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        // German text stays as written („…“, ä, ß, –) instead of \u escapes. These bodies are not
        // meant for HTML; the one format that is (JSON-LD) escapes what HTML reads (FormatCache).
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Clients may send "type" anywhere in a section object, and jsonb reorders keys.
        options.AllowOutOfOrderMetadataProperties = true;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // The web defaults read "10" as a number, "Name" as "name" and let the last of two equal
        // names win; a body says each property once, as the contract spells it, numbers as numbers.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new UtcDateTimeConverter());
        return options;
    }

    public static IServiceCollection AddContentJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
}
