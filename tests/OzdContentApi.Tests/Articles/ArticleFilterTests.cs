using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Articles;

public sealed class ArticleFilterTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("person=steve-witkoff", new[] { Slug })]
    [InlineData("person=wolodymyr-selenskyj", new[] { Slug, EuArticleSlug })]
    [InlineData("person=" + SelenskyjId, new[] { Slug, EuArticleSlug })]
    [InlineData("person=niemand", new string[0])]
    [InlineData("sectionType=commentary", new[] { Slug })]
    [InlineData("sectionType=infobox", new[] { Slug, EuArticleSlug })]
    [InlineData("publishedFrom=2025-12-20", new[] { Slug })]
    [InlineData("publishedTo=2025-12-20", new[] { EuArticleSlug })]
    [InlineData("publishedFrom=2025-12-21T18:30:00Z", new[] { Slug })]
    [InlineData("publishedTo=2025-12-21T18:30:00Z", new[] { EuArticleSlug })]
    [InlineData("publishedFrom=2025-12-21T19:30:00%2B01:00&publishedTo=2025-12-21T19:30:01%2B01:00", new[] { Slug })]
    [InlineData("person=wolodymyr-selenskyj&sectionType=infobox&publishedTo=2025-12-20", new[] { EuArticleSlug })]
    [InlineData("person=steve-witkoff&sectionType=analysis", new[] { Slug })]
    [InlineData("person=wolodymyr-selenskyj&status=published&publishedFrom=2025-12-20", new[] { Slug })]
    [InlineData("status=published", new[] { Slug, EuArticleSlug })]
    public async Task Filters_narrow_the_list_and_combine(string query, string[] slugs)
    {
        var page = await (await _client.GetAsync($"/v1/articles?{query}")).ReadJsonAsync();

        Assert.Equal(slugs, page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
    }

    [Theory]
    [InlineData("sectionType=poll", "sectionType")]
    [InlineData("person=Nicht%20Gültig", "person")]
    [InlineData("publishedFrom=gestern", "publishedFrom")]
    [InlineData("publishedFrom=2025-12-21T10:00:00", "publishedFrom")]
    [InlineData("publishedTo=2025-13-40", "publishedTo")]
    [InlineData("publishedFrom=2025-12-21&publishedTo=2025-12-20", "publishedTo")]
    [InlineData("status=draft", "status")]
    [InlineData("status=entwurf", "status")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string parameter)
    {
        await (await _client.GetAsync($"/v1/articles?{query}")).ReadValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task A_preview_key_lists_drafts_too_and_filters_by_status()
    {
        var preview = await api.ClientWithScopesAsync("preview");

        var all = await (await preview.GetAsync("/v1/articles?limit=100")).ReadJsonAsync();
        Assert.Contains(DraftSlug, all.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));

        var drafts = await (await preview.GetAsync("/v1/articles?status=draft&limit=100")).ReadJsonAsync();
        Assert.All(drafts.GetProperty("items").EnumerateArray(), a => Assert.Equal("draft", a.GetProperty("status").GetString()));
        Assert.Contains(DraftSlug, drafts.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
    }
}
