using System.Text.Json.Nodes;
using Json.Schema;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Formats;

/// <summary>The IPTC ninjs 3.2 JSON Schema from tests/standards, evaluated with formats required.</summary>
public static class NinjsSchema
{
    private static readonly Lazy<(JsonSchema Schema, EvaluationOptions Options)> Loaded = new(Load);

    /// <summary>Every error the schema finds in the document, as "location: message"; empty when valid.</summary>
    public static IReadOnlyList<string> Problems(string document)
    {
        var (schema, options) = Loaded.Value;
        var result = schema.Evaluate(JsonNode.Parse(document), options);
        return result.IsValid
            ? []
            : result.Details.Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).DefaultIfEmpty("invalid").ToList();
    }

    private static (JsonSchema, EvaluationOptions) Load()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        // places[].geoJSON points at geojson.org, which the tests cannot reach (see tests/standards/ninjs/README.txt).
        // We never send places, so the reference is mapped to "any object".
        options.SchemaRegistry.Register(new Uri("https://geojson.org/schema/GeoJSON.json"),
            JsonSchema.FromText("""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://geojson.org/schema/GeoJSON.json","type":"object"}"""));
        var schema = JsonSchema.FromText(File.ReadAllText(Repository.File("tests", "standards", "ninjs", "ninjs-schema_3.2.json")));
        return (schema, options);
    }
}
