using System.Text;
using System.Text.RegularExpressions;

namespace OzdContentApi.Search;

/// <summary>
/// What the user typed, in the web-search syntax PostgreSQL's websearch_to_tsquery reads:
/// words, "a phrase", -excluded, or. Also the same query with ae/oe/ue read as ä/ö/ü, so that
/// "Gespraeche" typed without umlauts finds "Gespräche": both are searched.
/// </summary>
public static partial class SearchQuery
{
    public const int MaxLength = 200;

    public static string WithUmlauts(string query) => Umlauts().Replace(query, m => m.Value switch
    {
        "ae" => "ä", "oe" => "ö", "ue" => "ü",
        "Ae" or "AE" => "Ä", "Oe" or "OE" => "Ö", "Ue" or "UE" => "Ü",
        var other => other,
    });

    /// <summary>Escapes the text for HTML except the &lt;mark&gt; tags ts_headline put around matches.</summary>
    public static string SafeSnippet(string headline)
    {
        var builder = new StringBuilder(headline.Length + 16);
        foreach (var part in Marks().Split(headline))
        {
            builder.Append(part is MarkStart or MarkEnd ? part : System.Net.WebUtility.HtmlEncode(part));
        }
        return builder.ToString();
    }

    public const string MarkStart = "\u0002mark\u0003";
    public const string MarkEnd = "\u0002/mark\u0003";

    /// <summary>ts_headline options: control characters as markers, so text cannot fake them.</summary>
    public const string HeadlineOptions =
        "StartSel=\u0002mark\u0003, StopSel=\u0002/mark\u0003, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

    public static string Finish(string headline) =>
        SafeSnippet(headline).Replace(MarkStart, "<mark>").Replace(MarkEnd, "</mark>");

    [GeneratedRegex("ae|oe|ue|Ae|Oe|Ue|AE|OE|UE")]
    private static partial Regex Umlauts();

    [GeneratedRegex("(\u0002/?mark\u0003)")]
    private static partial Regex Marks();
}
