using System.Xml;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Formats;

namespace OzdContentApi.Feeds;

/// <summary>
/// An Atom feed (RFC 4287) of whole articles: each entry's content is the full text of every
/// section as XHTML; paged with <c>first</c>/<c>next</c> links (RFC 5005). The feed has an author,
/// so entries need none of their own; every entry has content (the RFC's two rules beyond its grammar).
/// </summary>
public static class AtomFeed
{
    public const string MediaType = "application/atom+xml";
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static byte[] Build(FeedPage page, IReadOnlyList<Article> articles, Func<Article, string?> siteUrl)
    {
        return XmlText.Document(xml =>
        {
            xml.WriteStartElement("feed", Atom);
            xml.WriteTextElement("id", Atom, page.Address);
            xml.WriteTextElement("title", Atom, "OZD – Artikel");
            xml.WriteTextElement("updated", Atom, Time(articles.Select(ReaderTimes.LastChanged).DefaultIfEmpty(DateTime.UnixEpoch).Max()));
            xml.WriteStartElement("author", Atom);
            xml.WriteTextElement("name", Atom, "OZD");
            xml.WriteEndElement();
            Link(xml, "self", page.Self, MediaType);
            Link(xml, "first", page.First, MediaType);
            if (page.Next is { } next)
                Link(xml, "next", next, MediaType);
            xml.WriteStartElement("generator", Atom);
            xml.WriteAttributeString("uri", $"{page.Api}/swagger");
            xml.WriteText("OZD Content API");
            xml.WriteEndElement();

            foreach (var article in articles)
                Entry(xml, article, page.Api, siteUrl(article));

            xml.WriteEndElement();
        });
    }

    private static void Entry(XmlWriter xml, Article article, string api, string? siteUrl)
    {
        xml.WriteStartElement("entry", Atom);
        xml.WriteTextElement("id", Atom, $"urn:uuid:{article.Id}");
        xml.WriteStartElement("title", Atom);
        xml.WriteAttributeString("type", "text");
        xml.WriteText(article.Title);
        xml.WriteEndElement();
        xml.WriteTextElement("updated", Atom, Time(ReaderTimes.LastChanged(article)));
        if (article.PublishedAt is { } published)
            xml.WriteTextElement("published", Atom, Time(published));
        if (siteUrl is not null)
            Link(xml, "alternate", siteUrl, "text/html");
        Link(xml, "alternate", $"{api}/v1/articles/{article.Id}", "application/json");
        foreach (var type in article.Sections.Select(SectionKinds.NameOf).Distinct())
        {
            xml.WriteStartElement("category", Atom);
            xml.WriteAttributeString("term", type);
            xml.WriteAttributeString("scheme", $"{api}/v1/sections");
            xml.WriteEndElement();
        }
        if (article.Teaser is { } teaser)
        {
            xml.WriteStartElement("summary", Atom);
            xml.WriteAttributeString("type", "text");
            xml.WriteText(teaser);
            xml.WriteEndElement();
        }
        xml.WriteStartElement("content", Atom);
        xml.WriteAttributeString("type", "xhtml");
        xml.WriteAttributeString("xml", "lang", null, article.Language);
        xml.WriteStartElement("div", SectionHtml.XhtmlNamespace);
        SectionHtml.WriteArticle(xml, article, SectionHtml.XhtmlNamespace);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Time(DateTime utc) => XmlText.Rfc3339(utc);
}
