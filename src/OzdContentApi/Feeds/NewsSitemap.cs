using System.Xml;
using Dapper;
using Npgsql;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Feeds;

/// <summary>
/// The Google News sitemap: the website addresses of the articles published in the last 48 hours,
/// at most 1000, newest first (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
/// </summary>
public sealed class NewsSitemap(ReplicaReads reads, TimeProvider clock, SiteUrls site)
{
    public const string MediaType = "application/xml";
    public static readonly TimeSpan Window = TimeSpan.FromHours(48);
    public const int MaxUrls = 1000;

    private const string Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string News = "http://www.google.com/schemas/sitemap-news/0.9";

    private const string RecentSql = $"""
        select a.id, a.slug, a.title, a.language, a.published_at as PublishedAt
        from articles a
        where {Visible} and a.published_at >= @Since
        order by a.published_at desc, a.id desc
        limit @Limit
        """;

    /// <summary>An article in the sitemap.</summary>
    public sealed record Entry(Guid Id, string Slug, string Title, string Language, DateTime PublishedAt);

    /// <summary>False when no website address is configured (Site__ArticleUrl): there is nothing to list.</summary>
    public bool IsAvailable => site.Template is not null;

    public async Task<Representation> BuildAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recent = await reads.ReadAsync(async connection => (await connection.QueryAsync<Entry>(new CommandDefinition(RecentSql,
            new { Now = now, Since = now - Window, Limit = MaxUrls }, cancellationToken: ct))).AsList(), ct);
        return Representation.OfBytes(Document(recent, e => site.ArticleUrl(e.Id, e.Slug)!), $"{MediaType}; charset=utf-8",
            lastModified: null, SurrogateKeys.ForArticles(recent.Select(r => r.Id)));
    }

    public static byte[] Document(IEnumerable<Entry> recent, Func<Entry, string> url)
    {
        return XmlText.Document(xml =>
        {
            xml.WriteStartElement("urlset", Sitemap);
            xml.WriteAttributeString("xmlns", "news", null, News);
            foreach (var article in recent)
            {
                xml.WriteStartElement("url", Sitemap);
                xml.WriteTextElement("loc", Sitemap, url(article));
                xml.WriteStartElement("news", News);
                xml.WriteStartElement("publication", News);
                xml.WriteTextElement("name", News, "OZD");
                xml.WriteTextElement("language", News, article.Language);
                xml.WriteEndElement();
                xml.WriteElementString("publication_date", News, XmlText.Rfc3339(article.PublishedAt));
                xml.WriteTextElement("title", News, article.Title);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        });
    }
}
