using System.Text;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Articles;

public sealed class SampleArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_sample_article_is_served_by_slug_with_every_field()
    {
        var article = await (await _client.GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();

        Assert.Equal(Id, article.GetProperty("id").GetString());
        Assert.Equal(Slug, article.GetProperty("slug").GetString());
        Assert.Equal(Title, article.GetProperty("title").GetString());
        Assert.StartsWith("Die Delegationen aus Kiew und Washington", article.GetProperty("teaser").GetString());
        Assert.Equal("de", article.GetProperty("language").GetString());
        Assert.Equal("published", article.GetProperty("status").GetString());
        Assert.Equal("2025-12-21T18:30:00Z", article.GetProperty("publishedAt").GetString());
        Assert.EndsWith("Z", article.GetProperty("createdAt").GetString());
        Assert.EndsWith("Z", article.GetProperty("updatedAt").GetString());
        Assert.Equal(1, article.GetProperty("version").GetInt32());
        Assert.Equal("OZD", article.GetProperty("source").GetString());
        Assert.Equal("AFP", article.GetProperty("imageCredit").GetString());
        Assert.Equal("Alle Angaben ohne Gewähr.", article.GetProperty("disclaimer").GetString());
        Assert.Equal([Extra], article.GetProperty("extras").Strings());
    }

    [Fact]
    public async Task The_sample_article_names_its_seven_persons_in_order_with_their_roles()
    {
        var article = await (await _client.GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();

        var persons = article.GetProperty("persons").EnumerateArray().ToList();
        Assert.Equal(MentionedPersons.Length, persons.Count);
        for (var i = 0; i < MentionedPersons.Length; i++)
        {
            Assert.Equal(MentionedPersons[i].Name, persons[i].GetProperty("name").GetString());
            Assert.Equal(MentionedPersons[i].Slug, persons[i].GetProperty("slug").GetString());
            Assert.Equal(MentionedPersons[i].Role, persons[i].GetProperty("role").GetString());
            Assert.True(Guid.TryParse(persons[i].GetProperty("personId").GetString(), out _));
        }
    }

    [Fact]
    public async Task The_sample_article_has_all_five_section_types_in_order()
    {
        var sections = await SectionsAsync();

        Assert.Equal(["report", "commentary", "infobox", "analysis", "glossary"],
            sections.Select(s => s.GetProperty("type").GetString()));
        Assert.Equal([1, 2, 3, 4, 5], sections.Select(s => s.GetProperty("position").GetInt32()));
        Assert.Equal(5, sections.Select(s => s.GetProperty("id").GetGuid()).Distinct().Count());
    }

    [Fact]
    public async Task The_report_has_five_paragraphs_and_the_OZD_byline()
    {
        var report = (await SectionsAsync())[0];

        Assert.Equal(JsonValueKind.Null, report.GetProperty("title").ValueKind);
        Assert.Equal(ReportParagraphs, report.GetProperty("paragraphs").Strings());
        Assert.Equal("OZD", report.GetProperty("byline").GetString());
    }

    [Fact]
    public async Task The_commentary_keeps_label_headline_and_text()
    {
        var commentary = (await SectionsAsync())[1];

        Assert.Equal(CommentaryId, commentary.GetProperty("id").GetString());
        Assert.Equal("OZD-Kommentar", commentary.GetProperty("label").GetString());
        Assert.Equal(CommentaryTitle, commentary.GetProperty("title").GetString());
        Assert.Equal([CommentaryParagraph], commentary.GetProperty("paragraphs").Strings());
        Assert.Equal(JsonValueKind.Null, commentary.GetProperty("author").ValueKind);
    }

    [Fact]
    public async Task The_mini_infobox_has_its_four_facts()
    {
        var infobox = (await SectionsAsync())[2];

        Assert.Equal("Mini-Infobox", infobox.GetProperty("title").GetString());
        Assert.Equal(InfoboxItems, infobox.GetProperty("items").Strings());
    }

    [Fact]
    public async Task The_analysis_has_three_headings_with_three_points_each_stored_without_letters()
    {
        var analysis = (await SectionsAsync())[3];

        Assert.Equal("OZD-Analyse", analysis.GetProperty("title").GetString());
        var groups = analysis.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(AnalysisGroups.Length, groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            Assert.Equal(AnalysisGroups[i].Heading, groups[i].GetProperty("heading").GetString());
            Assert.Equal(AnalysisGroups[i].Points, groups[i].GetProperty("points").Strings());
        }
    }

    [Fact]
    public async Task The_glossary_links_its_Selenskyj_entry_to_that_person()
    {
        var glossary = (await SectionsAsync())[4];
        var entries = glossary.GetProperty("entries").EnumerateArray().ToList();

        Assert.Equal(2, entries.Count);
        Assert.Equal("Wolodymyr Selenskyj", entries[0].GetProperty("term").GetString());
        Assert.Equal("Wer ist Wolodymyr Selenskyj?", entries[0].GetProperty("question").GetString());
        Assert.Equal(SelenskyjAnswer, entries[0].GetProperty("answer").GetString());
        Assert.Equal(SelenskyjId, entries[0].GetProperty("personId").GetString());
        Assert.Equal("Was ist der US-Friedensplan?", entries[1].GetProperty("question").GetString());
        Assert.Equal(PeacePlanAnswer, entries[1].GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("personId").ValueKind);

        var person = await (await _client.GetAsync($"/v1/persons/{SelenskyjId}")).ReadJsonAsync();
        Assert.Equal("Wolodymyr Selenskyj", person.GetProperty("name").GetString());
        Assert.Equal("Präsident der Ukraine seit 2019", person.GetProperty("description").GetString());
    }

    [Fact]
    public async Task German_typography_travels_byte_exact_as_UTF8_not_as_escapes()
    {
        var response = await _client.GetAsync($"/v1/articles/{Slug}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        foreach (var exact in new[] { "„produktiv und konstruktiv“", "Gewähr", "schließen", "Überarbeiteter", "– Diplomatie" })
            Assert.Contains(Encoding.UTF8.GetBytes(exact), Windows(bytes, Encoding.UTF8.GetByteCount(exact)), new ByteArrayComparer());
        Assert.DoesNotContain("\\u", text);
    }

    [Fact]
    public async Task The_article_reads_the_same_by_id_and_by_slug()
    {
        var bySlug = await _client.GetStringAsync($"/v1/articles/{Slug}");
        var byId = await _client.GetStringAsync($"/v1/articles/{Id}");

        Assert.Equal(bySlug, byId);
    }

    private async Task<List<JsonElement>> SectionsAsync()
    {
        var article = await (await _client.GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();
        return article.GetProperty("sections").EnumerateArray().ToList();
    }

    private static IEnumerable<byte[]> Windows(byte[] bytes, int size)
    {
        for (var i = 0; i + size <= bytes.Length; i++)
            yield return bytes[i..(i + size)];
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
