using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Articles;

/// <summary>Reading articles and their sections: published ones for everyone, every status with a preview key.</summary>
public static class ArticleDeliveryEndpoints
{
    public const string IdOrSlugDescription = "The article's UUID or slug.";
    private const string TypeDescription = "Only sections of this type: report, commentary, infobox, analysis or glossary.";

    public static IEndpointRouteBuilder MapArticleDelivery(this IEndpointRouteBuilder routes)
    {
        var articles = routes.MapGroup("/v1/articles").WithTags("Articles");

        articles.MapGet("/", ListArticles)
            .WithName("listArticles")
            .WithSummary("List published articles")
            .WithDescription("Published articles, newest publishedAt first, as summaries without persons and sections. " +
                             "Filters combine. Page with limit and the nextCursor of the previous page; articles " +
                             "published while you page never cause duplicates or gaps. With a preview key drafts and " +
                             "scheduled articles are listed too (newest publishedAt, or createdAt for drafts, first); with a " +
                             "syndication key, published articles still under embargo.")
            .ProducesValidationProblem();

        articles.MapGet("/{idOrSlug}", GetArticle)
            .WithName("getArticle")
            .WithSummary("Get a whole article")
            .WithDescription("One published article with the people it mentions (and their roles in it) and all its " +
                             "sections in order. Drafts and articles scheduled for later are 404, unless the request " +
                             "carries a key with the preview scope. An article under embargo is 404 too, except for keys with the " +
                             "syndication scope (partners), which read it with its embargoedUntil. The ETag is the If-Match of the next write.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ServedFromOwnCache();

        var sections = routes.MapGroup("/v1/articles/{idOrSlug}/sections").WithTags("Sections");

        sections.MapGet("/", ListSections)
            .WithName("listArticleSections")
            .WithSummary("List an article's sections")
            .WithDescription("The sections of one published article in order, optionally only those of one type. " +
                             "With a preview key, of any article; with a syndication key, of one still under embargo too.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        sections.MapGet("/{sectionId}", GetSection)
            .WithName("getArticleSection")
            .WithSummary("Get one section of an article")
            .WithDescription("One section of a published article, by the section's UUID.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/v1/sections", ListSectionsAcross)
            .WithTags("Sections")
            .WithName("listSections")
            .WithSummary("List sections across articles")
            .WithDescription("Sections of published articles, newest article first and in article order within one " +
                             "article, each with its article's id, slug and title. Filter by type, e.g. all commentaries. With a syndication " +
                             "or preview key, of published articles still under embargo too.")
            .ProducesValidationProblem();

        return routes;
    }

    public static async Task<Results<CachedJson<Page<ArticleSummary>>, ValidationProblem>> ListArticles(
        [AsParameters] PageQuery page, [AsParameters] ArticleListQuery filters, ArticleQueries queries, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var audience = PublishedArticles.AudienceOf(http.User);
        var filter = filters.Parse(audience == Audience.Preview, errors);
        var scope = ListScope.Of("/v1/articles", filter);
        var after = page.After<ArticlePosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await queries.ListAsync(filter!, audience, after, page.Take + 1, ct);
        var result = Pages.From(rows, page.Take, a => (ArticleSummary)a, a => Cursor.Encode(a.Position, scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result).Naming(SurrogateKeys.ForArticles(result.Items.Select(a => a.Id)));
    }

    public static async Task<Results<CachedJson<Article>, ProblemHttpResult>> GetArticle(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, ArticleQueries queries, ArticleCache cache, HttpContext http, CancellationToken ct) =>
        await FindForAsync(idOrSlug, http, queries, cache, ct, toSend: true) is { } article
            ? CachedJson<Article>.From(article)
            : ArticleNotFound(idOrSlug, http);

    /// <summary>
    /// The stored bytes of the article as the request's audience may read it (the public from memory
    /// when it can), or null: what every representation of one article is made from.
    /// </summary>
    /// <param name="toSend">
    /// The bytes are the answer: a client that sends no Accept-Encoding gets them unpacked from the
    /// cache (its response chooses the encoding; asking here too would parse the header twice).
    /// </param>
    public static async Task<Representation?> FindForAsync(IdOrSlug idOrSlug, HttpContext http, ArticleQueries queries, ArticleCache cache,
        CancellationToken ct, bool toSend = false)
    {
        switch (PublishedArticles.AudienceOf(http.User))
        {
            case Audience.Preview:
                return (await queries.FindAnyAsync(idOrSlug, ct))?.ToRepresentation();
            case Audience.Syndication:
                return (await queries.FindReleasedAsync(idOrSlug, ct))?.ToRepresentation();
        }
        if (cache.Find(idOrSlug, unpacked: toSend && http.Request.Headers.AcceptEncoding.Count == 0) is { } cached)
            return cached;
        return (await cache.FillAsync(idOrSlug, () => queries.FindPublishedAsync(idOrSlug, CancellationToken.None)))?.ToRepresentation();
    }

    public static ProblemHttpResult ArticleNotFound(IdOrSlug key, HttpContext http) =>
        Problems.NotFound(PublishedArticles.AudienceOf(http.User) == Audience.Preview
            ? $"No article has the id or slug '{key}'."
            : $"No published article has the id or slug '{key}'.");

    public static async Task<Results<CachedJson<SectionList>, ProblemHttpResult>> ListSections(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, [FromQuery, Description(TypeDescription)] SectionTypeName? type,
        ArticleQueries queries, HttpContext http, CancellationToken ct) =>
        await queries.ListSectionsAsync(idOrSlug, type?.Value, PublishedArticles.AudienceOf(http.User), ct) is (var articleId, var list)
            ? CachedJson.Of(new SectionList(list)).Naming(SurrogateKeys.ForArticle(articleId, list.SelectMany(s => s.LinkedPersons())))
            : ArticleNotFound(idOrSlug, http);

    public static async Task<Results<CachedJson<Section>, ProblemHttpResult>> GetSection(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, [Description("The section's UUID.")] Uuid sectionId,
        ArticleQueries queries, HttpContext http, CancellationToken ct) =>
        await queries.FindSectionAsync(idOrSlug, sectionId.Value, PublishedArticles.AudienceOf(http.User), ct) switch
        {
            (null, _) => ArticleNotFound(idOrSlug, http),
            (_, null) => Problems.NotFound($"The article '{idOrSlug}' has no section {sectionId}."),
            ({ } articleId, { } section) => CachedJson.Of(section).Naming(SurrogateKeys.ForArticle(articleId, section.LinkedPersons())),
        };

    public static async Task<Results<CachedJson<Page<SectionInArticle>>, ValidationProblem>> ListSectionsAcross(
        [FromQuery, Description(TypeDescription)] SectionTypeName? type,
        [AsParameters] PageQuery page, ArticleQueries queries, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var scope = ListScope.Of("/v1/sections", type?.Value);
        var after = page.After<SectionPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await queries.ListSectionsAcrossAsync(type?.Value, PublishedArticles.AudienceOf(http.User), after, page.Take + 1, ct);
        var result = Pages.From(rows, page.Take, r => r.Item, r => Cursor.Encode(r.Position, scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result).Naming(SurrogateKeys.ForArticles(result.Items.Select(i => i.Article.Id),
            result.Items.SelectMany(i => i.Section.LinkedPersons())));
    }

}
