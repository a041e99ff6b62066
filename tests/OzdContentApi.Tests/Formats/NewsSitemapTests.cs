using System.Net;
using System.Xml.Linq;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Newsroom;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Formats;

/// <summary>The Google News sitemap: recent articles at their website address.</summary>
public sealed class NewsSitemapTests(SiteContentApiFactory api) : IClassFixture<SiteContentApiFactory>
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    [Fact]
    public async Task It_lists_articles_published_in_the_last_48_hours_at_their_address_and_nothing_older_or_unpublished()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Frisch in der Sitemap"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", created.ETag())).ReadJsonAsync();
        await writer.PostJsonAsync("/v1/articles", """{"title": "Entwurf nicht in der Sitemap"}""");

        var response = await api.CreateClient().GetAsync("/v1/sitemaps/news.xml");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("articles ", response.Headers.GetValues("Surrogate-Key").Single());
        var urlset = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(Sitemap + "urlset", urlset.Name);
        var url = Assert.Single(urlset.Elements(Sitemap + "url"));
        Assert.Equal("https://www.ozd.example/artikel/frisch-in-der-sitemap", (string?)url.Element(Sitemap + "loc"));
        var news = url.Element(News + "news")!;
        Assert.Equal(("OZD", "de"), ((string?)news.Element(News + "publication")!.Element(News + "name"),
            (string?)news.Element(News + "publication")!.Element(News + "language")));
        Assert.Equal("Frisch in der Sitemap", (string?)news.Element(News + "title"));
        var published = DateTimeOffset.Parse((string)news.Element(News + "publication_date")!);
        Assert.InRange(published, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        // The sample article was published in 2025: older than 48 hours.
        Assert.DoesNotContain(Slug, urlset.ToString());
    }
}

/// <summary>Without a website address there is nothing a news sitemap could list.</summary>
public sealed class NewsSitemapWithoutSiteTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task It_is_a_404_problem_naming_the_setting()
    {
        var problem = await (await api.CreateClient().GetAsync("/v1/sitemaps/news.xml")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("Site__ArticleUrl", problem.GetProperty("detail").GetString());
    }
}
