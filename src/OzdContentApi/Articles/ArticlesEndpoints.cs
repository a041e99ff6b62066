using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Articles;

public static class ArticlesEndpoints
{
    public static IEndpointRouteBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/articles").WithTags("Articles").CacheOutput(DeliveryCache.Policy).RequireCors(BrowserAccess.Delivery);

        group.MapGet("/", ListArticles)
            .WithName("listArticles")
            .WithSummary("List published articles")
            .WithDescription("Published articles, newest publishedAt first, as summaries without persons and sections. " +
                             "Filters combine. Page with limit and the nextCursor of the previous page; articles " +
                             "published while you page never cause duplicates or gaps. With a preview key drafts and " +
                             "scheduled articles are listed too (newest publishedAt, or createdAt for drafts, first).")
            .ProducesValidationProblem();

        group.MapGet("/{idOrSlug}", GetArticle)
            .WithName("getArticle")
            .WithSummary("Get a whole article")
            .WithDescription("One published article with the people it mentions (and their roles in it) and all its " +
                             "sections in order. Drafts and articles scheduled for later are 404, unless the request " +
                             "carries a key with the preview scope. The ETag is the If-Match of the next write.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    public static async Task<Results<CachedJson<Page<ArticleSummary>>, ValidationProblem>> ListArticles(
        [AsParameters] PageQuery page, [AsParameters] ArticleListQuery filters, ArticleStore store, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var preview = http.User.HasScope(Scopes.Preview);
        var filter = filters.Parse(preview, errors);
        var limit = page.ParseLimit(errors);
        var after = PublishedCursor.Parse(page.Cursor, PublishedArticles.CursorKind, errors);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await store.ListAsync(filter!, preview, after, limit + 1, ct);
        var result = Pages.From(rows, limit, a => (ArticleSummary)a,
            a => new PublishedCursor(a.SortKey, a.Id).Encode(PublishedArticles.CursorKind));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<Article>, ValidationProblem, ProblemHttpResult>> GetArticle(
        [Description("The article's UUID or slug.")] string idOrSlug, ArticleStore store, PublishedArticleCache published,
        HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (IdOrSlug.Parse(idOrSlug, "idOrSlug", errors) is not { } key)
            return errors.ToProblem();

        if (http.User.HasScope(Scopes.Preview))
        {
            return await store.FindAnyAsync(key, ct) is { } any
                ? CachedJson.Of(any, any.UpdatedAt)
                : Problems.NotFound($"No article has the id or slug '{key}'.");
        }
        return await published.GetAsync(key, ct) is { } representation
            ? CachedJson<Article>.From(representation)
            : Problems.NotFound($"No published article has the id or slug '{key}'.");
    }

    /// <summary>The keyset cursor after <paramref name="article"/> in a newest-first list of published articles.</summary>
    public static string CursorOf(ArticleSummary article) =>
        new PublishedCursor(article.PublishedAt!.Value, article.Id).Encode(PublishedArticles.CursorKind);
}
