using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Paging;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Persons;

public static class PersonsEndpoints
{
    public static IEndpointRouteBuilder MapPersons(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/persons").WithTags("Persons");

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
            .WithDescription("Published articles mentioning the person, newest first, as summaries; paged like the article list. " +
                             "With a preview key drafts and scheduled articles too; with a syndication key, published articles still under embargo.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    public static async Task<Results<CachedJson<Page<Person>>, ValidationProblem>> ListPersons(
        [FromQuery, Description("Only persons whose name, or a word of it, starts with this (1–100 characters; umlauts or not: \"juergen\" finds Jürgen).")] NamePrefix? q,
        [AsParameters] PageQuery page, PersonStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var scope = ListScope.Of("/v1/persons", q?.Value);
        var after = page.After<SlugPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await store.ListAsync(q?.Value, after?.Slug, page.Take + 1, http.User.Identity?.IsAuthenticated != true, ct);
        var result = Pages.From(rows, page.Take, p => Cursor.Encode(new SlugPosition(p.Slug), scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result).Naming(SurrogateKeys.ForPersons(result.Items.Select(p => p.Id)));
    }

    public static async Task<Results<CachedJson<Person>, ProblemHttpResult>> GetPerson(
        [Description("The person's UUID or slug.")] IdOrSlug idOrSlug, PersonStore store, HttpContext http, CancellationToken ct) =>
        await store.FindAsync(idOrSlug, http.User.Identity?.IsAuthenticated != true, ct) is { } person
            ? CachedJson.Of(person, person.UpdatedAt).Naming(SurrogateKeys.ForPerson(person.Id))
            : PersonNotFound(idOrSlug);

    public static async Task<Results<CachedJson<Page<ArticleSummary>>, ValidationProblem, ProblemHttpResult>> ListPersonArticles(
        [Description("The person's UUID or slug.")] IdOrSlug idOrSlug,
        [AsParameters] PageQuery page, ArticleQueries articles, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var scope = ListScope.Of("/v1/persons/{idOrSlug}/articles", idOrSlug);
        var after = page.After<ArticlePosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        if (await articles.ListMentioningAsync(idOrSlug, PublishedArticles.AudienceOf(http.User), after, page.Take + 1, ct) is not (var personId, var rows))
            return PersonNotFound(idOrSlug);
        var result = Pages.From(rows, page.Take, a => (ArticleSummary)a, a => Cursor.Encode(a.Position, scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result).Naming(SurrogateKeys.ForArticles(result.Items.Select(a => a.Id), [personId]));
    }

    private static ProblemHttpResult PersonNotFound(IdOrSlug key) =>
        Problems.NotFound($"No person has the id or slug '{key}'.");
}

/// <summary>The start of a name to look persons up by: 1–100 characters.</summary>
public readonly record struct NamePrefix(string Value) : IParameterType<NamePrefix>
{
    public static string Expectation => "1–100 characters of a name.";

    public static IOpenApiSchema Schema => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 100 };

    public static System.Text.Json.Nodes.JsonNode? Example => "selen";

    public static bool TryParse(string? s, IFormatProvider? provider, out NamePrefix result)
    {
        result = new NamePrefix(s?.Trim() ?? "");
        return result.Value.Length > 0 && TextRules.Characters(result.Value) <= 100 && TextRules.BeStorable(s);
    }
}

/// <summary>Where a list ordered by slug stopped.</summary>
public readonly record struct SlugPosition(string Slug) : ICursorPosition<SlugPosition>
{
    public static byte Kind => (byte)'p';

    public void Write(CursorWriter writer) => writer.AsciiRest(Slug);

    public static SlugPosition? TryRead(CursorReader reader) =>
        reader.AsciiRest() is var slug && !reader.Failed && IdOrSlug.IsSlug(slug) ? new SlugPosition(slug) : null;
}
