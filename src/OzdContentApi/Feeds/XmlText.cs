using System.Xml;

namespace OzdContentApi.Feeds;

/// <summary>
/// Text as XML 1.0 can carry it. Articles may hold characters XML forbids (control characters
/// other than tab and line breaks, U+FFFE, U+FFFF; JSON allows them): each becomes U+FFFD, the
/// replacement character, instead of an exception in the middle of a feed.
/// </summary>
public static class XmlText
{
    public static string Clean(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (!Allowed(text, i))
            {
                firstBad = i;
                break;
            }
            if (char.IsHighSurrogate(text[i]))
                i++;
        }
        if (firstBad < 0)
            return text;
        var chars = text.ToCharArray();
        for (var i = firstBad; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && Allowed(text, i))
                i++;
            else if (!Allowed(text, i))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    private static bool Allowed(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        return c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
    }

    /// <summary>A whole XML document in UTF-8 without a byte-order mark (the feeds and the sitemap).</summary>
    public static byte[] Document(Action<XmlWriter> write)
    {
        var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            write(xml);
        }
        return output.ToArray();
    }

    /// <summary>An RFC 3339 time in UTC, as Atom and the sitemap protocol want it.</summary>
    public static string Rfc3339(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes text, cleaned.</summary>
    public static void WriteText(this XmlWriter xml, string text) => xml.WriteString(Clean(text));

    /// <summary>Writes an element holding only text, cleaned.</summary>
    public static void WriteTextElement(this XmlWriter xml, string name, string ns, string text) =>
        xml.WriteElementString(name, ns, Clean(text));
}
