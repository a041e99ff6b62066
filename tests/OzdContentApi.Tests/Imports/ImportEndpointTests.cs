using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Imports;

/// <summary>POST /v1/imports/ozd-text: the sample text in, the demo article out.</summary>
public sealed class ImportEndpointTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Path = "/v1/imports/ozd-text";

    private static HttpContent Text(string text, string mediaType = "text/plain; charset=utf-8") =>
        new ByteArrayContent(Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(mediaType) } };

    [Fact]
    public async Task The_sample_text_becomes_a_draft_equal_to_the_demo_article_but_for_ids_title_teaser_and_roles_after_names()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var response = await writer.PostAsync(Path, Text(OzdTextParserTests.SampleText));
        var answer = await response.ReadJsonAsync(HttpStatusCode.Created);
        var imported = answer.GetProperty("article");
        var demo = await (await writer.GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();

        Assert.Equal($"/v1/articles/{imported.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
        var read = await writer.GetAsync(response.Headers.Location);
        Assert.Equal(response.Headers.ETag?.ToString(), read.ETag());
        Assert.Equal(imported.GetRawText(), (await read.ReadJsonAsync()).GetRawText());
        Assert.Equal("draft", imported.GetProperty("status").GetString());

        foreach (var field in new[] { "language", "source", "imageCredit", "disclaimer", "extras" })
            Assert.Equal(demo.GetProperty(field).GetRawText(), imported.GetProperty(field).GetRawText());
        Assert.Equal(Strip(demo.GetProperty("sections")), Strip(imported.GetProperty("sections")));

        // The same seven persons, once each, in order of first appearance in the text (Trump's name comes
        // before Witkoff's); roles where the text puts them before the name, as the demo article has them.
        var persons = imported.GetProperty("persons").EnumerateArray().ToList();
        Assert.Equal(["rustem-umerow", "donald-trump", "steve-witkoff", "dmitri-peskow", "kirill-dmitrijew", "jared-kushner", "wolodymyr-selenskyj"],
            persons.Select(p => p.GetProperty("slug").GetString()));
        var demoRoles = demo.GetProperty("persons").EnumerateArray().ToDictionary(p => p.GetProperty("slug").GetString()!, p => p.GetProperty("role").GetString());
        foreach (var slug in new[] { "rustem-umerow", "donald-trump", "dmitri-peskow", "kirill-dmitrijew", "wolodymyr-selenskyj" })
            Assert.Equal(demoRoles[slug], persons.Single(p => p.GetProperty("slug").GetString() == slug).GetProperty("role").GetString());

        var warning = Assert.Single(answer.GetProperty("warnings").EnumerateArray());
        Assert.Equal(1, warning.GetProperty("line").GetInt32());
    }

    /// <summary>Sections without their ids (new ones are made), to compare content.</summary>
    private static string Strip(JsonElement sections) =>
        JsonSerializer.Serialize(sections.EnumerateArray().Select(s =>
            s.EnumerateObject().Where(p => p.Name != "id").ToDictionary(p => p.Name, p => p.Value)));

    [Fact]
    public async Task A_dry_run_answers_the_article_as_createArticle_takes_it_and_saves_nothing()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await CountArticlesAsync();

        var response = await writer.PostAsync($"{Path}?dryRun=true",
            JsonContent(new { text = OzdTextParserTests.SampleText, title = Title }));
        var preview = await response.ReadJsonAsync();

        Assert.Equal(before, await CountArticlesAsync());
        Assert.Null(response.Headers.Location);
        Assert.Equal(Title, preview.GetProperty("article").GetProperty("title").GetString());
        Assert.Empty(preview.GetProperty("warnings").EnumerateArray());
        // What the dry run answers is what createArticle takes.
        var created = await writer.PostAsync("/v1/articles", JsonContent(preview.GetProperty("article")));
        Assert.Equal(5, (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sections").GetArrayLength());
    }

    private async Task<long> CountArticlesAsync() => await api.QueryScalarAsync<long>("select count(*) from articles");

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_glossary_question_about_an_unknown_person_and_a_stray_line_are_warnings_with_their_lines()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var text = "Titel der Meldung\nEin Absatz über Miami.\nOZD\nVerirrt\nWer ist Max Mustermann?\nEin Unbekannter.";

        var preview = await (await writer.PostAsync($"{Path}?dryRun=true", Text(text))).ReadJsonAsync();

        var warnings = preview.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Equal([4, 5], warnings.Select(w => w.GetProperty("line").GetInt32()));
        Assert.Contains("Max Mustermann", warnings[1].GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("article").GetProperty("sections")[1].GetProperty("entries")[0].GetProperty("personId").ValueKind);
    }

    public static TheoryData<string, byte[], string> BadBodies => new()
    {
        { "text/plain; charset=utf-8", [], "text" },
        { "text/plain; charset=utf-8", "  \n\n "u8.ToArray(), "text" },
        { "text/plain", "Mini-Infobox\nEin Fakt"u8.ToArray(), "text" },
        { "text/plain", "Ein Absatz.\nZwei\0Drei"u8.ToArray(), "text" },
        { "text/plain", [0x45, 0x69, 0x6E, 0xFF, 0xFE, 0x0A], "text" },
        { "application/json", """{"title": "Nur ein Titel"}"""u8.ToArray(), "text" },
        { "text/plain", """{"text": "JSON mit dem falschen Medientyp"}"""u8.ToArray(), "text" },
        { "application/json", """{"text": 5}"""u8.ToArray(), "text" },
        { "application/json", """{"text": "Ein Absatz.", "title": "   "}"""u8.ToArray(), "title" },
    };

    // More than an article holds: refused (it cannot be stored), naming the line of the part that is too long.
    [Fact]
    public async Task A_part_over_an_articles_limits_is_a_400_naming_its_line()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var extras = string.Join("\n", Enumerable.Range(1, 21).Select(i => $"Notiz {i}"));
        var items = string.Join("\n", Enumerable.Range(1, 101).Select(i => $"Fakt {i}"));
        var text = $"Bericht.\nOZD\n\nMini-Infobox\n{items}\n\nOZD-Extras\n{extras}";
        var content = new StringContent(text, System.Text.Encoding.UTF8, "text/plain");

        var problem = await (await writer.PostAsync(Path + "?dryRun=true", content)).ReadValidationProblemAsync("text");

        var messages = problem.GetProperty("errors").GetProperty("text").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Line 4: sections[1].items:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Line 107: extras:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_text_is_a_400_naming_what_is_wrong(string mediaType, byte[] body, string path)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var content = new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(mediaType) } };

        await (await writer.PostAsync(Path, content)).ReadValidationProblemAsync(path);
    }

    // The same words as every other body's errors: no reader internals, no .NET type names.
    [Theory]
    [InlineData("""{"text": "Ein Absatz.", "foo": 1}""", "foo", "Unknown property")]
    [InlineData("""{"text": 5}""", "text", "Wrong type")]
    [InlineData("""{"text": "a", "text": "b"}""", "text", "Given twice")]
    [InlineData("[]", "body", "Wrong type")]
    public async Task A_JSON_body_it_cannot_read_is_described_in_words_for_the_client(string body, string path, string expected)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var problem = await (await writer.PostAsync(Path + "?dryRun=true", content)).ReadValidationProblemAsync(path);

        Assert.StartsWith(expected, problem.GetProperty("errors").GetProperty(path)[0].GetString());
        Assert.DoesNotContain("OzdContentApi", problem.GetRawText());
        Assert.DoesNotContain("System.", problem.GetRawText());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/plain; charset=iso-8859-1")]
    [InlineData(null)]
    public async Task Other_media_types_and_charsets_are_a_415(string? mediaType)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var content = new ByteArrayContent("Ein Absatz."u8.ToArray());
        if (mediaType is not null)
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);

        var problem = await (await writer.PostAsync(Path, content)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Thousands_of_warnings_answer_the_first_hundred_and_one_that_counts_the_rest()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var noise = string.Join("\n", Enumerable.Range(1, 2000).Select(i => $"Wer ist Niemand {i}?"));
        var text = OzdTextParserTests.SampleText + "\n" + noise;

        var preview = await (await writer.PostAsync(Path + "?dryRun=true", Text(text))).ReadJsonAsync();
        var warnings = preview.GetProperty("warnings");
        Assert.Equal(101, warnings.GetArrayLength());
        Assert.Matches(@"^… and \d+ more warnings from this line on, not listed\.$", warnings[100].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_the_write_scope_is_needed()
    {
        var writer = await api.ClientWithScopesAsync("write");
        await (await writer.PostAsync(Path, Text(new string('x', 2 * 1024 * 1024)))).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        await (await api.CreateClient().PostAsync(Path, Text("Ein Absatz."))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var reader = await api.ClientWithScopesAsync("preview");
        await (await reader.PostAsync(Path, Text("Ein Absatz."))).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}
