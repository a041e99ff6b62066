using System.Text.Json.Nodes;

namespace OzdContentApi.Tests.Infrastructure.Contract;

/// <summary>
/// What a new version of the document takes away from clients built on the old one: paths,
/// operations, operationIds, parameters, schemas, properties, enum values, response statuses;
/// and what it newly demands: required request properties and parameters.
/// </summary>
public static class OpenApiCompatibility
{
    public static IReadOnlyList<string> BreakingChanges(JsonObject before, JsonObject after)
    {
        var breaks = new List<string>();
        var oldPaths = before["paths"]!.AsObject();
        var newPaths = after["paths"]!.AsObject();
        foreach (var (path, oldItem) in oldPaths)
        {
            if (newPaths[path] is not JsonObject newItem)
            {
                breaks.Add($"path {path} removed");
                continue;
            }
            foreach (var (method, oldOperation) in oldItem!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                if (newItem[method] is not JsonObject newOperation)
                {
                    breaks.Add($"{where} removed");
                    continue;
                }
                if (Text(oldOperation!["operationId"]) != Text(newOperation["operationId"]))
                    breaks.Add($"{where}: operationId {Text(oldOperation["operationId"])} renamed to {Text(newOperation["operationId"])}");
                var oldParameters = Parameters(oldOperation.AsObject());
                var newParameters = Parameters(newOperation);
                breaks.AddRange(oldParameters.Keys.Except(newParameters.Keys).Select(p => $"{where}: parameter {p} removed"));
                breaks.AddRange(newParameters.Where(p => p.Value && !oldParameters.ContainsKey(p.Key) || p.Value && oldParameters.TryGetValue(p.Key, out var wasRequired) && !wasRequired)
                    .Select(p => $"{where}: parameter {p.Key} is now required"));
                var oldStatuses = oldOperation["responses"]!.AsObject().Select(r => r.Key);
                breaks.AddRange(oldStatuses.Except(newOperation["responses"]!.AsObject().Select(r => r.Key)).Select(s => $"{where}: response {s} removed"));
            }
        }

        var oldSchemas = before["components"]!["schemas"]!.AsObject();
        var newSchemas = after["components"]!["schemas"]!.AsObject();
        foreach (var (name, oldSchema) in oldSchemas)
        {
            if (newSchemas[name] is not JsonObject newSchema)
            {
                breaks.Add($"schema {name} removed or renamed");
                continue;
            }
            var oldProperties = Properties(oldSchema!.AsObject(), oldSchemas);
            var newProperties = Properties(newSchema, newSchemas);
            breaks.AddRange(oldProperties.Keys.Except(newProperties.Keys).Select(p => $"schema {name}: property {p} removed or renamed"));
            if (name.EndsWith("Input", StringComparison.Ordinal))
            {
                var oldRequired = Required(oldSchema.AsObject(), oldSchemas);
                breaks.AddRange(Required(newSchema, newSchemas).Except(oldRequired).Select(p => $"schema {name}: property {p} is now required"));
            }
            breaks.AddRange(Strings(oldSchema["enum"]).Except(Strings(newSchema["enum"])).Select(v => $"schema {name}: enum value {v} removed"));
            foreach (var property in oldProperties.Keys.Intersect(newProperties.Keys))
            {
                var oldType = TypeOf(oldProperties[property]);
                var newType = TypeOf(newProperties[property]);
                if (oldType != newType)
                    breaks.Add($"schema {name}: property {property} changed type from {oldType} to {newType}");
            }
        }
        return breaks;
    }

    /// <summary>The version rule: any change needs a higher version, a breaking one a higher major.</summary>
    /// <param name="documentFix">
    /// The change corrects the document to what the service always did (no client that worked can
    /// break), so a higher minor version is enough.
    /// </param>
    public static IReadOnlyList<string> VersionProblems(JsonObject before, JsonObject after, bool documentFix = false)
    {
        if (JsonNode.DeepEquals(before, after))
            return [];
        var oldVersion = Version.Parse(Text(before["info"]!["version"])!);
        var newVersion = Version.Parse(Text(after["info"]!["version"])!);
        var breaking = documentFix ? [] : BreakingChanges(before, after);
        if (breaking.Count > 0 && newVersion.Major <= oldVersion.Major)
            return [$"info.version {newVersion} keeps major {oldVersion.Major} but the change breaks clients (that needs /v2):", .. breaking];
        if (newVersion <= oldVersion)
            return [$"info.version {newVersion} is not higher than the committed {oldVersion}: bump the minor version for an addition"];
        return [];
    }

    private static Dictionary<string, bool> Parameters(JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject())
            .ToDictionary(p => $"{Text(p["in"])}:{Text(p["name"])}", p => p["required"]?.GetValue<bool>() == true);

    private static IEnumerable<string> Strings(JsonNode? array) =>
        array?.AsArray().Select(v => v?.ToJsonString() ?? "null") ?? [];

    private static IEnumerable<string> Names(JsonNode? array) => array?.AsArray().Select(v => v!.GetValue<string>()) ?? [];

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    /// <summary>A schema's properties, its own and those of the schemas it is allOf (an OpenAPI 3.1 subtype).</summary>
    private static Dictionary<string, JsonNode> Properties(JsonObject schema, JsonObject schemas)
    {
        var properties = new Dictionary<string, JsonNode>();
        foreach (var part in Parts(schema, schemas))
        {
            foreach (var (name, property) in part["properties"]?.AsObject() ?? [])
                properties.TryAdd(name, property!);
        }
        return properties;
    }

    private static HashSet<string> Required(JsonObject schema, JsonObject schemas) =>
        Parts(schema, schemas).SelectMany(p => Names(p["required"])).ToHashSet();

    private static IEnumerable<JsonObject> Parts(JsonObject schema, JsonObject schemas)
    {
        yield return schema;
        foreach (var member in schema["allOf"]?.AsArray() ?? [])
        {
            var resolved = member?["$ref"] is { } reference
                ? schemas[Text(reference)!.Split('/')[^1]]?.AsObject()
                : member?.AsObject();
            if (resolved is null)
                continue;
            foreach (var part in Parts(resolved, schemas))
                yield return part;
        }
    }

    /// <summary>The JSON types a property allows, the same whether 3.0 says nullable or 3.1 lists "null".</summary>
    private static string TypeOf(JsonNode property)
    {
        if (property["$ref"] is not null)
            return "object";
        if ((property["oneOf"] ?? property["anyOf"]) is JsonArray members)
            return string.Join("|", members.SelectMany(m => TypeOf(m!).Split('|')).Distinct().Order());
        var types = property["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        if (property["nullable"]?.GetValue<bool>() == true)
            types.Add("null");
        return string.Join("|", types.Distinct().Order());
    }
}
