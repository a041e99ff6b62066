using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.Articles;
using OzdContentApi.DemoContent;
using OzdContentApi.Feeds;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Formats;

/// <summary>
/// Each format's answer in the document: its media type, what it conforms to, and an example made
/// by the format's own builder from the sample article (with an example address for its links).
/// </summary>
public sealed class FormatExamplesFilter : IOperationFilter
{
    private const string ExampleApi = "https://api.ozd.example";

    private static readonly Dictionary<string, (string MediaType, string Description, Func<Article, string, JsonNode> Build)> Formats = new()
    {
        ["getArticleJsonLd"] = (ArticleJsonLd.MediaType,
            "schema.org JSON-LD (vocabulary release 30.0): a NewsArticle graph, see the operation's description.", ArticleJsonLd.Build),
        ["getArticleNinjs"] = (ArticleNinjs.MediaType,
            "An IPTC ninjs 3.2 document, valid against https://www.iptc.org/std/ninjs/ninjs-schema_3.2.json.", ArticleNinjs.Build),
    };

    private static readonly Dictionary<string, (string MediaType, string Description, Func<Article, string> Build)> XmlFormats = new()
    {
        ["getArticlesAtomFeed"] = (AtomFeed.MediaType, "An Atom feed (RFC 4287) of whole articles.",
            article => Xml(AtomFeed.Build(ExampleFeed("articles.atom"), [article], a => a.CanonicalUrl))),
        ["getArticlesRssFeed"] = (RssFeed.MediaType, "An RSS 2.0 feed of whole articles (content:encoded).",
            article => Xml(RssFeed.Build(ExampleFeed("articles.rss"), [article], a => a.CanonicalUrl))),
        ["getNewsSitemap"] = (NewsSitemap.MediaType, "A Google News sitemap (sitemaps.org 0.9 with the sitemap-news 0.9 extension).",
            article => Xml(NewsSitemap.Document([new NewsSitemap.Entry(article.Id, article.Slug, article.Title, article.Language, article.PublishedAt!.Value)],
                _ => article.CanonicalUrl!))),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response)
            return;
        if (Formats.TryGetValue(id, out var format))
            response.Content = Content(format.MediaType, JsonSchemaType.Object, format.Description, format.Build(SampleArticle(), ExampleApi));
        else if (XmlFormats.TryGetValue(id, out var xml))
            response.Content = Content(xml.MediaType, JsonSchemaType.String, xml.Description, JsonValue.Create(xml.Build(SampleArticle())));
    }

    private static Dictionary<string, IOpenApiMediaType> Content(string mediaType, JsonSchemaType type, string description, JsonNode example) => new()
    {
        [mediaType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = type, Description = description },
            Example = example,
        },
    };

    private static FeedPage ExampleFeed(string name) =>
        new(ExampleApi, $"{ExampleApi}/v1/feeds/{name}", $"{ExampleApi}/v1/feeds/{name}", $"{ExampleApi}/v1/feeds/{name}", null, []);

    private static string Xml(byte[] document) => System.Text.Encoding.UTF8.GetString(document);

    private static Article SampleArticle()
    {
        var demo = DemoContentFiles.Load();
        var seed = demo.Articles[0];
        var persons = demo.Persons.ToDictionary(p => p.Id);
        var article = seed.ToArticle(seed.PublishedAt!.Value);
        return article with
        {
            Persons = seed.Persons.Select(m => new ArticlePerson
            {
                PersonId = m.PersonId, Slug = persons[m.PersonId].Slug, Name = persons[m.PersonId].Name, Role = m.Role,
            }).ToList(),
            CanonicalUrl = $"https://www.ozd.example/artikel/{seed.Slug}",
        };
    }
}
