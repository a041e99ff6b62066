using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OzdContentApi.Tests.Infrastructure.Contract;

/// <summary>
/// The committed openapi/v1.json as a checker of real responses: the status must be declared
/// for the operation, the content type declared for the status, and the body valid under the
/// declared schema by strict JSON Schema (2020-12, formats checked, no extra properties where
/// the document forbids them).
/// </summary>
public sealed class OpenApiContract
{
    public static OpenApiContract Committed { get; } = new(JsonNode.Parse(File.ReadAllText(Repository.File("openapi", "v1.json")))!.AsObject());

    private readonly List<(string Method, string[] Segments, JsonObject Operation, string Template)> _operations = [];
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private static readonly EvaluationOptions Strict = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public OpenApiContract(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
                _operations.Add((method.ToUpperInvariant(), path.Trim('/').Split('/'), operation!.AsObject(), path));
        }
        _definitions = new JsonObject();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
            _definitions[name] = ToJsonSchema(schema!);
    }

    /// <returns>Every way the response breaks the document; empty when it is allowed.</returns>
    /// <param name="hasHeader">Whether the response carries a header (by name, any case); its required headers are checked when given.</param>
    public IReadOnlyList<string> Check(string method, string path, HttpStatusCode status, string? mediaType, byte[] body,
        Func<string, bool>? hasHeader = null)
    {
        var operation = Find(method, path);
        if (operation is null)
            return []; // no such operation in the document: unknown routes and wrong methods are the framework's
        var (template, spec) = operation.Value;
        var where = $"{method} {template} → {(int)status}";

        var responses = spec["responses"]!.AsObject();
        var response = responses[((int)status).ToString()] ?? responses["default"];
        if (response is null)
            return [$"{where}: status not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})"];
        var missing = (response["headers"]?.AsObject() ?? [])
            .Where(h => h.Value?["required"]?.GetValue<bool>() == true && hasHeader is not null && !hasHeader(h.Key))
            .Select(h => $"{where}: required header {h.Key} missing")
            .ToList();
        return [.. missing, .. CheckBody(where, response, status, mediaType, body)];
    }

    private IReadOnlyList<string> CheckBody(string where, JsonNode response, HttpStatusCode status, string? mediaType, byte[] body)
    {

        var content = response["content"]?.AsObject();
        if (body.Length == 0)
            return content is null || status is HttpStatusCode.NotModified or HttpStatusCode.NoContent ? [] : [$"{where}: empty body, content declared"];
        if (content is null)
            return [$"{where}: a body where none is declared"];
        if (mediaType is null || content[mediaType] is not JsonObject media)
            return [$"{where}: content type {mediaType} not declared (declared: {string.Join(", ", content.Select(c => c.Key))})"];
        if (media["schema"] is not { } schemaNode)
            return [];

        JsonNode? instance;
        try
        {
            // A document in another syntax (the XML feeds) is declared as a string.
            instance = mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)
                ? JsonNode.Parse(body)
                : JsonValue.Create(System.Text.Encoding.UTF8.GetString(body));
        }
        catch (JsonException e)
        {
            return [$"{where}: body is not JSON ({e.Message})"];
        }
        var schema = _schemas.GetOrAdd(schemaNode.ToJsonString(), _ => Compile(schemaNode));
        var result = schema.Evaluate(instance, Strict);
        if (result.IsValid)
            return [];
        return result.Details
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{where}: {d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .Take(20)
            .ToList();
    }

    private (string Template, JsonObject Operation)? Find(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var candidates = _operations
            .Where(o => o.Segments.Length == segments.Length
                        && o.Segments.Zip(segments).All(p => p.First.StartsWith('{') || p.First == Uri.UnescapeDataString(p.Second)))
            .OrderByDescending(o => o.Segments.Count(s => !s.StartsWith('{')))
            .ToList();
        if (candidates.Count == 0)
            return null;
        // The most literal template that matches the path decides; a method it lacks is a 405, not ours to judge.
        var best = candidates.Where(o => o.Segments.Count(s => !s.StartsWith('{')) == candidates[0].Segments.Count(s => !s.StartsWith('{')));
        var match = best.FirstOrDefault(o => o.Method == method);
        return match.Operation is null ? null : (match.Template, match.Operation);
    }

    private JsonSchema Compile(JsonNode schemaNode)
    {
        var root = ToJsonSchema(schemaNode).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.DeepClone();
        return JsonSchema.FromText(root.ToJsonString());
    }

    /// <summary>OpenAPI 3.0 schema → JSON Schema 2020-12: refs, nullable, and keywords that are only documentation.</summary>
    private static JsonNode ToJsonSchema(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : ToJsonSchema(item)).ToArray());
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key is "nullable" or "discriminator" or "example" or "examples" or "xml" or "externalDocs")
                        continue;
                    if (key == "$ref")
                        result[key] = value!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/");
                    else if (key == "format" && value!.GetValue<string>() is "int32" or "int64" or "double" or "float")
                        continue;
                    else
                        result[key] = key is "properties" or "$defs"
                            ? new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)ToJsonSchema(p.Value!))))
                            : value is JsonObject or JsonArray && key is not ("required" or "enum") ? ToJsonSchema(value) : value?.DeepClone();
                }
                // OpenAPI 3.0.3: nullable adds null to the allowed values, whatever else the schema says.
                return obj["nullable"]?.GetValue<bool>() == true
                    ? new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) }
                    : result;
            }
            default:
                return node.DeepClone();
        }
    }
}
