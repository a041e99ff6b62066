using System.Xml;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Formats;

namespace OzdContentApi.Feeds;

/// <summary>
/// An article's sections as (X)HTML, every word of them, for feed readers: one <c>div</c> per
/// section with its type as class, titles as <c>h2</c>, paragraphs, the infobox as a list, the
/// analysis points as lettered lists (<c>ol type="a"</c>), the glossary as questions and answers;
/// then the OZD-Extras, the disclaimer and the corrections (class <c>correction</c> and its kind).
/// Written in the XHTML namespace for Atom, without one for RSS's <c>content:encoded</c>.
/// </summary>
public static class SectionHtml
{
    public const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    public static void WriteArticle(XmlWriter xml, Article article, string ns)
    {
        foreach (var section in article.Sections)
            Write(xml, section, ns);
        foreach (var extra in article.Extras)
            Element(xml, "p", ns, extra, ("class", "extra"));
        if (article.Disclaimer is { } disclaimer)
            Element(xml, "p", ns, disclaimer, ("class", "disclaimer"));
        foreach (var correction in article.Corrections)
            Element(xml, "p", ns, correction.Text, ("class", $"correction {correction.Kind.Name()}"));
    }

    /// <summary>The article as an HTML fragment (RSS puts it in content:encoded).</summary>
    public static string Fragment(Article article)
    {
        var text = new StringWriter();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment, OmitXmlDeclaration = true }))
            WriteArticle(xml, article, "");
        return text.ToString();
    }

    private static void Write(XmlWriter xml, Section section, string ns)
    {
        xml.WriteStartElement("div", ns);
        xml.WriteAttributeString("class", SectionKinds.NameOf(section));
        switch (section)
        {
            case ReportSection report:
                Heading(xml, report.Title, ns);
                Paragraphs(xml, report.Paragraphs, ns);
                if (report.Byline is { } byline)
                    Element(xml, "p", ns, byline, ("class", "byline"));
                break;
            case CommentarySection commentary:
                Element(xml, "p", ns, commentary.Label, ("class", "label"));
                Heading(xml, commentary.Title, ns);
                Paragraphs(xml, commentary.Paragraphs, ns);
                if (commentary.Author is { } author)
                    Element(xml, "p", ns, author, ("class", "author"));
                break;
            case InfoboxSection infobox:
                Heading(xml, infobox.Title, ns);
                List(xml, "ul", infobox.Items, ns);
                break;
            case AnalysisSection analysis:
                Heading(xml, analysis.Title, ns);
                foreach (var group in analysis.Groups)
                {
                    Element(xml, "h3", ns, group.Heading);
                    List(xml, "ol", group.Points, ns, ("type", "a"));
                }
                break;
            case GlossarySection glossary:
                Heading(xml, glossary.Title, ns);
                xml.WriteStartElement("dl", ns);
                foreach (var entry in glossary.Entries)
                {
                    Element(xml, "dt", ns, SectionText.Question(entry));
                    Element(xml, "dd", ns, entry.Answer);
                }
                xml.WriteEndElement();
                break;
            default:
                throw new InvalidOperationException($"No HTML for {section.GetType().Name}.");
        }
        xml.WriteEndElement();
    }

    private static void Heading(XmlWriter xml, string? title, string ns)
    {
        if (title is not null)
            Element(xml, "h2", ns, title);
    }

    private static void Paragraphs(XmlWriter xml, IEnumerable<string> paragraphs, string ns)
    {
        foreach (var paragraph in paragraphs)
            Element(xml, "p", ns, paragraph);
    }

    private static void List(XmlWriter xml, string list, IEnumerable<string> items, string ns, params (string Name, string Value)[] attributes)
    {
        xml.WriteStartElement(list, ns);
        foreach (var (name, value) in attributes)
            xml.WriteAttributeString(name, value);
        foreach (var item in items)
            Element(xml, "li", ns, item);
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string ns, string text, params (string Name, string Value)[] attributes)
    {
        xml.WriteStartElement(name, ns);
        foreach (var (attribute, value) in attributes)
            xml.WriteAttributeString(attribute, value);
        xml.WriteText(text);
        xml.WriteEndElement();
    }
}
