using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Sections;

public static class SectionsEndpoints
{
    private const string TypeDescription = "Only sections of this type: report, commentary, infobox, analysis or glossary.";

    public static IEndpointRouteBuilder MapSections(this IEndpointRouteBuilder routes)
    {
        var ofArticle = routes.MapGroup("/v1/articles/{idOrSlug}/sections").WithTags("Sections").CacheOutput(DeliveryCache.Policy)
            .RequireCors(BrowserAccess.Delivery);

        ofArticle.MapGet("/", ListOfArticle)
            .WithName("listArticleSections")
            .WithSummary("List an article's sections")
            .WithDescription("The sections of one published article in order, optionally only those of one type. " +
                             "With a preview key, of any article.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        ofArticle.MapGet("/{sectionId}", GetOfArticle)
            .WithName("getArticleSection")
            .WithSummary("Get one section of an article")
            .WithDescription("One section of a published article, by the section's UUID.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/v1/sections", ListAcrossArticles)
            .WithTags("Sections")
            .CacheOutput(DeliveryCache.Policy)
            .RequireCors(BrowserAccess.Delivery)
            .WithName("listSections")
            .WithSummary("List sections across articles")
            .WithDescription("Sections of published articles, newest article first and in article order within one " +
                             "article, each with its article's id, slug and title. Filter by type, e.g. all commentaries.")
            .ProducesValidationProblem();

        return routes;
    }

    public static async Task<Results<CachedJson<SectionList>, ValidationProblem, ProblemHttpResult>> ListOfArticle(
        [Description("The article's UUID or slug.")] string idOrSlug,
        [FromQuery, Description(TypeDescription)] string? type,
        SectionStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var key = IdOrSlug.Parse(idOrSlug, "idOrSlug", errors);
        var sectionType = SectionTypes.ParseFilter(type, errors);
        if (errors.Any)
            return errors.ToProblem();

        return await store.ListOfArticleAsync(key!.Value, sectionType, http.User.HasScope(Scopes.Preview), ct) is { } sections
            ? CachedJson.Of(new SectionList(sections))
            : ArticleNotFound(key.Value);
    }

    public static async Task<Results<CachedJson<Section>, ValidationProblem, ProblemHttpResult>> GetOfArticle(
        [Description("The article's UUID or slug.")] string idOrSlug,
        [Description("The section's UUID.")] string sectionId,
        SectionStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var key = IdOrSlug.Parse(idOrSlug, "idOrSlug", errors);
        var id = Uuid.Parse(sectionId, "sectionId", errors);
        if (errors.Any)
            return errors.ToProblem();

        return await store.FindInArticleAsync(key!.Value, id!.Value, http.User.HasScope(Scopes.Preview), ct) switch
        {
            (false, _) => ArticleNotFound(key.Value),
            (true, null) => Problems.NotFound($"The article '{key}' has no section {id}."),
            (true, { } section) => CachedJson.Of(section),
        };
    }

    public static async Task<Results<CachedJson<Page<SectionInArticle>>, ValidationProblem>> ListAcrossArticles(
        [FromQuery, Description(TypeDescription)] string? type,
        [AsParameters] PageQuery page, SectionStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var sectionType = SectionTypes.ParseFilter(type, errors);
        var limit = page.ParseLimit(errors);
        var after = PublishedCursor.Parse(page.Cursor, SectionStore.CursorKind, errors);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await store.ListAcrossArticlesAsync(sectionType, after, limit + 1, ct);
        var result = Pages.From(rows, limit, r => r.Item, r => r.Position.Encode(SectionStore.CursorKind));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    private static ProblemHttpResult ArticleNotFound(IdOrSlug key) =>
        Problems.NotFound($"No published article has the id or slug '{key}'.");
}
