using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Sections;

public sealed class SectionDeliveryTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_articles_sections_come_in_order()
    {
        var list = await (await _client.GetAsync($"/v1/articles/{Slug}/sections")).ReadJsonAsync();

        Assert.Equal(["report", "commentary", "infobox", "analysis", "glossary"],
            list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task The_type_filter_keeps_one_type()
    {
        var list = await (await _client.GetAsync($"/v1/articles/{Id}/sections?type=infobox")).ReadJsonAsync();

        var infobox = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(InfoboxItems, infobox.GetProperty("items").Strings());
    }

    [Fact]
    public async Task An_unknown_type_is_a_400_listing_the_five()
    {
        var problem = await (await _client.GetAsync($"/v1/articles/{Slug}/sections?type=poll")).ReadValidationProblemAsync("type");
        Assert.Contains("glossary", problem.GetProperty("errors").GetProperty("type")[0].GetString());
    }

    [Fact]
    public async Task One_section_reads_by_its_id()
    {
        var section = await (await _client.GetAsync($"/v1/articles/{Slug}/sections/{CommentaryId}")).ReadJsonAsync();

        Assert.Equal("commentary", section.GetProperty("type").GetString());
        Assert.Equal(CommentaryTitle, section.GetProperty("title").GetString());
        Assert.Equal(2, section.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task A_section_of_another_article_is_a_404()
    {
        var problem = await (await _client.GetAsync($"/v1/articles/{Slug}/sections/{EuInfoboxId}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(EuInfoboxId, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_section_id_that_is_not_a_uuid_is_a_400()
    {
        await (await _client.GetAsync($"/v1/articles/{Slug}/sections/12345")).ReadValidationProblemAsync("sectionId");
    }

    [Fact]
    public async Task A_drafts_sections_are_a_404()
    {
        await (await _client.GetAsync($"/v1/articles/{DraftSlug}/sections")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sections_of_one_type_across_articles_carry_their_article()
    {
        var page = await (await _client.GetAsync("/v1/sections?type=commentary")).ReadJsonAsync();

        // The draft's commentary is not delivered.
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(Id, item.GetProperty("article").GetProperty("id").GetString());
        Assert.Equal(Slug, item.GetProperty("article").GetProperty("slug").GetString());
        Assert.Equal(Title, item.GetProperty("article").GetProperty("title").GetString());
        Assert.Equal(CommentaryTitle, item.GetProperty("section").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Infoboxes_across_articles_come_newest_article_first()
    {
        var page = await (await _client.GetAsync("/v1/sections?type=infobox")).ReadJsonAsync();

        Assert.Equal([Slug, EuArticleSlug],
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("article").GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task Paging_through_all_sections_one_by_one_sees_each_once_in_order()
    {
        var seen = new List<(string Article, int Position)>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync("/v1/sections?limit=1" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            foreach (var item in page.GetProperty("items").EnumerateArray())
                seen.Add((item.GetProperty("article").GetProperty("slug").GetString()!, item.GetProperty("section").GetProperty("position").GetInt32()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        } while (cursor is not null && seen.Count < 50);

        Assert.Equal(
            [(Slug, 1), (Slug, 2), (Slug, 3), (Slug, 4), (Slug, 5), (EuArticleSlug, 1), (EuArticleSlug, 2)],
            seen);
    }

    [Fact]
    public async Task An_article_cursor_is_not_a_section_cursor()
    {
        var articles = await (await _client.GetAsync("/v1/articles?limit=1")).ReadJsonAsync();

        await (await _client.GetAsync($"/v1/sections?cursor={articles.GetProperty("nextCursor").GetString()}"))
            .ReadValidationProblemAsync("cursor");
    }
}
