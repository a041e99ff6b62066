using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;
using static OzdContentApi.Articles.ArticleDeliveryEndpoints;

namespace OzdContentApi.Articles;

/// <summary>
/// Writing articles and their sections. A write to one section is a write to the article: it
/// needs the article's If-Match, bumps the article's version and answers the article's new ETag.
/// </summary>
public static class ArticleManagementEndpoints
{
    public static IEndpointRouteBuilder MapArticleManagement(this IEndpointRouteBuilder routes)
    {
        var articles = routes.MapGroup("/v1/articles").WithTags("Articles").RequireAuthorization(Scopes.Write);

        articles.MapPost("/", Create)
            .WithName("createArticle")
            .WithSummary("Create a draft article")
            .WithDescription("Creates a draft with its persons and sections. The slug is generated from the title when " +
                             "omitted (a taken generated slug gets -2, -3, …); an explicit slug that is taken is a 409. " +
                             "Answers the article with its ETag, the If-Match of the next write.")
            .WithValidation<ArticleInput>()
            .WithJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithLink(201, "read", "getArticle", "Read the draft (with a preview key).", ("idOrSlug", "$response.body#/id"))
            .WithLink(201, "replace", "replaceArticle", "Replace the draft, with the ETag of this answer as If-Match.", OperationLinks.SameResource())
            .WithLink(201, "publish", "publishArticle", "Publish the draft, with the ETag of this answer as If-Match.", OperationLinks.SameResource())
            .WithLink(201, "addSection", "addSection", "Add a section, with the ETag of this answer as If-Match.", OperationLinks.SameResource())
            .WithLink(201, "revisions", "listRevisions", "Every saved version of the article.", ("idOrSlug", "$response.body#/id"));

        articles.MapPut("/{idOrSlug}", Replace)
            .WithName("replaceArticle")
            .WithSummary("Replace an article whole")
            .WithDescription("Replaces every field, the persons and the sections in one transaction; status and " +
                             "publication time stay. A section that carries the id of one of the article's current " +
                             "sections keeps that id (a section that a correction names must stay: 409 otherwise). " +
                             "An omitted slug keeps the current one. Needs If-Match.")
            .WithValidation<ArticleInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions()
            .ProducesProblem(StatusCodes.Status409Conflict);

        articles.MapDelete("/{idOrSlug}", Delete)
            .WithName("deleteArticle")
            .WithSummary("Delete an article")
            .WithDescription("Removes the article, its sections and revisions. If it was published, delta sync reports " +
                             "it as deleted. Needs If-Match.")
            .WithWritePreconditions()
            .AnswersWithoutETag();

        articles.MapPost("/{idOrSlug}/publish", Publish)
            .WithName("publishArticle")
            .WithSummary("Publish or schedule an article")
            .WithDescription("Without publishAt (or with a past one) the article is published at once (or as of that " +
                             "time); with a future publishAt it is scheduled and becomes visible then, with no further " +
                             "action. The body may be omitted. Needs If-Match.")
            .WithValidation<PublishInput>(optional: true)
            .WithJsonBodyProblems()
            .WithWritePreconditions()
            .WithLink(200, "read", "getArticle", "Read the published article.", ("idOrSlug", "$response.body#/id"))
            .WithLink(200, "unpublish", "unpublishArticle", "Unpublish it again, with the ETag of this answer as If-Match.", OperationLinks.SameResource())
            .WithLink(200, "revisions", "listRevisions", "Every saved version of the article.", ("idOrSlug", "$response.body#/id"));

        articles.MapPost("/{idOrSlug}/unpublish", Unpublish)
            .WithName("unpublishArticle")
            .WithSummary("Unpublish an article")
            .WithDescription("Turns a published or scheduled article back into a draft; delta sync reports it as " +
                             "removed. A draft is a 409 (nothing is written). Needs If-Match.")
            .WithWritePreconditions();

        var sections = routes.MapGroup("/v1/articles/{idOrSlug}/sections").WithTags("Sections").RequireAuthorization(Scopes.Write);

        sections.MapPost("/", AddSection)
            .WithName("addSection")
            .WithSummary("Add a section at the end of an article")
            .WithDescription("Appends one section; reorder afterwards to move it. Needs the article's If-Match and " +
                             "answers the article's new ETag.")
            .WithValidation<SectionInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions()
            .WithLink(201, "read", "getArticleSection", "Read the new section.", ("idOrSlug", "$request.path.idOrSlug"), ("sectionId", "$response.body#/id"));

        sections.MapPut("/order", ReorderSections)
            .WithName("reorderSections")
            .WithSummary("Reorder an article's sections")
            .WithDescription("Takes every section id of the article exactly once, in the new order. Needs the article's If-Match.")
            .WithValidation<SectionOrderInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions();

        sections.MapPut("/{sectionId}", ReplaceSection)
            .WithName("replaceSection")
            .WithSummary("Replace one section")
            .WithDescription("Replaces the section's content, its type included; its id and position stay. Needs the " +
                             "article's If-Match.")
            .WithValidation<SectionInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions();

        sections.MapDelete("/{sectionId}", DeleteSection)
            .WithName("deleteSection")
            .WithSummary("Delete one section")
            .WithDescription("Removes the section; the sections after it move up one position. Needs the article's If-Match. " +
                             "A section that a correction names stays: 409.")
            .WithWritePreconditions();

        return routes;
    }

    public static async Task<Results<CreatedJson<Article>, ValidationProblem, ProblemHttpResult>> Create(
        ArticleInput input, ArticleWriter writer, HttpResponse response, CancellationToken ct) =>
        await writer.CreateAsync(input, ct) switch
        {
            WriteOutcome.Saved saved => new CreatedJson<Article>($"/v1/articles/{saved.Article.Id}", saved.Representation.Json, saved.Representation.ETag),
            var other => Failure<CreatedJson<Article>>(other, response),
        };

    public static async Task<Results<OkJson<Article>, ValidationProblem, ProblemHttpResult>> Replace(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, ArticleInput input, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return Whole(await writer.ReplaceAsync(idOrSlug, tags, input, ct), response);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, ArticleWriter writer, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return await writer.DeleteAsync(idOrSlug, tags, ct) switch
        {
            WriteOutcome.Deleted => TypedResults.NoContent(),
            var other => Failure<NoContent>(other, response),
        };
    }

    public static async Task<Results<OkJson<Article>, ValidationProblem, ProblemHttpResult>> Publish(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] PublishInput? input,
        ArticleWriter writer, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return Whole(await writer.PublishAsync(idOrSlug, tags, input?.PublishAt, input?.EmbargoedUntil, ct), response);
    }

    public static async Task<Results<OkJson<Article>, ValidationProblem, ProblemHttpResult>> Unpublish(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, ArticleWriter writer, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return Whole(await writer.UnpublishAsync(idOrSlug, tags, ct), response);
    }

    public static async Task<Results<CreatedJson<Section>, ValidationProblem, ProblemHttpResult>> AddSection(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, SectionInput input, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        var sectionId = Guid.CreateVersion7();
        return await writer.AddSectionAsync(idOrSlug, tags, sectionId, input, ct) switch
        {
            WriteOutcome.Saved saved => new CreatedJson<Section>($"/v1/articles/{saved.Article.Id}/sections/{sectionId}",
                saved.Article.Sections.Single(s => s.Id == sectionId), saved.Representation.ETag),
            var other => Failure<CreatedJson<Section>>(other, response),
        };
    }

    public static async Task<Results<OkJson<Section>, ValidationProblem, ProblemHttpResult>> ReplaceSection(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, [Description("The section's UUID.")] Uuid sectionId,
        SectionInput input, ArticleWriter writer, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return await writer.ReplaceSectionAsync(idOrSlug, tags, sectionId.Value, input, ct) switch
        {
            WriteOutcome.Saved saved => new OkJson<Section>(saved.Article.Sections.Single(s => s.Id == sectionId.Value), saved.Representation.ETag),
            var other => Failure<OkJson<Section>>(other, response),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteSection(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, [Description("The section's UUID.")] Uuid sectionId,
        ArticleWriter writer, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return await writer.DeleteSectionAsync(idOrSlug, tags, sectionId.Value, ct) switch
        {
            WriteOutcome.Saved saved => WithETag(response, saved.Representation.ETag, TypedResults.NoContent()),
            var other => Failure<NoContent>(other, response),
        };
    }

    public static async Task<Results<OkJson<SectionList>, ValidationProblem, ProblemHttpResult>> ReorderSections(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, SectionOrderInput input, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        return await writer.ReorderSectionsAsync(idOrSlug, tags, input.SectionIds!, ct) switch
        {
            WriteOutcome.Saved saved => new OkJson<SectionList>(new SectionList(saved.Article.Sections), saved.Representation.ETag),
            var other => Failure<OkJson<SectionList>>(other, response),
        };
    }

    private static Results<OkJson<Article>, ValidationProblem, ProblemHttpResult> Whole(WriteOutcome outcome, HttpResponse response) =>
        outcome switch
        {
            WriteOutcome.Saved saved => new OkJson<Article>(saved.Representation.Json, saved.Representation.ETag),
            var other => Failure<OkJson<Article>>(other, response),
        };

    /// <summary>The answers of a write that did not happen: 400, 404, 409 or 412 (with the current ETag).</summary>
    /// <summary>The problem answer for a write that did not save (every article write, corrections included).</summary>
    internal static Results<T, ValidationProblem, ProblemHttpResult> Failure<T>(WriteOutcome outcome, HttpResponse response)
        where T : IResult => outcome switch
    {
        WriteOutcome.Invalid invalid => Problems.Invalid(invalid.Errors.ToDictionary()),
        WriteOutcome.NotFound notFound => Problems.NotFound(notFound.Detail),
        WriteOutcome.Stale stale => Preconditions.Stale(stale.CurrentETag, response),
        WriteOutcome.Conflict conflict => Problems.Conflict(conflict.Detail),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a failure."),
    };

    private static TResult WithETag<TResult>(HttpResponse response, string etag, TResult result)
    {
        response.Headers.ETag = etag;
        return result;
    }
}
