using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>The parts of the document no single operation owns: tags with their descriptions.</summary>
public sealed class DocumentConventionsFilter : IDocumentFilter
{
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Articles", "Articles: delivery reads (published only, unless a preview key) and management writes."),
        ("Sections", "The typed parts of an article: report, commentary, infobox, analysis, glossary."),
        ("Persons", "The people articles mention."),
        ("Revisions", "Every saved version of an article, kept whole."),
        ("Search", "German full-text search over published articles."),
        ("Changes", "Delta sync for apps: what was published, changed or removed since a token."),
        ("Formats", "The article for search engines, partners and readers: schema.org JSON-LD, IPTC ninjs, Atom and RSS feeds, the news sitemap."),
        ("Imports", "Articles brought in from OZD's plain-text layout."),
        ("Keys", "API keys and their scopes (admin)."),
        ("Webhooks", "Events pushed to receivers as Standard Webhooks, from a transactional outbox (admin)."),
        ("Operations", "Liveness and readiness for load balancers."),
    ];

    public void Apply(OpenApiDocument document, DocumentFilterContext context) =>
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
}
