using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Articles;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Revisions;

public static class RevisionsEndpoints
{
    public static IEndpointRouteBuilder MapRevisions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/articles/{idOrSlug}/revisions").WithTags("Revisions")
            .RequireAuthorization(Scopes.Preview).WithManagementProblems()
            .RequireCors(BrowserAccess.Editors);

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
        [Description(ArticleManagementEndpoints.IdOrSlugDescription)] string idOrSlug,
        [AsParameters] PageQuery page, RevisionStore revisions, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var key = IdOrSlug.Parse(idOrSlug, "idOrSlug", errors);
        var limit = page.ParseLimit(errors);
        var before = VersionCursor.Parse(page.Cursor, errors);
        if (errors.Any)
            return errors.ToProblem();

        if (await revisions.ListAsync(key!.Value, before, limit + 1, ct) is not { } rows)
            return Problems.NotFound($"There is no article with the id or slug '{key}'.");
        var result = Pages.From(rows, limit, r => VersionCursor.Encode(r.Version));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<Article>, ValidationProblem, ProblemHttpResult>> Get(
        [Description(ArticleManagementEndpoints.IdOrSlugDescription)] string idOrSlug,
        [Description("The version number, 1 or more.")] string version,
        RevisionStore revisions, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var key = IdOrSlug.Parse(idOrSlug, "idOrSlug", errors);
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            errors.Add("version", "Must be a whole number, 1 or more.");
        if (errors.Any)
            return errors.ToProblem();

        return await revisions.FindAsync(key!.Value, number, ct) is { } article
            ? CachedJson.Of(article, article.UpdatedAt)
            : Problems.NotFound($"The article '{key}' has no version {number}.");
    }
}
