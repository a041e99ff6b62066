using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using OzdContentApi.Articles;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Revisions;

public static class RevisionsEndpoints
{
    public static IEndpointRouteBuilder MapRevisions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/articles/{idOrSlug}/revisions").WithTags("Revisions").RequireAuthorization(Scopes.Preview);

        group.MapGet("/", List)
            .WithName("listRevisions")
            .WithSummary("List an article's saved versions")
            .WithDescription("Every saved version of the article, newest first; versions run from 1 without gaps.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{version}", Get)
            .WithName("getRevision")
            .WithSummary("Get one saved version whole")
            .WithDescription("The article as it was saved in that version: fields, persons and sections.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    public static async Task<Results<CachedJson<Page<RevisionSummary>>, ValidationProblem, ProblemHttpResult>> List(
        [Description(ArticleDeliveryEndpoints.IdOrSlugDescription)] IdOrSlug idOrSlug,
        [AsParameters] PageQuery page, RevisionStore revisions, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var scope = ListScope.Of("/v1/articles/{idOrSlug}/revisions", idOrSlug);
        var before = page.After<VersionPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        if (await revisions.ListAsync(idOrSlug, before?.Version, page.Take + 1, ct) is not { } rows)
            return Problems.NotFound($"There is no article with the id or slug '{idOrSlug}'.");
        var result = Pages.From(rows, page.Take, r => Cursor.Encode(new VersionPosition(r.Version), scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<Article>, ProblemHttpResult>> Get(
        [Description(ArticleDeliveryEndpoints.IdOrSlugDescription)] IdOrSlug idOrSlug,
        [Description("The version number, 1 or more.")] VersionNumber version,
        RevisionStore revisions, CancellationToken ct) =>
        await revisions.FindAsync(idOrSlug, version.Value, ct) is { } article
            ? CachedJson.Of(article, article.UpdatedAt)
            : Problems.NotFound($"The article '{idOrSlug}' has no version {version.Value}.");
}

/// <summary>A saved version's number in a path: a whole number, 1 or more.</summary>
public readonly record struct VersionNumber(int Value) : IParameterType<VersionNumber>
{
    public static string Expectation => "Must be a whole number, 1 or more.";

    public static IOpenApiSchema Schema => new OpenApiSchema
    {
        Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture),
    };

    public static System.Text.Json.Nodes.JsonNode? Example => 1;

    public static bool TryParse(string? s, IFormatProvider? provider, out VersionNumber result)
    {
        var ok = int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1;
        result = new VersionNumber(value);
        return ok;
    }
}

/// <summary>Where a newest-first list of versions stopped.</summary>
public readonly record struct VersionPosition(int Version) : ICursorPosition<VersionPosition>
{
    public static byte Kind => (byte)'v';

    public void Write(CursorWriter writer) => writer.Int32(Version);

    public static VersionPosition? TryRead(CursorReader reader) =>
        reader.Int32() is var version and > 0 && !reader.Failed ? new VersionPosition(version) : null;
}
