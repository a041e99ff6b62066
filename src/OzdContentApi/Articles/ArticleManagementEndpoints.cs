using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Articles;

public static class ArticleManagementEndpoints
{
    public const string IdOrSlugDescription = "The article's UUID or slug.";

    public static IEndpointRouteBuilder MapArticleManagement(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/articles").WithTags("Articles").RequireAuthorization(Scopes.Write).WithManagementProblems()
            .EvictsDeliveryCache().RequireCors(BrowserAccess.Editors);

        group.MapPost("/", Create)
            .WithName("createArticle")
            .WithSummary("Create a draft article")
            .WithDescription("Creates a draft with its persons and sections. The slug is generated from the title when " +
                             "omitted (a taken generated slug gets -2, -3, …); an explicit slug that is taken is a 409. " +
                             "Answers the article with its ETag, the If-Match of the next write.")
            .WithValidation<ArticleInput>()
            .WithJsonBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{idOrSlug}", Replace)
            .WithName("replaceArticle")
            .WithSummary("Replace an article whole")
            .WithDescription("Replaces every field, the persons and the sections in one transaction; status and " +
                             "publication time stay. A section that carries the id of one of the article's current " +
                             "sections keeps that id. An omitted slug keeps the current one. Needs If-Match.")
            .WithValidation<ArticleInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{idOrSlug}", Delete)
            .WithName("deleteArticle")
            .WithSummary("Delete an article")
            .WithDescription("Removes the article, its sections and revisions. If it was published, delta sync reports " +
                             "it as deleted. Needs If-Match.")
            .WithWritePreconditions();

        group.MapPost("/{idOrSlug}/publish", Publish)
            .WithName("publishArticle")
            .WithSummary("Publish or schedule an article")
            .WithDescription("Without publishAt (or with a past one) the article is published at once (or as of that " +
                             "time); with a future publishAt it is scheduled and becomes visible then, with no further " +
                             "action. The body may be omitted. Needs If-Match.")
            .WithValidation<PublishInput>(optional: true)
            .WithJsonBodyProblems()
            .WithWritePreconditions();

        group.MapPost("/{idOrSlug}/unpublish", Unpublish)
            .WithName("unpublishArticle")
            .WithSummary("Unpublish an article")
            .WithDescription("Turns a published or scheduled article back into a draft; delta sync reports it as " +
                             "removed. Needs If-Match.")
            .WithWritePreconditions();

        return routes;
    }

    public static async Task<Results<Created<Article>, ValidationProblem, ProblemHttpResult>> Create(
        ArticleInput input, ArticleWriter writer, HttpResponse response, CancellationToken ct) =>
        WriteResponses.Created(await writer.CreateAsync(input, ct), response, a => ($"/v1/articles/{a.Id}", a));

    public static async Task<Results<Ok<Article>, ValidationProblem, ProblemHttpResult>> Replace(
        [Description(IdOrSlugDescription)] string idOrSlug, ArticleInput input, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        if (target.Invalid is not null)
            return target.Invalid;
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.Ok(await writer.ReplaceAsync(target.Key, target.IfMatch, input, ct), response, a => a);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        [Description(IdOrSlugDescription)] string idOrSlug, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        if (target.Invalid is not null)
            return target.Invalid;
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.NoContent(await writer.DeleteAsync(target.Key, target.IfMatch, ct), response);
    }

    public static async Task<Results<Ok<Article>, ValidationProblem, ProblemHttpResult>> Publish(
        [Description(IdOrSlugDescription)] string idOrSlug,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] PublishInput? input,
        ArticleWriter writer, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        if (target.Invalid is not null)
            return target.Invalid;
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.Ok(await writer.PublishAsync(target.Key, target.IfMatch, input?.PublishAt, ct), response, a => a);
    }

    public static async Task<Results<Ok<Article>, ValidationProblem, ProblemHttpResult>> Unpublish(
        [Description(IdOrSlugDescription)] string idOrSlug, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var target = WriteTarget.From(idOrSlug, request);
        if (target.Invalid is not null)
            return target.Invalid;
        if (target.Unmet is not null)
            return target.Unmet;
        return WriteResponses.Ok(await writer.UnpublishAsync(target.Key, target.IfMatch, ct), response, a => a);
    }
}
