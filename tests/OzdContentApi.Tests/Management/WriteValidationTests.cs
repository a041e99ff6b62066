using System.Net;
using System.Text;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Management;

/// <summary>Bad writes are 4xx problem details at the JSON path, and nothing is written.</summary>
public sealed class WriteValidationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Selenskyj = SampleArticle.SelenskyjId;

    public static TheoryData<string, string[]> InvalidArticles => new()
    {
        { """{"title": "T", "sections": [{"type": "poll", "question": "?"}]}""", ["sections[0].type"] },
        { """{"title": "T", "sections": [{"paragraphs": ["ohne Typ"]}]}""", ["sections[0].type"] },
        { """{"title": "T", "sections": [{"type": "infobox", "title": "Mini-Infobox", "items": []}]}""", ["sections[0].items"] },
        { """{"title": "T", "sections": [{"type": "analysis", "title": "OZD-Analyse", "groups": [{"heading": "H", "points": []}]}]}""", ["sections[0].groups[0].points"] },
        { """{"title": "T", "sections": [{"type": "report", "paragraphs": ["a", ""]}]}""", ["sections[0].paragraphs[1]"] },
        { """{"title": "T", "sections": [{"type": "commentary", "paragraphs": ["a"]}]}""", ["sections[0].label", "sections[0].title"] },
        { """{"title": "T", "sections": [{"type": "glossary", "entries": [{"term": "t", "question": "q"}]}]}""", ["sections[0].entries[0].answer"] },
        { """{"title": "T", "persons": [{"personId": "0199c6c0-0000-7000-8000-000000000001"}]}""", ["persons[0].personId"] },
        { $$"""{"title": "T", "persons": [{"personId": "{{Selenskyj}}"}, {"personId": "{{Selenskyj}}"}]}""", ["persons[1].personId"] },
        { """{"title": "T", "sections": [{"type": "glossary", "entries": [{"term": "t", "question": "q", "answer": "a", "personId": "0199c6c0-0000-7000-8000-000000000002"}]}]}""", ["sections[0].entries[0].personId"] },
        { """{"teaser": "ohne Titel"}""", ["title"] },
        { $$"""{"title": "{{new string('x', 301)}}"}""", ["title"] },
        { $$"""{"title": "T", "sections": [{"type": "report", "paragraphs": ["{{new string('x', 10_001)}}"]}]}""", ["sections[0].paragraphs[0]"] },
        { """{"title": "T", "slug": "Nicht Erlaubt"}""", ["slug"] },
        { """{"title": "T", "language": "deutsch"}""", ["language"] },
        { """{"title": "Mit \u0000 NUL"}""", ["title"] },
        { """{"title": "halbes \ud800 Zeichen"}""", ["title"] },
        { """{"titel": "Tippfehler"}""", ["titel"] },
        { """{"title": 42}""", ["title"] },
        { """{"title": "T", "sections": {"type": "report"}}""", ["sections"] },
    };

    [Theory]
    [MemberData(nameof(InvalidArticles))]
    public async Task An_invalid_article_is_a_400_naming_each_path_and_writes_nothing(string body, string[] paths)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();

        await (await writer.PostJsonAsync("/v1/articles", body)).ReadValidationProblemAsync(paths);

        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Theory]
    [InlineData("{\"title\": \"abgeschnitten")]
    [InlineData("{\"title\": }")]
    [InlineData("[1, 2")]
    [InlineData("")]
    public async Task Malformed_or_missing_JSON_is_a_400_problem(string body)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();

        var problem = await (await writer.PostJsonAsync("/v1/articles", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.DoesNotContain("OzdContentApi", problem.GetRawText());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Lengths_are_counted_in_characters_as_the_document_and_the_database_count_them()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var emoji = string.Concat(Enumerable.Repeat("😀", 300));  // 300 characters, 600 UTF-16 units

        var created = await (await writer.PostJsonAsync("/v1/articles", $$"""{"title": "{{emoji}}"}""")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(emoji, created.GetProperty("title").GetString());
        var person = await (await writer.PostJsonAsync("/v1/persons", $$"""{"name": "{{emoji[..400]}}"}""")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(200, person.GetProperty("name").GetString()!.EnumerateRunes().Count());

        var tooLong = await (await writer.PostJsonAsync("/v1/articles", $$"""{"title": "{{emoji}}x"}""")).ReadValidationProblemAsync("title");
        Assert.Contains("this has 301", tooLong.GetProperty("errors").GetProperty("title")[0].GetString());
        var query = "Miami " + emoji[..388];  // 200 characters
        var search = await api.CreateClient().GetAsync($"/v1/search?q={Uri.EscapeDataString(query)}");
        Assert.True(search.StatusCode == HttpStatusCode.OK, await search.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"name\": \"x\",}", "body", "Malformed JSON at line 1, byte 14")]
    [InlineData("{\n  \"name\": \"a\"\n  \"description\": \"b\"}", "body", "Malformed JSON at line 3, byte 3")]
    [InlineData("{\"name\": \"\\ud800\"}", "name", "unpaired surrogates")]
    [InlineData("{\"name\": \"A\", \"name\": \"B\"}", "name", "Given twice")]
    public async Task Malformed_JSON_is_a_400_saying_where_in_words_for_the_client(string body, string path, string expected)
    {
        var writer = await api.ClientWithScopesAsync("write");

        var problem = await (await writer.PostJsonAsync("/v1/persons", body)).ReadValidationProblemAsync(path);

        var message = problem.GetProperty("errors").GetProperty(path)[0].GetString()!;
        Assert.Contains(expected, message);
        Assert.DoesNotContain("reader options", message);
    }

    [Fact]
    public async Task An_impossible_date_and_a_value_outside_an_enumeration_are_named_as_such_not_as_a_wrong_type()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Mit Korrektur"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var date = await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"publishAt": "2027-02-29T00:00:00Z"}""", created.ETag()))
            .ReadValidationProblemAsync("publishAt");
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", created.ETag());
        await published.ReadJsonAsync();
        var kind = await (await writer.PostJsonAsync($"/v1/articles/{id}/corrections", """{"kind": "erratum", "text": "Falsch."}""", published.ETag()))
            .ReadValidationProblemAsync("kind");

        Assert.StartsWith("Not a date and time", date.GetProperty("errors").GetProperty("publishAt")[0].GetString());
        Assert.StartsWith("Not one of the accepted values", kind.GetProperty("errors").GetProperty("kind")[0].GetString());
    }

    [Theory]
    [InlineData("""{"title": "T", "sections": [null]}""", "sections[0]")]
    [InlineData("""{"title": "T", "persons": [null]}""", "persons[0]")]
    [InlineData("""{"title": "T", "sections": [{"type": "glossary", "entries": [null]}]}""", "sections[0].entries[0]")]
    public async Task A_null_in_a_list_is_named_at_its_item_as_null(string body, string path)
    {
        var writer = await api.ClientWithScopesAsync("write");

        var problem = await (await writer.PostJsonAsync("/v1/articles", body)).ReadValidationProblemAsync(path);

        Assert.Equal("Required: null is not a value here.", problem.GetProperty("errors").GetProperty(path)[0].GetString());
    }

    [Fact]
    public async Task Deep_nesting_is_a_400_not_a_crash()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var deep = "{\"title\": \"T\", \"extras\": " + new string('[', 5_000) + new string(']', 5_000) + "}";

        await (await writer.PostJsonAsync("/v1/articles", deep)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var response = await writer.PostAsync("/v1/articles", new StringContent("title=T", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/problem+json")]
    [InlineData("application/vnd.api+json")]
    public async Task Another_JSON_media_type_is_a_415_not_read_as_the_whole_article(string mediaType)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Mit Teaser", "teaser": "Bleibt."}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var before = await api.SnapshotAsync();

        var patch = new HttpRequestMessage(HttpMethod.Put, $"/v1/articles/{id}") { Content = new StringContent("""{"title": "Nur der Titel"}""", Encoding.UTF8, mediaType) };
        patch.Headers.TryAddWithoutValidation("If-Match", created.ETag());
        var problem = await (await writer.SendAsync(patch)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_a_413_and_writes_nothing()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();
        var huge = $$"""{"title": "T", "teaser": "{{new string('x', 1024 * 1024)}}"}""";

        await (await writer.PostJsonAsync("/v1/articles", huge)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Invalid_persons_and_sections_are_refused_at_their_paths()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();

        await (await writer.PostJsonAsync("/v1/persons", """{"name": "", "description": "x"}""")).ReadValidationProblemAsync("name");
        await (await writer.PostJsonAsync("/v1/persons", """{"name": "A", "slug": "A B"}""")).ReadValidationProblemAsync("slug");
        // The body is validated before the precondition is checked, so any tag will do here.
        const string etag = "\"not-checked\"";
        await (await writer.PostJsonAsync($"/v1/articles/{SampleArticle.Id}/sections", """{"type": "infobox", "title": "x", "items": []}""", etag))
            .ReadValidationProblemAsync("items");
        await (await writer.PutJsonAsync($"/v1/articles/{SampleArticle.Id}/sections/order", """{"sectionIds": []}""", etag))
            .ReadValidationProblemAsync("sectionIds");

        Assert.Equal(before, await api.SnapshotAsync());
    }
}
