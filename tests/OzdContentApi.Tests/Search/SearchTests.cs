using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Search;

public sealed class SearchTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<List<JsonElement>> HitsAsync(string q)
    {
        var page = await (await _client.GetAsync($"/v1/search?q={Uri.EscapeDataString(q)}&limit=100")).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static string SlugOf(JsonElement hit) => hit.GetProperty("article").GetProperty("slug").GetString()!;

    [Fact]
    public async Task Stemming_finds_the_plural_from_the_singular()
    {
        var hits = await HitsAsync("Sicherheitsgarantie");

        Assert.Contains(Slug, hits.Select(SlugOf));
    }

    [Fact]
    public async Task A_phrase_matches_only_in_order_and_names_the_section_it_is_in()
    {
        var hit = Assert.Single(await HitsAsync("\"angezogener Handbremse\""));
        Assert.Equal(Slug, SlugOf(hit));
        Assert.Equal("commentary", hit.GetProperty("sectionType").GetString());
        Assert.Equal(CommentaryId, hit.GetProperty("sectionId").GetString());
        Assert.Contains("<mark>Handbremse</mark>", hit.GetProperty("snippet").GetString());

        Assert.Empty(await HitsAsync("\"Handbremse angezogener\""));
    }

    [Fact]
    public async Task An_excluded_word_removes_the_articles_that_contain_it()
    {
        var withMoscow = (await HitsAsync("Ukraine")).Select(SlugOf).ToList();
        var withoutMoscow = (await HitsAsync("Ukraine -Moskau")).Select(SlugOf).ToList();

        Assert.Contains(Slug, withMoscow);
        Assert.Contains(EuArticleSlug, withMoscow);
        Assert.Equal([EuArticleSlug], withoutMoscow);
    }

    [Theory]
    [InlineData("Gespraeche")]
    [InlineData("Gespräche")]
    [InlineData("GESPRAECHE")]
    [InlineData("Ueberarbeiteter Friedensplan")]
    public async Task Spellings_without_umlauts_find_the_umlauts(string q)
    {
        Assert.Contains(Slug, (await HitsAsync(q)).Select(SlugOf));
    }

    // The german stemmer folds umlauts ('gesprach'), so the snippet must fold the text's words
    // the same way to mark them; it fell back to an unmarked byline before.
    [Theory]
    [InlineData("Gespräche", "Gespräche")]
    [InlineData("gespraeche", "Gespräche")]
    [InlineData("Präsident", "Präsident")]
    public async Task A_word_with_an_umlaut_is_marked_in_the_snippet(string q, string marked)
    {
        var hit = (await HitsAsync(q)).Single(h => SlugOf(h) == Slug);

        Assert.Contains($"<mark>{marked}", hit.GetProperty("snippet").GetString());
    }

    [Fact]
    public async Task Title_matches_come_first_and_a_title_only_hit_names_no_section()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Wiederaufbau beginnt", "sections": [{"type": "report", "paragraphs": ["Die Arbeiten laufen an."]}]}
            """);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag())).ReadJsonAsync();

        var hits = await HitsAsync("Wiederaufbau");

        Assert.Equal(["wiederaufbau-beginnt", Slug], hits.Select(SlugOf));
        Assert.Equal(JsonValueKind.Null, hits[0].GetProperty("sectionType").ValueKind);
        Assert.Contains("<mark>Wiederaufbau</mark>", hits[0].GetProperty("snippet").GetString());
        Assert.Equal("report", hits[1].GetProperty("sectionType").GetString());
    }

    [Fact]
    public async Task Drafts_are_not_found()
    {
        Assert.Empty(await HitsAsync("\"Geduld ist keine Schwäche\""));
    }

    [Fact]
    public async Task Snippets_escape_the_text_and_keep_the_marks()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Skriptprüfung", "sections": [{"type": "report", "paragraphs": ["Ein Zeichen <script>alert(1)</script> & Kaskadeneffekt"]}]}
            """);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag())).ReadJsonAsync();

        var snippet = Assert.Single(await HitsAsync("Kaskadeneffekt")).GetProperty("snippet").GetString()!;

        // ts_headline drops markup; what text remains is escaped.
        Assert.DoesNotContain("<script", snippet);
        Assert.Contains("&amp;", snippet);
        Assert.Contains("<mark>Kaskadeneffekt</mark>", snippet);
    }

    [Fact]
    public async Task Results_page_on_the_cursor()
    {
        var first = await (await _client.GetAsync("/v1/search?q=Ukraine&limit=1")).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _client.GetAsync($"/v1/search?q=Ukraine&limit=1&cursor={cursor}")).ReadJsonAsync();

        var slugs = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(SlugOf).ToList();
        Assert.Equal(2, slugs.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("q=")]
    [InlineData("q=%20%20")]
    [InlineData("q=a%00b")]
    [InlineData("q=%21%21%21%20%28%28%28%20")]
    [InlineData("q=-Moskau")]
    public async Task An_empty_or_broken_query_or_one_with_no_word_to_find_is_a_400(string query)
    {
        await (await _client.GetAsync($"/v1/search?{query}")).ReadValidationProblemAsync("q");
    }

    [Fact]
    public async Task An_oversized_query_or_a_forged_cursor_is_a_400()
    {
        await (await _client.GetAsync($"/v1/search?q={new string('a', 201)}")).ReadValidationProblemAsync("q");
        await (await _client.GetAsync("/v1/search?q=Ukraine&cursor=AAAA")).ReadValidationProblemAsync("cursor");
    }

    [Theory]
    [InlineData("der die das")]
    [InlineData("'; drop table articles; --")]
    [InlineData("\"unbalanced")]
    public async Task Odd_queries_are_answered_not_crashed(string q)
    {
        var response = await _client.GetAsync($"/v1/search?q={Uri.EscapeDataString(q)}");

        await response.ReadJsonAsync();
    }
}
