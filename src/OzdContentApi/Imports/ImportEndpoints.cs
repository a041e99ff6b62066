using Microsoft.AspNetCore.Mvc;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using OzdContentApi.Articles;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;

namespace OzdContentApi.Imports;

/// <summary><c>POST /v1/imports/ozd-text</c>: an OZD plain text in, a structured draft out.</summary>
public static class ImportEndpoints
{
    public const string TextMediaType = "text/plain";

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder routes)
    {
        var imports = routes.MapGroup("/v1/imports").WithTags("Imports").RequireAuthorization(Scopes.Write);

        imports.MapPost("/ozd-text", Import)
            .WithName("importOzdText")
            .WithMetadata(new BodylessOperations.ReadsItsOwnBody())
            .WithSummary("Import an article from OZD plain text")
            .WithDescription(
                "Turns an article written in OZD's plain-text layout into a draft: the report up to its byline, " +
                "\"OZD-Kommentar – <title>\" and its paragraphs, \"Mini-Infobox\" and its items, \"OZD-Analyse\" with " +
                "headings and lettered points, the glossary (\"Wer ist …?\", \"Was ist …?\"), \"Alle Angaben ohne Gewähr.\", " +
                "\"Titelbild <credit>.\" and \"OZD-Extras\". Known persons named in the text become mentions with the role " +
                "the text puts before the name; \"Wer ist <name>?\" links its entry to that person. Send the text as " +
                "text/plain (UTF-8) or as JSON {text, title?}. With dryRun=true the answer is the article as createArticle " +
                "would take it and nothing is saved; otherwise a new draft (201, Location, ETag). Every line that fits " +
                "nowhere, and every decision the importer had to make, is a warning naming its line.")
            .Produces<ImportPreview>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .WithJsonBodyProblems()
            .AnswersWithoutETag(StatusCodes.Status200OK)
            .WithLink(201, "read", "getArticle", "Read the draft (with a preview key).", ("idOrSlug", "$response.body#/article/id"))
            .WithLink(201, "publish", "publishArticle", "Publish the draft, with the ETag of this answer as If-Match.",
                OperationLinks.SameResource("$response.body#/article/id"));
        return routes;
    }

    public static async Task<Results<Ok<ImportPreview>, CreatedJson<ImportResult>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest request, OzdTextImporter importer, IValidator<ImportInput> validator,
        [FromQuery, Description("true: answer the article the text would become and save nothing.")] bool? dryRun,
        CancellationToken ct)
    {
        var (input, invalid, unsupported) = await ReadAsync(request, ct);
        if (invalid is not null)
            return invalid;
        if (unsupported is not null)
            return unsupported;
        var check = await validator.ValidateAsync(input!, ct);
        if (!check.IsValid)
            return Problems.Invalid(check.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));

        switch (importer.Prepare(input!.Text!, input.Title, await importer.KnownPersonsAsync(ct)))
        {
            case Prepared.NotOzdText(var failure):
                return Problems.Invalid(new Dictionary<string, string[]> { ["text"] = [failure.Message] });
            case Prepared.Invalid(var errors):
                return Problems.Invalid(new Dictionary<string, string[]> { ["text"] = errors.Select(e => e.Message).ToArray() });
            case Prepared.Ready(var parsed) when dryRun == true:
                return TypedResults.Ok(new ImportPreview { Article = parsed.Article, Warnings = Listed(parsed.Warnings) });
            case Prepared.Ready(var parsed):
                return await importer.CreateAsync(parsed.Article, ct) switch
                {
                    WriteOutcome.Saved saved => new CreatedJson<ImportResult>($"/v1/articles/{saved.Article.Id}",
                        Answer(saved.Representation.Json, Listed(parsed.Warnings)), saved.Representation.ETag),
                    WriteOutcome.Invalid refused => Problems.Invalid(refused.Errors.ToDictionary(e => "article." + e.Key, e => e.Value)),
                    WriteOutcome.Conflict conflict => Problems.Conflict(conflict.Detail),
                    var other => throw new InvalidOperationException($"Creating a draft cannot end {other.GetType().Name}."),
                };
            default:
                throw new InvalidOperationException("Unknown preparation.");
        }
    }

    /// <summary>The body as text/plain (UTF-8) or JSON; anything else is a 415, bytes that are not UTF-8 a 400.</summary>
    private static async Task<(ImportInput? Input, ValidationProblem? Invalid, ProblemHttpResult? Unsupported)> ReadAsync(
        HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
            return (null, null, UnsupportedMediaType($"Send the text as {TextMediaType}; charset=utf-8, or as application/json {{\"text\": …}}."));
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        if (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return (JsonSerializer.Deserialize<ImportInput>(body.ToArray(), ContentJson.Options) ?? new ImportInput(), null, null);
            }
            catch (JsonException e)
            {
                var (path, message) = JsonBodyErrors.Describe(e);
                return (null, Problems.Invalid(new Dictionary<string, string[]> { [path] = [message] }), null);
            }
        }
        if (!type.MediaType.Equals(TextMediaType, StringComparison.OrdinalIgnoreCase))
            return (null, null, UnsupportedMediaType($"{type.MediaType} is not taken here: send the text as {TextMediaType}; charset=utf-8, or as application/json {{\"text\": …}}."));
        string text;
        try
        {
            text = Strict.GetString(body.GetBuffer(), 0, (int)body.Length);
        }
        catch (DecoderFallbackException e)
        {
            return (null, Problems.Invalid(new Dictionary<string, string[]>
            {
                ["text"] = [$"The body is not UTF-8 text (byte {e.Index} cannot be read): binary files and other encodings are refused."],
            }), null);
        }
        if (LooksLikeJson(text))
            return (null, Problems.Invalid(new Dictionary<string, string[]>
            {
                ["text"] = ["The body is JSON sent as text/plain: send it as application/json {\"text\": …, \"title\": …}, or send the article's text itself."],
            }), null);
        return (new ImportInput { Text = text }, null, null);
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || !(trimmed[0] == '{' && trimmed[^1] == '}' || trimmed[0] == '[' && trimmed[^1] == ']'))
            return false;
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType);

    public const int ListedWarnings = 100;

    /// <summary>
    /// The first warnings, and one that counts the rest: a text of thousands of unplaced lines
    /// answers a short list (megabytes of warnings help nobody and cost everybody).
    /// </summary>
    private static IReadOnlyList<ImportWarning> Listed(IReadOnlyList<ImportWarning> warnings) =>
        warnings.Count <= ListedWarnings
            ? warnings
            : [.. warnings.Take(ListedWarnings), new ImportWarning(warnings[ListedWarnings].Line,
                $"… and {warnings.Count - ListedWarnings} more warnings from this line on, not listed.")];

    private static byte[] Answer(byte[] article, IReadOnlyList<ImportWarning> warnings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ContentJson.Options.Encoder }))
        {
            json.WriteStartObject();
            json.WritePropertyName("article");
            json.WriteRawValue(article, skipInputValidation: true);
            json.WritePropertyName("warnings");
            JsonSerializer.Serialize(json, warnings, ContentJson.Options);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
