using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Articles;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Sections;

/// <summary>
/// Writes to single sections. Each is a write to the article: it needs the article's If-Match,
/// bumps the article's version and answers the article's new ETag.
/// </summary>
public static class SectionManagementEndpoints
{
    public static IEndpointRouteBuilder MapSectionManagement(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/articles/{idOrSlug}/sections").WithTags("Sections")
            .RequireAuthorization(Scopes.Write).WithManagementProblems().EvictsDeliveryCache()
            .RequireCors(BrowserAccess.Editors);

        group.MapPost("/", Add)
            .WithName("addSection")
            .WithSummary("Add a section at the end of an article")
            .WithDescription("Appends one section; reorder afterwards to move it. Needs the article's If-Match and " +
                             "answers the article's new ETag.")
            .WithValidation<SectionInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions();

        group.MapPut("/order", Reorder)
            .WithName("reorderSections")
            .WithSummary("Reorder an article's sections")
            .WithDescription("Takes every section id of the article exactly once, in the new order. Needs the article's If-Match.")
            .WithValidation<SectionOrderInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions();

        group.MapPut("/{sectionId}", Replace)
            .WithName("replaceSection")
            .WithSummary("Replace one section")
            .WithDescription("Replaces the section's content, its type included; its id and position stay. Needs the " +
                             "article's If-Match.")
            .WithValidation<SectionInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions();

        group.MapDelete("/{sectionId}", Delete)
            .WithName("deleteSection")
            .WithSummary("Delete one section")
            .WithDescription("Removes the section; the sections after it move up one position. Needs the article's If-Match.")
            .WithWritePreconditions();

        return routes;
    }

    public static async Task<Results<Created<Section>, ValidationProblem, ProblemHttpResult>> Add(
        [Description(ArticleManagementEndpoints.IdOrSlugDescription)] string idOrSlug,
        SectionInput input, SectionWrites writes, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        if (target.Invalid is not null)
            return target.Invalid;
        if (target.Unmet is not null)
            return target.Unmet;
        var sectionId = Guid.CreateVersion7();
        return WriteResponses.Created(await writes.AddAsync(target.Key, sectionId, target.IfMatch, input, ct), response,
            a => ($"/v1/articles/{a.Id}/sections/{sectionId}", a.Sections.Single(s => s.Id == sectionId)));
    }

    public static async Task<Results<Ok<Section>, ValidationProblem, ProblemHttpResult>> Replace(
        [Description(ArticleManagementEndpoints.IdOrSlugDescription)] string idOrSlug,
        [Description("The section's UUID.")] string sectionId,
        SectionInput input, SectionWrites writes, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        var errors = new RequestErrors();
        var id = Uuid.Parse(sectionId, "sectionId", errors);
        if (target.Invalid is not null || errors.Any)
            return target.Invalid ?? errors.ToProblem();
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.Ok(await writes.ReplaceAsync(target.Key, id!.Value, target.IfMatch, input, ct), response,
            a => a.Sections.Single(s => s.Id == id));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        [Description(ArticleManagementEndpoints.IdOrSlugDescription)] string idOrSlug,
        [Description("The section's UUID.")] string sectionId,
        SectionWrites writes, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        var errors = new RequestErrors();
        var id = Uuid.Parse(sectionId, "sectionId", errors);
        if (target.Invalid is not null || errors.Any)
            return target.Invalid ?? errors.ToProblem();
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.NoContent(await writes.DeleteAsync(target.Key, id!.Value, target.IfMatch, ct), response);
    }

    public static async Task<Results<Ok<SectionList>, ValidationProblem, ProblemHttpResult>> Reorder(
        [Description(ArticleManagementEndpoints.IdOrSlugDescription)] string idOrSlug,
        SectionOrderInput input, SectionWrites writes, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        if (target.Invalid is not null)
            return target.Invalid;
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.Ok(await writes.ReorderAsync(target.Key, target.IfMatch, input.SectionIds!, ct), response,
            a => new SectionList(a.Sections));
    }
}
