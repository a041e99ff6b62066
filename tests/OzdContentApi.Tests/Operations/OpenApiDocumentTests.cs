using System.Text.Json;
using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Infrastructure.Contract;

namespace OzdContentApi.Tests.Operations;

public sealed class OpenApiDocumentTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Regenerate = "OZD_UPDATE_OPENAPI";
    private static readonly string[] SectionTypes = ["report", "commentary", "infobox", "analysis", "glossary"];
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_served_document_is_the_committed_openapi_v1_json()
    {
        var served = await _client.GetStringAsync("/openapi/v1.json");
        var committedPath = Repository.File("openapi", "v1.json");

        // Deliberate regeneration: OZD_UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests, then review the
        // diff. It refuses a change without the version bump it needs (see OpenApiCompatibilityTests).
        // OZD_UPDATE_OPENAPI=document-fix accepts a change that reads as breaking when it only makes the document
        // say what the service always did (a parameter it always required); it still needs a higher version.
        if (Environment.GetEnvironmentVariable(Regenerate) is "1" or "document-fix")
        {
            if (File.Exists(committedPath))
            {
                var problems = OpenApiCompatibility.VersionProblems(
                    JsonNode.Parse(await File.ReadAllTextAsync(committedPath))!.AsObject(), JsonNode.Parse(served)!.AsObject(),
                    documentFix: Environment.GetEnvironmentVariable(Regenerate) == "document-fix");
                Assert.True(problems.Count == 0, "Not regenerated:\n" + string.Join("\n", problems));
            }
            await File.WriteAllTextAsync(committedPath, served);
        }

        // The same bytes (the contract says identical), not only the same JSON.
        Assert.True(File.Exists(committedPath), $"{committedPath} is missing; run with {Regenerate}=1 to write it.");
        Assert.True(await File.ReadAllTextAsync(committedPath) == served,
            $"The served OpenAPI document differs from openapi/v1.json. If the change is intended, run the tests with {Regenerate}=1 and review the diff.");
    }

    // An API key may have every scope, a webhook every event type: a list of distinct values of
    // an enum allows all of them (a key's scopes allowed 3 of the 4).
    [Fact]
    public async Task A_list_of_distinct_enum_values_allows_every_value()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;
        var lists = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject o)
            {
                if (o["uniqueItems"]?.GetValue<bool>() == true && o["items"]?["enum"] is JsonArray values)
                {
                    lists.Add(path);
                    Assert.True(o["maxItems"] is null || o["maxItems"]!.GetValue<int>() >= values.Count,
                        $"{path}: maxItems {o["maxItems"]} of {values.Count} values");
                }
                foreach (var (name, child) in o)
                    Walk(child, $"{path}/{name}");
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                    Walk(a[i], $"{path}[{i}]");
            }
        }
        Walk(document, "");
        Assert.Contains("/components/schemas/ApiKeyInput/properties/scopes", lists);
    }

    [Theory]
    [InlineData("Section", "/v1/articles/{idOrSlug}/sections/{sectionId}", "get", "200")]
    [InlineData("SectionInput", "/v1/articles/{idOrSlug}/sections", "post", null)]
    public async Task A_section_union_is_a_base_with_a_discriminator_and_one_closed_schema_per_type(
        string union, string path, string method, string? response)
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");

        // The base: "type" required, and a discriminator naming each type's schema.
        var baseSchema = schemas.GetProperty(union);
        Assert.Contains("type", baseSchema.GetProperty("required").Strings());
        var mapping = baseSchema.GetProperty("discriminator").GetProperty("mapping");
        Assert.Equal(SectionTypes, mapping.EnumerateObject().Select(m => m.Name));

        foreach (var type in SectionTypes)
        {
            var id = mapping.GetProperty(type).GetString()!.Split('/').Last();
            var branch = schemas.GetProperty(id);
            // Each type extends the base, is closed, and fixes "type" to its own name through its tag.
            Assert.False(branch.GetProperty("unevaluatedProperties").GetBoolean());
            var parts = branch.GetProperty("allOf").EnumerateArray().ToList();
            Assert.Equal($"#/components/schemas/{union}", parts[0].GetProperty("$ref").GetString());
            var tagId = parts[1].GetProperty("allOf")[0].GetProperty("$ref").GetString()!.Split('/').Last();
            var tagType = schemas.GetProperty(tagId).GetProperty("properties").GetProperty("type");
            Assert.Equal((type, type), (tagType.GetProperty("const").GetString(), tagType.GetProperty("default").GetString()));
            Assert.NotEmpty(parts[1].GetProperty("properties").EnumerateObject());
        }

        // Every use is the same oneOf: the never-matching base first, then the five types.
        var any = schemas.GetProperty(union + "Any");
        Assert.True(any.TryGetProperty("not", out _));
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var use = response is null
            ? operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema")
            : operation.GetProperty("responses").GetProperty(response).GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal([union + "Any", .. SectionTypes.Select(t => mapping.GetProperty(t).GetString()!.Split('/').Last())],
            use.GetProperty("oneOf").EnumerateArray().Select(b => b.GetProperty("$ref").GetString()!.Split('/').Last()));
    }

    [Fact]
    public async Task Every_link_names_an_operation_of_the_document_and_its_parameters()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
                .Select(o => (Id: o.Value.GetProperty("operationId").GetString()!, Parameters: Parameters(p.Value, o.Value))))
            .ToDictionary(o => o.Id, o => o.Parameters);

        var links = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _))
            .SelectMany(o => o.Value.GetProperty("responses").EnumerateObject())
            .Where(r => r.Value.TryGetProperty("links", out _))
            .SelectMany(r => r.Value.GetProperty("links").EnumerateObject())
            .ToList();

        Assert.True(links.Count >= 10, $"{links.Count} links");
        foreach (var link in links)
        {
            var target = link.Value.GetProperty("operationId").GetString()!;
            Assert.True(operations.ContainsKey(target), $"link {link.Name} names unknown operation {target}");
            // A link parameter may name where it goes: "header.If-Match", "path.idOrSlug".
            foreach (var parameter in link.Value.GetProperty("parameters").EnumerateObject())
                Assert.Contains(parameter.Name.Split('.', 2) is [("path" or "query" or "header" or "cookie"), var name] ? name : parameter.Name, operations[target]);
        }
    }

    private static HashSet<string> Parameters(JsonElement pathItem, JsonElement operation) =>
        new[] { pathItem, operation }
            .Where(e => e.TryGetProperty("parameters", out _))
            .SelectMany(e => e.GetProperty("parameters").EnumerateArray())
            .Select(p => p.GetProperty("name").GetString()!)
            .ToHashSet();
}
