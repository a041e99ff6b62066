using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Formats;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Feeds;

/// <summary>The article list for feed readers and aggregators (Atom, RSS) and for search engines (news sitemap).</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/feeds/articles.atom", Atom)
            .WithTags("Formats")
            .WithName("getArticlesAtomFeed")
            .WithSummary("Published articles as an Atom feed")
            .WithDescription("Atom (RFC 4287), newest first: each entry the whole article, every section's text as XHTML " +
                             "(one div per section, its type as class). Filters as in the article list; limit 1–100 (default 20), and a page " +
                             "also ends once 1 MiB of article content is on it; older articles through the link rel=\"next\" (RFC 5005). " +
                             "Only published articles, never drafts; those still under embargo only for a syndication or preview key.")
            .ProducesDocument(AtomFeed.MediaType)
            .ProducesValidationProblem();

        routes.MapGet("/v1/feeds/articles.rss", Rss)
            .WithTags("Formats")
            .WithName("getArticlesRssFeed")
            .WithSummary("Published articles as an RSS 2.0 feed")
            .WithDescription("RSS 2.0, newest first: the teaser as description and the whole text of every section as HTML in " +
                             "content:encoded, guid urn:uuid:<id>, RFC 822 dates. Same filters and paging as the Atom feed " +
                             "(atom:link rel=\"next\").")
            .ProducesDocument(RssFeed.MediaType)
            .ProducesValidationProblem();

        routes.MapGet("/v1/sitemaps/news.xml", Sitemap)
            .WithTags("Formats")
            .WithName("getNewsSitemap")
            .WithSummary("Google News sitemap")
            .WithDescription("The website addresses of the articles published in the last 48 hours, at most 1000, newest first, " +
                             "with their news:publication, publication date and title. 404 when no website address is " +
                             "configured (Site__ArticleUrl).")
            .ProducesDocument(NewsSitemap.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>The filters a feed takes: those of the article list that make sense to subscribe to.</summary>
    public sealed record FeedFilters(
        [property: FromQuery(Name = "person"), Description("Only articles that mention this person (UUID or slug).")] IdOrSlug? Person,
        [property: FromQuery(Name = "sectionType"), Description("Only articles with at least one section of this type.")] SectionTypeName? SectionType);

    public static Task<Results<CachedDocument, ValidationProblem>> Atom([AsParameters] FeedFilters filters,
        [AsParameters] PageQuery page, ArticleQueries queries, FormatCache formats, SiteUrls site,
        HttpContext http, CancellationToken ct) =>
        Feed("/v1/feeds/articles.atom", AtomFeed.MediaType, AtomFeed.Build, filters, page, queries, formats, site, http, ct);

    public static Task<Results<CachedDocument, ValidationProblem>> Rss([AsParameters] FeedFilters filters,
        [AsParameters] PageQuery page, ArticleQueries queries, FormatCache formats, SiteUrls site,
        HttpContext http, CancellationToken ct) =>
        Feed("/v1/feeds/articles.rss", RssFeed.MediaType, RssFeed.Build, filters, page, queries, formats, site, http, ct);

    private static async Task<Results<CachedDocument, ValidationProblem>> Feed(string path, string mediaType,
        Func<FeedPage, IReadOnlyList<Article>, Func<Article, string?>, byte[]> build, FeedFilters filters, PageQuery page,
        ArticleQueries queries, FormatCache formats, SiteUrls site, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var filter = ArticleFilter.None with { Person = filters.Person, SectionType = filters.SectionType?.Value };
        var scope = ListScope.Of(path, filter);
        var after = page.After<ArticlePosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var feed = await FeedPage.ReadAsync(http.Request, path, filter, scope, page.Take, after, queries, ct);
        if (feed.Next is { } next)
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return new CachedDocument(formats.Get(feed.CacheKey(path), () => Representation.OfBytes(
            build(feed, feed.ReadArticles().ToList(), a => site.ArticleUrl(a.Id, a.Slug)),
            $"{mediaType}; charset=utf-8", lastModified: null, feed.Keys)));
    }

    public static async Task<Results<CachedDocument, ProblemHttpResult>> Sitemap(NewsSitemap sitemap, CancellationToken ct) =>
        sitemap.IsAvailable
            ? new CachedDocument(await sitemap.BuildAsync(ct))
            : Problems.NotFound("No news sitemap: the website's article address (Site__ArticleUrl) is not configured.");
}
