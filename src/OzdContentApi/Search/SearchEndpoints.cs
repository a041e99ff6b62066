using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Search;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/search", Search)
            .WithTags("Search")
            .WithName("searchArticles")
            .WithSummary("Search published articles")
            .WithDescription("German full-text search over titles, teasers, every section's text and the OZD-Extras, " +
                             "with stemming (Sicherheitsgarantie finds Sicherheitsgarantien). Syntax: words (all must " +
                             "match), \"a phrase\", -excluded, or; at most 16 words, and at least one that is not " +
                             "excluded. Spellings without umlauts (Gespraeche) find the umlauts. Results are the " +
                             $"{SearchStore.Candidates} newest matching articles, title matches first, then by rank, then " +
                             "the newest; each hit names the first matching section and carries a highlighted snippet. With a syndication " +
                             "or preview key, published articles still under embargo are found too.")
            .ProducesValidationProblem()
            .ServedFromOwnCache();
        return routes;
    }

    public static async Task<Results<CachedJson<Page<SearchHit>>, ValidationProblem>> Search(
        [FromQuery, Description("What to search for, 1–200 characters. Required on every page.")] SearchText q,
        [AsParameters] PageQuery page, SearchStore store, SearchAnswers answers, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var (query, problem) = SearchQuery.Normalise(q.Value);
        if (problem is not null)
            errors.Add("q", problem);
        var scope = ListScope.Of("/v1/search", query);
        var after = page.After<SearchPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var audience = PublishedArticles.AudienceOf(http.User);
        var answer = await answers.GetAsync(answers.KeyOf(http, audience), async () =>
        {
            var rows = await store.SearchAsync(query!, after, page.Take + 1, audience, ct);
            var result = Pages.From(rows, page.Take, r => r.Hit, r => Cursor.Encode(r.Position, scope));
            return new SearchAnswers.Answer(Representation.Of(result, keys: SurrogateKeys.ForArticles(result.Items.Select(h => h.Article.Id))),
                result.NextCursor);
        });
        if (answer.NextCursor is { } next)
            Pages.AddNextLink(http, "cursor", next);
        return CachedJson<Page<SearchHit>>.From(answer.Representation);
    }
}
