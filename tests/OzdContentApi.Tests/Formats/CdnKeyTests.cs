using System.Net;
using System.Text.Json.Nodes;
using OzdContentApi.Platform.Http;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Newsroom;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Formats;

/// <summary>Every delivery answer names what it contains for CDN purges, in both header spellings.</summary>
public sealed class CdnKeyTests(SiteContentApiFactory api) : IClassFixture<SiteContentApiFactory>
{
    private const string Article = $"article-{Id}";
    private const string Selenskyj = $"person-{SelenskyjId}";

    /// <summary>A URL of every delivery operation on the demo content, and keys its answer must name.</summary>
    private static readonly Dictionary<string, (string Url, string[] Keys)> Operations = new()
    {
        ["listArticles"] = ("/v1/articles", ["articles", Article]),
        ["getArticle"] = ($"/v1/articles/{Slug}", [Article, Selenskyj]),
        ["getArticleJsonLd"] = ($"/v1/articles/{Slug}/jsonld", [Article, Selenskyj]),
        ["getArticleNinjs"] = ($"/v1/articles/{Slug}/ninjs", [Article, Selenskyj]),
        ["getCorrection"] = ($"/v1/articles/{EuArticleSlug}/corrections/{EuCorrectionId}", []),
        ["listArticleSections"] = ($"/v1/articles/{Slug}/sections", [Article, Selenskyj]),
        ["getArticleSection"] = ($"/v1/articles/{Slug}/sections/{CommentaryId}", [Article]),
        ["listSections"] = ("/v1/sections?type=glossary", ["articles", Article, Selenskyj]),
        ["listChanges"] = ("/v1/changes?limit=100", ["articles", Article]),
        ["searchArticles"] = ("/v1/search?q=Miami", ["articles", Article]),
        ["listPersons"] = ("/v1/persons?limit=100", ["persons", Selenskyj]),
        ["getPerson"] = ($"/v1/persons/{SelenskyjId}", [Selenskyj]),
        ["listPersonArticles"] = ($"/v1/persons/{SelenskyjId}/articles", ["articles", Selenskyj, Article]),
        ["getArticlesAtomFeed"] = ("/v1/feeds/articles.atom", ["articles", Article, Selenskyj]),
        ["getArticlesRssFeed"] = ("/v1/feeds/articles.rss", ["articles", Article, Selenskyj]),
        ["getNewsSitemap"] = ("/v1/sitemaps/news.xml", ["articles"]),
    };

    [Fact]
    public void The_document_declares_the_keys_on_exactly_the_delivery_operations_this_test_reads()
    {
        var document = JsonNode.Parse(File.ReadAllText(Repository.File("openapi", "v1.json")))!;
        var declaring = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Where(operation => operation.Value!["responses"]?["200"]?["headers"]?["Surrogate-Key"] is not null)
            .Select(operation => operation.Value!["operationId"]!.GetValue<string>())
            .Order().ToList();
        Assert.Equal(Operations.Keys.Order(), declaring);
    }

    [Fact]
    public async Task Every_delivery_answer_names_its_articles_and_persons_in_Surrogate_Key_and_Cache_Tag_and_answers_any_origin()
    {
        var client = api.CreateClient();
        var eu = await (await client.GetAsync($"/v1/articles/{EuArticleSlug}")).ReadJsonAsync();
        foreach (var (operation, (url, expected)) in Operations)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Origin", "https://irgendeine-zeitung.example");
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {response.StatusCode}");
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            var keys = response.Headers.GetValues("Surrogate-Key").Single().Split(' ');
            Assert.Equal(keys, response.Headers.GetValues("Cache-Tag").Single().Split(','));
            Assert.Equal(keys.Length, keys.Distinct().Count());
            foreach (var key in operation == "getCorrection" ? [$"article-{eu.GetProperty("id").GetString()}"] : expected)
                Assert.True(keys.Contains(key), $"{operation}: {key} missing from {string.Join(' ', keys)}");
            Assert.All(keys, key => Assert.Matches("^(articles|persons|(article|person)-[0-9a-f-]{36})$", key));
        }
    }

    [Fact]
    public async Task A_cached_article_keeps_its_keys_and_a_304_carries_them_too()
    {
        var client = api.CreateClient();
        var first = await client.GetAsync($"/v1/articles/{Slug}");
        var cached = await client.GetAsync($"/v1/articles/{Slug}");
        Assert.Equal(first.Headers.GetValues("Surrogate-Key"), cached.Headers.GetValues("Surrogate-Key"));

        var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(first.Headers.GetValues("Cache-Tag"), notModified.Headers.GetValues("Cache-Tag"));
    }

    [Fact]
    public void A_list_too_long_for_the_header_limit_is_cut_but_keeps_its_collection_key_first()
    {
        var keys = SurrogateKeys.ForArticles(Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()));
        Assert.Equal("articles", keys.Keys[0]);
        Assert.InRange(keys.CommaSeparated.Length, SurrogateKeys.HeaderLimit - 60, SurrogateKeys.HeaderLimit);
        Assert.Equal(keys.SpaceSeparated.Length, keys.CommaSeparated.Length);
    }
}
