using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Newsroom;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Formats;

/// <summary>The sample article as schema.org JSON-LD and as IPTC ninjs, each checked against its standard.</summary>
public sealed class ArticleFormatTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Strings).ToList(),
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    private static void AssertComplete(JsonNode document)
    {
        var all = string.Join("\n", Strings(document));
        foreach (var text in EveryText())
            Assert.True(all.Contains(text), $"missing: {text}");
    }

    [Fact]
    public async Task The_JSON_LD_uses_only_schema_org_types_and_properties_each_on_a_type_it_belongs_to_and_carries_the_whole_text()
    {
        var response = await api.CreateClient().GetAsync($"/v1/articles/{Slug}/jsonld");
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Empty(SchemaOrgVocabulary.Current.Problems(document));
        AssertComplete(document);
        Assert.Equal(["NewsArticle", "ReportageNewsArticle"], document["@type"]!.AsArray().Select(t => t!.GetValue<string>()));
        var parts = document["hasPart"]!.AsArray().Select(p => p!["@type"]!.GetValue<string>()).ToList();
        Assert.Equal(["OpinionNewsArticle", "ItemList", "AnalysisNewsArticle", "Question", "Question", "CreativeWork", "CreativeWork"], parts);
        Assert.Equal(MentionedPersons.Select(p => p.Name), document["mentions"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        // Google's recommended properties for articles.
        foreach (var property in new[] { "headline", "datePublished", "dateModified", "author" })
            Assert.NotNull(document[property]);
        Assert.Equal("OZD", document["author"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_JSON_LD_of_an_article_with_an_image_and_a_correction_has_them_and_is_still_vocabulary()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync($"/v1/articles/{EuArticleSlug}/jsonld"))!;

        Assert.Empty(SchemaOrgVocabulary.Current.Problems(document));
        var image = document["image"]![0]!;
        Assert.Equal(("ImageObject", "AFP", "© AFP 2025"), (image["@type"]!.GetValue<string>(), image["creditText"]!.GetValue<string>(),
            image["copyrightNotice"]!.GetValue<string>()));
        Assert.Equal("CorrectionComment", document["correction"]![0]!["@type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_ninjs_is_valid_against_the_IPTC_schema_with_every_section_one_body_in_order_and_the_whole_text()
    {
        var text = await api.CreateClient().GetStringAsync($"/v1/articles/{Slug}/ninjs");
        var document = JsonNode.Parse(text)!;

        Assert.Empty(NinjsSchema.Problems(text));
        AssertComplete(document);
        Assert.Equal(["report", "commentary", "infobox", "analysis", "glossary", "extra", "disclaimer"],
            document["bodies"]!.AsArray().Select(b => b!["role"]!.GetValue<string>()));
        Assert.Equal(MentionedPersons.Select(p => p.Role), document["people"]!.AsArray().Select(p => p!["rel"]!.GetValue<string>()));
        Assert.Equal($"urn:uuid:{Id}", document["uri"]!.GetValue<string>());
        Assert.Equal(["http://cv.iptc.org/newscodes/genre/Opinion", "http://cv.iptc.org/newscodes/genre/Analysis", "http://cv.iptc.org/newscodes/genre/Background"],
            document["genres"]!.AsArray().Select(g => g!["uri"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_ninjs_of_an_article_with_an_image_embargo_and_correction_is_valid_and_has_them()
    {
        var text = await api.CreateClient().GetStringAsync($"/v1/articles/{EuArticleSlug}/ninjs");
        var document = JsonNode.Parse(text)!;

        Assert.Empty(NinjsSchema.Problems(text));
        Assert.Equal("2025-12-19T18:00:00Z", document["embargoedUntil"]!.GetValue<string>());
        var picture = document["associations"]![0]!;
        Assert.Equal(("picture", "AFP"), (picture["type"]!.GetValue<string>(), picture["by"]!.GetValue<string>()));
        Assert.Equal([1920, 640, 1280], picture["renditions"]!.AsArray().Select(r => r!["width"]!.GetValue<int>()));
        Assert.Contains(document["bodies"]!.AsArray(), b => b!["role"]!.GetValue<string>() == "correction:correction");
    }

    // Frontends put the JSON-LD into <script type="application/ld+json">, as the API says: text
    // that reads "</script>" must not end that element.
    [Fact]
    public async Task Markup_in_the_text_cannot_close_the_script_element_the_JSON_LD_is_put_in()
    {
        const string title = "Skript </script><script>alert(1)</script> & <!-- Co";
        const string paragraph = "x </SCRIPT><img src=x onerror=alert(2)> „Gespräch“";
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles",
            JsonSerializer.Serialize(new { title, sections = new[] { new { type = "report", paragraphs = new[] { paragraph } } } }));
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", created.ETag())).ReadJsonAsync();

        var text = await api.CreateClient().GetStringAsync($"/v1/articles/{id}/jsonld");

        Assert.DoesNotContain("<", text);
        Assert.DoesNotContain(">", text);
        Assert.Contains("„Gespräch“", text);
        var document = JsonNode.Parse(text)!;
        Assert.Equal(title, document["headline"]!.GetValue<string>());
        Assert.Contains(paragraph, document["articleBody"]!.GetValue<string>());
    }

    // ninjs: "every section's text, none lost". A question that does not repeat its term must not lose it.
    [Fact]
    public async Task A_glossary_term_the_question_does_not_name_is_in_the_text_formats()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Außenpolitik der EU", "sections": [{"type": "glossary", "entries": [
              {"term": "Kaja Kallas", "question": "Wer leitet die EU-Außenpolitik?", "answer": "Die Hohe Vertreterin."},
              {"term": "Rat", "question": "Was ist der Rat der EU?", "answer": "Die Vertretung der Regierungen."}]}]}
            """);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", created.ETag())).ReadJsonAsync();
        var anonymous = api.CreateClient();

        var ninjs = JsonNode.Parse(await anonymous.GetStringAsync($"/v1/articles/{id}/ninjs"))!;
        var atom = await anonymous.GetStringAsync("/v1/feeds/articles.atom?limit=100");

        var glossary = ninjs["bodies"]!.AsArray().Single(b => b!["role"]!.GetValue<string>() == "glossary")!["value"]!.GetValue<string>();
        Assert.Contains("Kaja Kallas: Wer leitet die EU-Außenpolitik?", glossary);
        Assert.Contains("\nWas ist der Rat der EU?\n", glossary);
        Assert.Contains("<dt>Kaja Kallas: Wer leitet die EU-Außenpolitik?</dt>", atom);
        Assert.Contains("<dt>Was ist der Rat der EU?</dt>", atom);
    }

    [Fact]
    public async Task A_format_is_cached_like_the_JSON_answers_304_and_hides_what_delivery_hides()
    {
        var anonymous = api.CreateClient();
        var first = await anonymous.GetAsync($"/v1/articles/{Slug}/jsonld");
        var etag = first.ETag();
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", first.Headers.CacheControl?.ToString());

        var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}/jsonld");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
        var compressed = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}/ninjs");
        compressed.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        Assert.Equal("br", (await api.CreateUncheckedClient().SendAsync(compressed)).Content.Headers.ContentEncoding.Single());

        foreach (var format in new[] { "jsonld", "ninjs" })
        {
            await (await anonymous.GetAsync($"/v1/articles/{DraftSlug}/{format}")).ReadProblemAsync(HttpStatusCode.NotFound);
            var preview = await api.ClientWithScopesAsync("preview");
            Assert.Equal(HttpStatusCode.OK, (await preview.GetAsync($"/v1/articles/{DraftSlug}/{format}")).StatusCode);
        }
    }
}

public sealed class ArticleFormatAddressTests(SiteContentApiFactory api) : IClassFixture<SiteContentApiFactory>
{
    [Fact]
    public async Task With_a_configured_address_the_JSON_LD_names_the_page()
    {
        var document = JsonNode.Parse(await api.CreateClient().GetStringAsync($"/v1/articles/{Slug}/jsonld"))!;

        Assert.Equal($"https://www.ozd.example/artikel/{Slug}", document["url"]!.GetValue<string>());
        Assert.Equal(document["url"]!.GetValue<string>(), document["mainEntityOfPage"]!.GetValue<string>());
        Assert.Empty(SchemaOrgVocabulary.Current.Problems(document));
    }
}
