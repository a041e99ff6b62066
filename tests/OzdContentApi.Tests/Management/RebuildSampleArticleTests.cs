using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Management;

/// <summary>
/// An editor's tool rebuilds the sample article on an empty service through the HTTP API
/// alone, and delivery then serves exactly what the demo content serves.
/// </summary>
public sealed class RebuildSampleArticleTests(EmptyContentApiFactory empty, ContentApiFactory demo)
    : IClassFixture<EmptyContentApiFactory>, IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task The_sample_article_rebuilt_through_the_API_reads_back_identical_to_the_demo_content()
    {
        var editor = await empty.ClientWithScopesAsync("write");
        var seedPersons = JsonNode.Parse(await File.ReadAllTextAsync(Repository.File("db", "seed", "persons.json")))!.AsArray();
        var seedArticle = JsonNode.Parse(await File.ReadAllTextAsync(Repository.File("db", "seed", "articles.json")))!.AsArray()[0]!.AsObject();

        var personIds = new Dictionary<string, string>();
        foreach (var person in seedPersons)
        {
            var body = new JsonObject { ["slug"] = Copy(person!["slug"]), ["name"] = Copy(person["name"]), ["description"] = Copy(person["description"]) };
            var created = await (await editor.PostJsonAsync("/v1/persons", body.ToJsonString())).ReadJsonAsync(HttpStatusCode.Created);
            personIds[person["id"]!.GetValue<string>()] = created.GetProperty("id").GetString()!;
        }

        var input = new JsonObject();
        foreach (var field in new[] { "slug", "title", "teaser", "language", "source", "imageCredit", "disclaimer", "extras" })
            input[field] = Copy(seedArticle[field]);
        input["persons"] = new JsonArray(seedArticle["persons"]!.AsArray().Select(p => (JsonNode)new JsonObject
        {
            ["personId"] = personIds[p!["personId"]!.GetValue<string>()], ["role"] = Copy(p["role"]),
        }).ToArray());
        var sections = new JsonArray();
        foreach (var seedSection in seedArticle["sections"]!.AsArray())
        {
            var section = Copy(seedSection)!.AsObject();
            section.Remove("id");
            section.Remove("position");
            foreach (var entry in section["entries"]?.AsArray() ?? [])
            {
                if (entry!["personId"]?.GetValue<string>() is { } linked)
                    entry["personId"] = personIds[linked];
            }
            sections.Add(section);
        }
        input["sections"] = sections;

        var draft = await editor.PostJsonAsync("/v1/articles", input.ToJsonString());
        await draft.ReadJsonAsync(HttpStatusCode.Created);
        var publishAt = seedArticle["publishedAt"]!.GetValue<string>();
        await (await editor.PostJsonAsync($"/v1/articles/{SampleArticle.Slug}/publish", $$"""{"publishAt": "{{publishAt}}"}""", draft.ETag())).ReadJsonAsync();

        var rebuilt = await empty.CreateClient().GetStringAsync($"/v1/articles/{SampleArticle.Slug}");
        var original = await demo.CreateClient().GetStringAsync($"/v1/articles/{SampleArticle.Slug}");
        Assert.Equal(WithoutIdentity(original), WithoutIdentity(rebuilt));
    }

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    /// <summary>The article with ids numbered by first appearance and without timestamps or version.</summary>
    private static string WithoutIdentity(string json)
    {
        var article = JsonNode.Parse(json)!.AsObject();
        foreach (var field in new[] { "createdAt", "updatedAt", "version" })
            article.Remove(field);
        var ids = new Dictionary<string, string>();
        string Alias(string id) => ids.TryGetValue(id, out var alias) ? alias : ids[id] = $"id-{ids.Count + 1}";

        article["id"] = Alias(article["id"]!.GetValue<string>());
        foreach (var person in article["persons"]!.AsArray())
            person!["personId"] = Alias(person["personId"]!.GetValue<string>());
        foreach (var section in article["sections"]!.AsArray())
        {
            section!["id"] = Alias(section["id"]!.GetValue<string>());
            foreach (var entry in section["entries"]?.AsArray() ?? [])
            {
                if (entry!["personId"]?.GetValue<string>() is { } linked)
                    entry["personId"] = Alias(linked);
            }
        }
        return article.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
