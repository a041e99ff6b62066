using System.Net;
using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Formats;

/// <summary>
/// Partners key people on the identifiers the formats give them: those are the person's id, like
/// the article's own, so an editor changing a person's slug changes no identifier.
/// </summary>
public sealed class PersonIdentityTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task A_persons_identifier_in_ninjs_and_JSON_LD_is_its_id_and_survives_a_new_slug()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Ida Identität", "slug": "ida-identitaet"}""");
        var personId = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var article = await writer.PostJsonAsync("/v1/articles", $$"""
            {"title": "Ida spricht", "persons": [{"personId": "{{personId}}", "role": "Sprecherin"}],
             "sections": [{"type": "report", "paragraphs": ["Ida Identität sprach."]},
                          {"type": "glossary", "entries": [{"term": "Ida Identität", "question": "Wer ist Ida Identität?", "answer": "Eine Sprecherin.", "personId": "{{personId}}"}]}]}
            """);
        var articleId = (await article.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await writer.PostJsonAsync($"/v1/articles/{articleId}/publish", null, article.ETag())).ReadJsonAsync();

        var expected = $"http://localhost/v1/persons/{personId}";
        var before = await IdentifiersAsync(articleId);
        Assert.Equal([expected, expected, expected], before);

        await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Ida Identität", "slug": "ida-neu"}""", created.ETag())).ReadJsonAsync();
        Assert.Equal(before, await IdentifiersAsync(articleId));
    }

    /// <summary>The ninjs person's uri, the JSON-LD mention's @id and the glossary question's subject's @id.</summary>
    private async Task<string[]> IdentifiersAsync(string articleId)
    {
        var client = api.CreateClient();
        var ninjs = JsonNode.Parse(await client.GetStringAsync($"/v1/articles/{articleId}/ninjs"))!;
        var jsonLd = JsonNode.Parse(await client.GetStringAsync($"/v1/articles/{articleId}/jsonld"))!;
        var question = jsonLd["hasPart"]!.AsArray().Single(p => p!["@type"]!.GetValue<string>() == "Question")!;
        return [ninjs["people"]![0]!["uri"]!.GetValue<string>(), jsonLd["mentions"]![0]!["@id"]!.GetValue<string>(), question["about"]!["@id"]!.GetValue<string>()];
    }
}
