using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Persons;

public static class PersonsEndpoints
{
    public static IEndpointRouteBuilder MapPersons(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/persons").WithTags("Persons");

        group.MapGet("/", ListPersons)
            .WithName("listPersons")
            .WithSummary("List persons")
            .WithDescription("Everyone articles can mention, ordered by slug.")
            .ProducesValidationProblem();

        group.MapGet("/{idOrSlug}", GetPerson)
            .WithName("getPerson")
            .WithSummary("Get a person")
            .WithDescription("One person by UUID or slug.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{idOrSlug}/articles", ListPersonArticles)
            .WithName("listPersonArticles")
            .WithSummary("List the articles that mention a person")
            .WithDescription("Published articles mentioning the person, newest first, as summaries; paged like the article list.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    public static async Task<Results<Ok<Page<Person>>, ValidationProblem>> ListPersons(
        [AsParameters] PageQuery page, PersonStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var limit = page.ParseLimit(errors);
        var after = SlugCursor.Parse(page.Cursor, errors);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await store.ListAsync(after, limit + 1, ct);
        var result = Pages.From(rows, limit, p => SlugCursor.Encode(p.Slug));
        Pages.AddNextLink(http, result);
        return TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<Person>, ValidationProblem, ProblemHttpResult>> GetPerson(
        [Description("The person's UUID or slug.")] string idOrSlug, PersonStore store, HttpResponse response, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (IdOrSlug.Parse(idOrSlug, "idOrSlug", errors) is not { } key)
            return errors.ToProblem();

        if (await store.FindAsync(key, ct) is not { } person)
            return PersonNotFound(key);
        response.Headers.ETag = ETags.Of(person);
        return TypedResults.Ok(person);
    }

    public static async Task<Results<Ok<Page<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> ListPersonArticles(
        [Description("The person's UUID or slug.")] string idOrSlug,
        [AsParameters] PageQuery page, ArticleStore articles, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var key = IdOrSlug.Parse(idOrSlug, "idOrSlug", errors);
        var limit = page.ParseLimit(errors);
        var after = PublishedCursor.Parse(page.Cursor, PublishedArticles.CursorKind, errors);
        if (errors.Any)
            return errors.ToProblem();

        if (await articles.ListPublishedMentioningAsync(key!.Value, after, limit + 1, ct) is not { } rows)
            return PersonNotFound(key.Value);
        var result = Pages.From(rows, limit, ArticlesEndpoints.CursorOf);
        Pages.AddNextLink(http, result);
        return TypedResults.Ok(result);
    }

    private static ProblemHttpResult PersonNotFound(IdOrSlug key) =>
        Problems.NotFound($"No person has the id or slug '{key}'.");
}
