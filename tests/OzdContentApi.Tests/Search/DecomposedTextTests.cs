using System.Net;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Search;

/// <summary>
/// Text typed or pasted decomposed ("o" + U+0308, as macOS often sends it) is kept as written and
/// found by every spelling of the word: search and name lookup read text composed (NFC).
/// </summary>
public sealed class DecomposedTextTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Decomposed_text_is_kept_as_written_and_found_by_every_spelling()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Ju\u0308rgen Zerlegt"}""")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Ju\u0308rgen Zerlegt", person.GetProperty("name").GetString());
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Ko\u0308nigsberger Klo\u0308pse im Test", "sections": [{"type": "report", "paragraphs": ["Die Ko\u0308nigsberger Klo\u0308pse schmecken."]}]}
            """);
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Ko\u0308nigsberger Klo\u0308pse im Test", article.GetProperty("title").GetString());
        var id = article.GetProperty("id").GetString()!;
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag())).ReadJsonAsync();

        var reader = api.CreateClient();
        foreach (var query in new[] { "Königsberger", "Koenigsberger", "Ko\u0308nigsberger", "Klöpse", "Klo\u0308pse schmecken" })
        {
            var hits = await (await reader.GetAsync($"/v1/search?q={Uri.EscapeDataString(query)}")).ReadJsonAsync();
            Assert.True(hits.GetProperty("items").GetArrayLength() == 1, $"{query}: {hits}");
        }
        foreach (var prefix in new[] { "jürgen z", "ju\u0308rgen z", "juergen z" })
        {
            var persons = await (await reader.GetAsync($"/v1/persons?q={Uri.EscapeDataString(prefix)}")).ReadJsonAsync();
            Assert.True(persons.GetProperty("items").GetArrayLength() == 1, $"{prefix}: {persons}");
        }
    }
}
