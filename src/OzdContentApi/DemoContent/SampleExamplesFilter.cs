using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.Articles;
using OzdContentApi.Persons;
using OzdContentApi.Platform.Http;
using OzdContentApi.Articles.Sections;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.DemoContent;

/// <summary>
/// Examples for the main schemas, taken from the sample OZD article in db/seed, so a reader
/// sees real content: the five section types, German text, persons with their roles.
/// </summary>
public sealed class SampleExamplesFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
            return;

        var content = DemoContentFiles.Load();
        var seed = content.Articles[0];
        var persons = content.Persons.ToDictionary(p => p.Id);
        var at = seed.PublishedAt!.Value;
        var article = new Article
        {
            Id = seed.Id, Slug = seed.Slug, Title = seed.Title, Teaser = seed.Teaser, Language = seed.Language,
            Status = ArticleStatus.Published, PublishedAt = at, CreatedAt = at, UpdatedAt = at, Version = 1,
            Source = seed.Source, ImageCredit = seed.ImageCredit, Disclaimer = seed.Disclaimer, Extras = seed.Extras,
            Persons = seed.Persons.Select(m => new ArticlePerson
            {
                PersonId = m.PersonId, Slug = persons[m.PersonId].Slug, Name = persons[m.PersonId].Name, Role = m.Role,
            }).ToList(),
            Sections = seed.Sections,
            LeadImage = null, EmbargoedUntil = null, Corrections = [], CanonicalUrl = "https://www.ozd.example/artikel/" + seed.Slug,
        };
        var person = persons[seed.Persons[^1].PersonId];
        // The newsroom's fields as the demo article that has them shows them.
        if (content.Articles.FirstOrDefault(a => a.LeadImage is not null) is { LeadImage: { } image } withImage)
        {
            Set(schemas, "LeadImage", Node(image));
            if (withImage.Corrections is [var correction, ..])
                Set(schemas, "Correction", Node(correction));
        }

        Set(schemas, "Article", Node(article));
        Set(schemas, "ArticleSummary", Without(Node(article), "disclaimer", "extras", "persons", "sections", "leadImage", "embargoedUntil",
            "corrections", "canonicalUrl"));
        Set(schemas, "ArticleInput", InputOf(article));
        Set(schemas, "Person", Node(new Person
        {
            Id = person.Id, Slug = person.Slug, Name = person.Name, Description = person.Description,
            CreatedAt = at, UpdatedAt = at, Version = 1,
        }));
        Set(schemas, "PersonInput", new JsonObject { ["slug"] = person.Slug, ["name"] = person.Name, ["description"] = person.Description });
        foreach (var section in article.Sections)
        {
            var name = section.GetType().Name;
            Set(schemas, name, Node<Section>(section));
            Set(schemas, $"{name}Input", Without(Node<Section>(section), "id", "position"));
        }
        Set(schemas, "ProblemDetails", new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.5", ["title"] = "Not Found", ["status"] = 404,
            ["detail"] = "No published article has the id or slug 'gibt-es-nicht'.",
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        });
        Set(schemas, "HttpValidationProblemDetails", new JsonObject
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1", ["title"] = "One or more validation errors occurred.",
            ["status"] = 400, ["detail"] = "One or more values are invalid; see errors.",
            ["errors"] = new JsonObject
            {
                ["sections[2].items"] = new JsonArray("Between 1 and 100 items."),
                ["sections[3].groups[0].points"] = new JsonArray("Between 1 and 100 items."),
            },
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        });
    }

    /// <summary>The article as a client would send it to create it.</summary>
    private static JsonObject InputOf(Article article)
    {
        var input = Without(Node(article), "id", "language", "status", "publishedAt", "createdAt", "updatedAt", "version", "persons", "sections",
            "embargoedUntil", "corrections", "canonicalUrl");
        input["persons"] = new JsonArray(article.Persons.Select(p => (JsonNode)new JsonObject { ["personId"] = p.PersonId.ToString(), ["role"] = p.Role }).ToArray());
        input["sections"] = new JsonArray(article.Sections.Select(s => (JsonNode)Without(Node<Section>(s), "id", "position")).ToArray());
        return input;
    }

    private static JsonObject Node<T>(T value) => JsonSerializer.SerializeToNode(value, ContentJson.Options)!.AsObject();

    private static JsonObject Without(JsonObject node, params string[] properties)
    {
        foreach (var property in properties)
            node.Remove(property);
        return node;
    }

    private static void Set(IDictionary<string, IOpenApiSchema> schemas, string name, JsonNode example)
    {
        if (schemas.TryGetValue(name, out var schema) && schema is OpenApiSchema target)
            target.Examples = [example];
    }
}
