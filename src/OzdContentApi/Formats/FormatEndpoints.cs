using System.ComponentModel;
using System.Text.Json.Nodes;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using static OzdContentApi.Articles.ArticleDeliveryEndpoints;

namespace OzdContentApi.Formats;

/// <summary>
/// The article in other formats, each built from the same stored bytes as its JSON, for the same
/// audience (an article hidden from the JSON endpoint is hidden here), with the same caching.
/// </summary>
public static class FormatEndpoints
{
    public static IEndpointRouteBuilder MapFormats(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/articles/{idOrSlug}/jsonld", JsonLd)
            .WithTags("Formats")
            .WithName("getArticleJsonLd")
            .WithSummary("The article as schema.org JSON-LD")
            .WithDescription("schema.org markup for the article's web page (embed it in the page in a script element of type application/ld+json): " +
                             "NewsArticle and ReportageNewsArticle with the report as articleBody, the commentary and the analysis " +
                             "as OpinionNewsArticle and AnalysisNewsArticle parts (the analysis points as ordered ItemLists), the " +
                             "infobox as an ItemList, glossary entries as Question/Answer, persons as mentions, corrections as " +
                             "CorrectionComment, the lead image as ImageObject; url and mainEntityOfPage when Site__ArticleUrl is " +
                             "configured. Visible to whom the article is (404 otherwise).")
            .ProducesDocument(ArticleJsonLd.MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ServedFromOwnCache();

        routes.MapGet("/v1/articles/{idOrSlug}/ninjs", Ninjs)
            .WithTags("Formats")
            .WithName("getArticleNinjs")
            .WithSummary("The article as IPTC ninjs 3.2")
            .WithDescription("The article for partners and agencies in IPTC ninjs 3.2 (https://iptc.org/std/ninjs/): every " +
                             "section one body with its type as role and its whole text, people with their roles as rel, genres " +
                             "for commentary and analysis, the lead image as an association with its renditions, and " +
                             "embargoedUntil. With a syndication key an article under embargo is served too.")
            .ProducesDocument(ArticleNinjs.MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ServedFromOwnCache();
        return routes;
    }

    public static Task<IResult> JsonLd([Description(IdOrSlugDescription)] IdOrSlug idOrSlug, ArticleQueries queries, ArticleCache cache,
        FormatCache formats, HttpContext http, CancellationToken ct) =>
        Format(idOrSlug, "jsonld", ArticleJsonLd.MediaType, ArticleJsonLd.Build, queries, cache, formats, http, ct);

    public static Task<IResult> Ninjs([Description(IdOrSlugDescription)] IdOrSlug idOrSlug, ArticleQueries queries, ArticleCache cache,
        FormatCache formats, HttpContext http, CancellationToken ct) =>
        Format(idOrSlug, "ninjs", ArticleNinjs.MediaType, ArticleNinjs.Build, queries, cache, formats, http, ct);

    private static async Task<IResult> Format(IdOrSlug idOrSlug, string format, string mediaType, Func<Article, string, JsonNode> build,
        ArticleQueries queries, ArticleCache cache, FormatCache formats, HttpContext http, CancellationToken ct)
    {
        if (await FindForAsync(idOrSlug, http, queries, cache, ct) is not { } article)
            return ArticleNotFound(idOrSlug, http);
        return new CachedDocument(formats.Get(format, mediaType, ApiAddress(http.Request), article, build));
    }

    /// <summary>The service's address as the client reached it, for links to its own resources.</summary>
    public static string ApiAddress(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
