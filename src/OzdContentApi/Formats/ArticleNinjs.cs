using System.Text.Json.Nodes;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Formats;

/// <summary>
/// IPTC ninjs 3.2 for partners and agencies, valid against the IPTC schema (a test checks it).
/// Every section is one body whose <c>role</c> is its type (report, commentary, infobox, analysis,
/// glossary), in order and as plain text, with nothing left out; extras, the disclaimer and each
/// correction are bodies of their own. The uri is the article's UUID as a URN, which survives
/// slug changes and any host name.
/// </summary>
public static class ArticleNinjs
{
    // Plain JSON: what partners parse; the schema is named in the OpenAPI document.
    public const string MediaType = "application/json";

    // IPTC genre NewsCodes for the parts that are not news reporting.
    private static readonly IReadOnlyDictionary<Type, (string Name, string Uri)> Genres = new Dictionary<Type, (string, string)>
    {
        [typeof(CommentarySection)] = ("Kommentar", "http://cv.iptc.org/newscodes/genre/Opinion"),
        [typeof(AnalysisSection)] = ("Analyse", "http://cv.iptc.org/newscodes/genre/Analysis"),
        [typeof(GlossarySection)] = ("Hintergrund", "http://cv.iptc.org/newscodes/genre/Background"),
    };

    public static JsonObject Build(Article article, string api)
    {
        var source = article.Source ?? "OZD";
        var document = new JsonObject
        {
            ["uri"] = $"urn:uuid:{article.Id}",
            ["type"] = "text",
            ["version"] = article.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["firstCreated"] = Time(article.CreatedAt),
            ["versionCreated"] = Time(article.UpdatedAt),
            ["pubStatus"] = "usable",
            ["language"] = article.Language,
            ["copyrightHolder"] = source,
            ["copyrightNotice"] = $"© {source}",
            ["usageTerms"] = "Nur für Partner mit gültigem Lizenzvertrag der OZD.",
            ["headlines"] = new JsonArray(new JsonObject { ["role"] = "main", ["value"] = article.Title }),
            ["bodies"] = new JsonArray(Bodies(article).ToArray()),
            ["altIds"] = new JsonArray(new JsonObject { ["role"] = "slug", ["value"] = article.Slug }),
        };
        if (article.PublishedAt is { } published)
            document["contentCreated"] = Time(published);
        if (article.EmbargoedUntil is { } until)
            document["embargoedUntil"] = Time(until);
        if (article.Teaser is { } teaser)
            document["descriptions"] = new JsonArray(new JsonObject { ["role"] = "summary", ["value"] = teaser });
        if (article.Sections.OfType<ReportSection>().Select(r => r.Byline).FirstOrDefault(b => b is not null) is { } byline)
            document["by"] = byline;
        if (article.Persons.Count > 0)
        {
            document["people"] = new JsonArray(article.Persons.Select(p =>
            {
                var person = new JsonObject { ["name"] = p.Name, ["rel"] = p.Role ?? "mentioned", ["uri"] = $"{api}/v1/persons/{p.PersonId}" };
                return (JsonNode)person;
            }).ToArray());
        }
        var genres = article.Sections.Select(s => s.GetType()).Distinct().Where(Genres.ContainsKey).Select(t => Genres[t]).ToList();
        if (genres.Count > 0)
            document["genres"] = new JsonArray(genres.Select(g => (JsonNode)new JsonObject { ["name"] = g.Name, ["uri"] = g.Uri }).ToArray());
        if (article.LeadImage is { } image)
            document["associations"] = new JsonArray(Picture(image));
        return document;
    }

    private static IEnumerable<JsonNode> Bodies(Article article)
    {
        foreach (var section in article.Sections)
            yield return Body(SectionKinds.NameOf(section), SectionText.Of(section));
        foreach (var extra in article.Extras)
            yield return Body("extra", extra);
        if (article.Disclaimer is { } disclaimer)
            yield return Body("disclaimer", disclaimer);
        foreach (var correction in article.Corrections)
            yield return Body($"correction:{correction.Kind.Name()}", correction.Text);
    }

    private static JsonObject Body(string role, string text) => new() { ["role"] = role, ["contentType"] = "text/plain", ["value"] = text };

    private static JsonObject Picture(LeadImage image)
    {
        var picture = new JsonObject
        {
            ["name"] = "leadImage",
            ["rel"] = "leadImage",
            ["uri"] = image.Url,
            ["type"] = "picture",
            ["renditions"] = new JsonArray(new[] { (Name: "original", image.Url, image.Width, image.Height) }
                .Concat(image.Renditions.Select(r => (Name: $"w{r.Width}", r.Url, r.Width, r.Height)))
                .Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["href"] = r.Url, ["width"] = r.Width, ["height"] = r.Height })
                .ToArray()),
        };
        var descriptions = new JsonArray();
        if (image.Alt is { } alt)
            descriptions.Add(new JsonObject { ["role"] = "alt", ["value"] = alt });
        if (image.Caption is { } caption)
            descriptions.Add(new JsonObject { ["role"] = "caption", ["value"] = caption });
        if (descriptions.Count > 0)
            picture["descriptions"] = descriptions;
        if (image.Credit is { } credit)
            picture["by"] = credit;
        if (image.Copyright is { } copyright)
            picture["copyrightNotice"] = copyright;
        return picture;
    }

    private static string Time(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
}
