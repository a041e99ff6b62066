using System.Text.Json.Nodes;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Formats;

/// <summary>
/// schema.org JSON-LD for the article's web page, every type and property from the schema.org
/// vocabulary (release 30.0) and used on a type it belongs to (a test checks both). The article
/// is a <c>NewsArticle</c> and a <c>ReportageNewsArticle</c> (the report is its body); its other
/// parts are <c>hasPart</c>: the commentary an <c>OpinionNewsArticle</c>, the analysis an
/// <c>AnalysisNewsArticle</c> whose groups are ordered <c>ItemList</c>s, the infobox an
/// <c>ItemList</c>, each glossary entry a <c>Question</c> with its <c>Answer</c> (they are
/// questions, "Wer ist …?", and FAQ markup is what readers of them get; a <c>DefinedTerm</c>
/// would lose the question). Persons are <c>mentions</c>; corrections <c>CorrectionComment</c>s.
/// </summary>
public static class ArticleJsonLd
{
    public const string MediaType = "application/ld+json";

    /// <param name="api">The service's own address, for links to person resources (https://host).</param>
    public static JsonObject Build(Article article, string api)
    {
        var outlet = Organization(article.Source ?? "OZD");
        var reports = article.Sections.OfType<ReportSection>().ToList();
        var document = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = new JsonArray("NewsArticle", "ReportageNewsArticle"),
            ["@id"] = article.CanonicalUrl ?? $"{api}/v1/articles/{article.Id}",
            ["identifier"] = article.Id.ToString(),
            ["headline"] = article.Title,
            ["inLanguage"] = article.Language,
            ["dateCreated"] = Time(article.CreatedAt),
            ["dateModified"] = Time(ReaderTimes.LastChanged(article)),
            ["author"] = new JsonArray(Organization(reports.Select(r => r.Byline).FirstOrDefault(b => b is not null) ?? article.Source ?? "OZD")),
            ["publisher"] = outlet,
            ["isAccessibleForFree"] = true,
            ["articleBody"] = string.Join("\n\n", reports.Select(SectionText.Of)),
        };
        if (article.PublishedAt is { } published)
            document["datePublished"] = Time(published);
        if (article.Teaser is { } teaser)
            document["description"] = teaser;
        if (article.CanonicalUrl is { } url)
        {
            document["url"] = url;
            document["mainEntityOfPage"] = url;
        }
        if (article.LeadImage is { } image)
            document["image"] = new JsonArray(Image(image));
        else if (article.ImageCredit is { } credit)
            document["creditText"] = credit;
        if (article.Persons.Count > 0)
            document["mentions"] = new JsonArray(article.Persons.Select(p => (JsonNode)Person(p.Name, p.PersonId, p.Role, api)).ToArray());

        var parts = article.Sections.Where(s => s is not ReportSection).SelectMany(s => Parts(s, article, api))
            .Concat(article.Extras.Select(extra => (JsonNode)new JsonObject { ["@type"] = "CreativeWork", ["genre"] = "OZD-Extras", ["text"] = extra }))
            .ToList();
        if (article.Disclaimer is { } disclaimer)
            parts.Add(new JsonObject { ["@type"] = "CreativeWork", ["genre"] = "Hinweis", ["text"] = disclaimer });
        if (parts.Count > 0)
            document["hasPart"] = new JsonArray(parts.ToArray());
        if (article.Corrections.Count > 0)
            document["correction"] = new JsonArray(article.Corrections.Select(c => (JsonNode)Correction(c)).ToArray());
        return document;
    }

    private static IEnumerable<JsonNode> Parts(Section section, Article article, string api)
    {
        switch (section)
        {
            case CommentarySection commentary:
                var opinion = new JsonObject
                {
                    ["@type"] = "OpinionNewsArticle",
                    ["genre"] = commentary.Label,
                    ["headline"] = commentary.Title,
                    ["articleBody"] = string.Join("\n\n", commentary.Paragraphs),
                    ["inLanguage"] = article.Language,
                };
                if (commentary.Author is { } author)
                    opinion["author"] = new JsonObject { ["@type"] = "Person", ["name"] = author };
                yield return opinion;
                break;
            case InfoboxSection infobox:
                yield return List(infobox.Title, infobox.Items);
                break;
            case AnalysisSection analysis:
                yield return new JsonObject
                {
                    ["@type"] = "AnalysisNewsArticle",
                    ["headline"] = analysis.Title,
                    ["articleBody"] = SectionText.Of(analysis),
                    ["inLanguage"] = article.Language,
                    ["hasPart"] = new JsonArray(analysis.Groups.Select(g => (JsonNode)List(g.Heading, g.Points)).ToArray()),
                };
                break;
            case GlossarySection glossary:
                foreach (var entry in glossary.Entries)
                {
                    var question = new JsonObject
                    {
                        ["@type"] = "Question",
                        ["name"] = entry.Question,
                        ["acceptedAnswer"] = new JsonObject { ["@type"] = "Answer", ["text"] = entry.Answer },
                    };
                    if (entry.PersonId is { } personId && article.Persons.FirstOrDefault(p => p.PersonId == personId) is { } person)
                        question["about"] = new JsonObject { ["@type"] = "Person", ["@id"] = PersonUrl(person.PersonId, api), ["name"] = person.Name };
                    else
                        question["about"] = new JsonObject { ["@type"] = "Thing", ["name"] = entry.Term };
                    yield return question;
                }
                break;
        }
    }

    private static JsonObject List(string name, IReadOnlyList<string> items) => new()
    {
        ["@type"] = "ItemList",
        ["name"] = name,
        ["itemListOrder"] = "https://schema.org/ItemListOrderAscending",
        ["numberOfItems"] = items.Count,
        ["itemListElement"] = new JsonArray(items.Select((item, i) => (JsonNode)new JsonObject
        {
            ["@type"] = "ListItem", ["position"] = i + 1, ["name"] = item,
        }).ToArray()),
    };

    private static JsonObject Organization(string name) => new() { ["@type"] = "NewsMediaOrganization", ["name"] = name };

    private static JsonObject Person(string name, Guid id, string? role, string api)
    {
        var person = new JsonObject { ["@type"] = "Person", ["@id"] = PersonUrl(id, api), ["name"] = name, ["url"] = PersonUrl(id, api) };
        if (role is not null)
            person["description"] = role;
        return person;
    }

    // By id, like the article's own @id: a person's slug changes when an editor renames it.
    private static string PersonUrl(Guid id, string api) => $"{api}/v1/persons/{id}";

    private static JsonObject Image(LeadImage image)
    {
        var node = new JsonObject
        {
            ["@type"] = "ImageObject",
            ["url"] = image.Url,
            ["contentUrl"] = image.Url,
            ["width"] = image.Width,
            ["height"] = image.Height,
        };
        if (image.Alt is { } alt)
            node["description"] = alt;
        if (image.Caption is { } caption)
            node["caption"] = caption;
        if (image.Credit is { } credit)
            node["creditText"] = credit;
        if (image.Copyright is { } copyright)
            node["copyrightNotice"] = copyright;
        if (image.Renditions.Count > 0)
        {
            node["thumbnail"] = new JsonArray(image.Renditions.Select(r => (JsonNode)new JsonObject
            {
                ["@type"] = "ImageObject", ["contentUrl"] = r.Url, ["width"] = r.Width, ["height"] = r.Height,
            }).ToArray());
        }
        return node;
    }

    private static JsonObject Correction(Correction correction) => new()
    {
        ["@type"] = "CorrectionComment",
        ["text"] = correction.Text,
        ["datePublished"] = Time(correction.PublishedAt),
        ["genre"] = correction.Kind.Name(),
    };

    private static string Time(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
}
