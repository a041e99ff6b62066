using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OzdContentApi.DemoContent;
using OzdContentApi.Platform.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Imports;

/// <summary>
/// The import's request body, which the endpoint reads itself (plain text or JSON, so that it can
/// name what is wrong with either), and examples that are real: the sample OZD text
/// (db/seed/ozd-miami-talks.txt) in, and what this parser makes of it against the demo persons out.
/// </summary>
public sealed class ImportExamplesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId != "importOzdText")
            return;
        var text = DemoContentFiles.SampleText();
        var demo = DemoContentFiles.Load();
        var title = demo.Articles[0].Title;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The text as text/plain (UTF-8), or as JSON with an optional title.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                [ImportEndpoints.TextMediaType] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "The article in OZD's plain-text layout, UTF-8.",
                        MaxLength = ImportLimits.Text,
                    },
                    Example = JsonValue.Create(text),
                },
                ["application/json"] = new OpenApiMediaType
                {
                    Schema = context.SchemaGenerator.GenerateSchema(typeof(ImportInput), context.SchemaRepository),
                    Example = new JsonObject { ["text"] = text, ["title"] = title },
                },
            },
        };

        var (parsed, _) = OzdTextParser.Parse(text, title, demo.Persons.Select(p => new KnownPerson(p.Id, p.Name)).ToList());
        if (parsed is not null && operation.Responses?.TryGetValue("200", out var ok) == true
            && ok.Content?.TryGetValue("application/json", out var preview) == true && preview is OpenApiMediaType previewMedia)
        {
            previewMedia.Example = JsonSerializer.SerializeToNode(new ImportPreview { Article = parsed.Article, Warnings = parsed.Warnings }, ContentJson.Options);
        }
    }
}
