using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Formats;

/// <summary>
/// The schema.org vocabulary (tests/standards/schemaorg, release 30.0): which types and properties
/// exist, each type's ancestors, each property's domain. Checks a JSON-LD document against it.
/// </summary>
public sealed class SchemaOrgVocabulary
{
    public static readonly SchemaOrgVocabulary Current = new(Repository.File("tests", "standards", "schemaorg", "schemaorg-current-https.jsonld"));

    private readonly Dictionary<string, string[]> _parents = [];
    private readonly Dictionary<string, string[]> _domains = [];

    private SchemaOrgVocabulary(string path)
    {
        foreach (var term in JsonNode.Parse(File.ReadAllText(path))!["@graph"]!.AsArray().OfType<JsonObject>())
        {
            var id = Name(term["@id"]!.GetValue<string>());
            var kinds = Ids(term["@type"]);
            if (kinds.Contains("rdfs:Class"))
                _parents[id] = Ids(term["rdfs:subClassOf"]).Select(Name).ToArray();
            if (kinds.Contains("rdf:Property"))
                _domains[id] = Ids(term["schema:domainIncludes"]).Select(Name).ToArray();
        }
    }

    /// <returns>Every type that is not in the vocabulary and every property that is not, or is used on a type outside its domain.</returns>
    public IReadOnlyList<string> Problems(JsonNode document)
    {
        var problems = new List<string>();
        Check(document, "$", problems);
        return problems;
    }

    private void Check(JsonNode? node, string path, List<string> problems)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    Check(array[i], $"{path}[{i}]", problems);
                break;
            case JsonObject obj when obj["@type"] is { } typeNode:
                var types = typeNode is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToArray() : [typeNode.GetValue<string>()];
                foreach (var type in types.Where(t => !_parents.ContainsKey(t)))
                    problems.Add($"{path}: no type {type} in schema.org");
                var ancestors = types.Where(_parents.ContainsKey).SelectMany(Ancestors).ToHashSet();
                foreach (var (name, value) in obj)
                {
                    if (name.StartsWith('@'))
                        continue;
                    if (!_domains.TryGetValue(name, out var domain))
                        problems.Add($"{path}.{name}: no property {name} in schema.org");
                    else if (!domain.Any(ancestors.Contains))
                        problems.Add($"{path}.{name}: {name} is for {string.Join("/", domain)}, not {string.Join("/", types)}");
                    Check(value, $"{path}.{name}", problems);
                }
                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                    Check(value, $"{path}.{name}", problems);
                break;
        }
    }

    private IEnumerable<string> Ancestors(string type)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([type]);
        while (queue.TryDequeue(out var next))
        {
            if (!seen.Add(next))
                continue;
            foreach (var parent in _parents.GetValueOrDefault(next, []))
                queue.Enqueue(parent);
        }
        return seen;
    }

    private static string[] Ids(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.SelectMany(Ids).ToArray(),
        JsonObject obj => obj["@id"] is { } id ? [id.GetValue<string>()] : [],
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    private static string Name(string id) => id.StartsWith("schema:", StringComparison.Ordinal) ? id["schema:".Length..] : id;
}
