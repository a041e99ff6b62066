using System.Globalization;
using System.Xml;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Feeds;

/// <summary>
/// RSS 2.0 of whole articles: the teaser as description, the full text of every section as HTML
/// in <c>content:encoded</c>, a permanent <c>guid</c> (urn:uuid, not a link), RFC 822 dates;
/// paging links as <c>atom:link</c> (RSS has none of its own).
/// </summary>
public static class RssFeed
{
    public const string MediaType = "application/rss+xml";
    private const string Content = "http://purl.org/rss/1.0/modules/content/";
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static byte[] Build(FeedPage page, IReadOnlyList<Article> articles, Func<Article, string?> siteUrl)
    {
        return XmlText.Document(xml =>
        {
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "content", null, Content);
            xml.WriteAttributeString("xmlns", "atom", null, Atom);
            xml.WriteStartElement("channel");
            xml.WriteTextElement("title", "", "OZD – Artikel");
            xml.WriteTextElement("link", "", page.Address);
            xml.WriteTextElement("description", "", "Die neuesten Artikel der OZD, mit vollem Text.");
            xml.WriteTextElement("language", "", "de");
            xml.WriteTextElement("lastBuildDate", "", Time(articles.Select(a => a.UpdatedAt).DefaultIfEmpty(DateTime.UnixEpoch).Max()));
            xml.WriteTextElement("generator", "", "OZD Content API");
            AtomLink(xml, "self", page.Self);
            AtomLink(xml, "first", page.First);
            if (page.Next is { } next)
                AtomLink(xml, "next", next);

            foreach (var article in articles)
                Item(xml, article, page.Api, siteUrl(article));

            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }

    private static void Item(XmlWriter xml, Article article, string api, string? siteUrl)
    {
        xml.WriteStartElement("item");
        xml.WriteTextElement("title", "", article.Title);
        xml.WriteTextElement("link", "", siteUrl ?? $"{api}/v1/articles/{article.Id}");
        if (article.Teaser is { } teaser)
            xml.WriteTextElement("description", "", teaser);
        xml.WriteStartElement("encoded", Content);
        xml.WriteText(SectionHtml.Fragment(article));
        xml.WriteEndElement();
        xml.WriteStartElement("guid");
        xml.WriteAttributeString("isPermaLink", "false");
        xml.WriteText($"urn:uuid:{article.Id}");
        xml.WriteEndElement();
        if (article.PublishedAt is { } published)
            xml.WriteTextElement("pubDate", "", Time(published));
        foreach (var type in article.Sections.Select(SectionKinds.NameOf).Distinct())
            xml.WriteTextElement("category", "", type);
        xml.WriteEndElement();
    }

    private static void AtomLink(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", MediaType);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>RFC 822 (with a four-digit year, as RSS 2.0 recommends), in GMT.</summary>
    private static string Time(DateTime utc) => utc.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
}
