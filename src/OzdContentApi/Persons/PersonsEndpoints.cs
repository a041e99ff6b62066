using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Persons;

public static class PersonsEndpoints
{
    public static IEndpointRouteBuilder MapPersons(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/persons").WithTags("Persons").CacheOutput(DeliveryCache.Policy).RequireCors(BrowserAccess.Delivery);

        group.MapGet("/", ListPersons)
            .WithName("listPersons")
            .WithSummary("List persons")
            .WithDescription("Everyone articles can mention, ordered by slug; with q, those whose name or a word of it " +
                             "starts with q, umlaut-insensitive.")
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

    public static async Task<Results<CachedJson<Page<Person>>, ValidationProblem>> ListPersons(
        [FromQuery, Description("Only persons whose name, or a word of it, starts with this (1–100 characters; umlauts or not: \"juergen\" finds Jürgen).")] string? q,
        [AsParameters] PageQuery page, PersonStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (q is not null && (q.Trim().Length is 0 or > 100 || !TextRules.BeStorable(q)))
            errors.Add("q", "1–100 characters of a name.");
        var limit = page.ParseLimit(errors);
        var after = SlugCursor.Parse(page.Cursor, errors);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await store.ListAsync(q?.Trim(), after, limit + 1, ct);
        var result = Pages.From(rows, limit, p => SlugCursor.Encode(p.Slug));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<Person>, ValidationProblem, ProblemHttpResult>> GetPerson(
        [Description("The person's UUID or slug.")] string idOrSlug, PersonStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (IdOrSlug.Parse(idOrSlug, "idOrSlug", errors) is not { } key)
            return errors.ToProblem();

        return await store.FindAsync(key, ct) is { } person
            ? CachedJson.Of(person, person.UpdatedAt)
            : PersonNotFound(key);
    }

    public static async Task<Results<CachedJson<Page<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> ListPersonArticles(
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
        return CachedJson.Of(result);
    }

    private static ProblemHttpResult PersonNotFound(IdOrSlug key) =>
        Problems.NotFound($"No person has the id or slug '{key}'.");
}
