using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Changes;

public static class ChangesEndpoints
{
    public static IEndpointRouteBuilder MapChanges(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/changes", Read)
            .WithTags("Changes")
            .WithName("listChanges")
            .WithSummary("Delta sync: what changed since a token")
            .WithDescription("Articles published or changed (upsert, with their summary and version) and articles " +
                             "unpublished or deleted (remove) since the token, in the order their latest change took " +
                             "effect, at most one entry per article on a page. Omit since for a first sync. Store " +
                             "nextToken and send it as since next time; while hasMore is true, ask again at once. " +
                             "A scheduled article appears when its time comes.")
            .ProducesValidationProblem();
        return routes;
    }

    public static async Task<CachedJson<ChangePage>> Read(
        [FromQuery, Description("The nextToken of your last sync; omit for a first sync.")] ChangeToken? since,
        [FromQuery, Description("Changes per page, 1–100. Default 20.")] Limit? limit,
        ChangeFeed feed, HttpContext http, CancellationToken ct)
    {
        var page = await feed.ReadAsync(since ?? ChangeToken.Start, limit?.Value ?? Limit.Default, ct);
        if (page.HasMore)
            Pages.AddNextLink(http, "since", page.NextToken);
        return CachedJson.Of(page).Naming(SurrogateKeys.ForArticles(page.Items.Select(c => c.ArticleId)));
    }
}
