using System.ComponentModel;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;
using static OzdContentApi.Articles.ArticleDeliveryEndpoints;
using static OzdContentApi.Articles.PublishedArticles;

namespace OzdContentApi.Articles.Newsroom;

/// <summary>
/// Corrections (German press code, Ziffer 3): published with the article, in order, never edited
/// or removed. Publishing one is a write to the article (its If-Match, a new version).
/// </summary>
public static class CorrectionEndpoints
{
    public static IEndpointRouteBuilder MapCorrectionManagement(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/articles/{idOrSlug}/corrections", AddCorrection)
            .WithTags("Articles")
            .RequireAuthorization(Scopes.Write)
            .WithName("addCorrection")
            .WithSummary("Publish a correction")
            .WithDescription("Appends a correction, clarification, retraction or update to a published article (409 for a " +
                             "draft or scheduled one), optionally naming the section it corrects. It becomes part of the " +
                             "article from then on (delivery, revisions, change feed) and is never edited or removed: a " +
                             "wrong correction is corrected by another. The article's version rises; needs its If-Match and " +
                             "answers its new ETag.")
            .WithValidation<CorrectionInput>()
            .WithJsonBodyProblems()
            .WithWritePreconditions()
            .WithLink(201, "read", "getCorrection", "Read the correction.", ("idOrSlug", "$request.path.idOrSlug"), ("correctionId", "$response.body#/id"))
            .WithLink(201, "article", "getArticle", "Read the article with the correction.", ("idOrSlug", "$request.path.idOrSlug"));
        return routes;
    }

    public static IEndpointRouteBuilder MapCorrectionDelivery(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/articles/{idOrSlug}/corrections/{correctionId}", GetCorrection)
            .WithTags("Articles")
            .WithName("getCorrection")
            .WithSummary("Get one correction of an article")
            .WithDescription("One correction of a published article, by its UUID (with a preview key, of any article; with a syndication key, of one still under embargo too).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<CreatedJson<Correction>, ValidationProblem, ProblemHttpResult>> AddCorrection(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, CorrectionInput input, ArticleWriter writer,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var (tags, unmet) = Preconditions.IfMatch(request);
        if (unmet is not null)
            return unmet;
        var correctionId = Guid.CreateVersion7();
        return await writer.AddCorrectionAsync(idOrSlug, tags, correctionId, input, ct) switch
        {
            WriteOutcome.Saved saved => new CreatedJson<Correction>($"/v1/articles/{saved.Article.Id}/corrections/{correctionId}",
                saved.Article.Corrections.Single(c => c.Id == correctionId), saved.Representation.ETag),
            var other => ArticleManagementEndpoints.Failure<CreatedJson<Correction>>(other, response),
        };
    }

    private static string OneSql(string visible) => $"""
        select a.id from articles a where {Lookup} and {visible};

        select {CorrectionRow.Columns}
        from articles a join article_corrections c on c.article_id = a.id
        where {Lookup} and {visible} and c.id = @CorrectionId;
        """;

    private static readonly SqlPerAudience SqlFor = new(audience => OneSql(VisibleTo(audience)));

    public static async Task<Results<CachedJson<Correction>, ProblemHttpResult>> GetCorrection(
        [Description(IdOrSlugDescription)] IdOrSlug idOrSlug, [Description("The correction's UUID.")] Uuid correctionId,
        NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            SqlFor[AudienceOf(http.User)],
            new { idOrSlug.Id, idOrSlug.Slug, CorrectionId = correctionId.Value, Now = clock.GetUtcNow().UtcDateTime },
            cancellationToken: ct));
        if (await results.ReadSingleOrDefaultAsync<Guid?>() is not { } articleId)
            return Problems.NotFound($"No published article has the id or slug '{idOrSlug}'.");
        return await results.ReadSingleOrDefaultAsync<CorrectionRow>() is { } row
            ? CachedJson.Of(row.ToCorrection()).Naming(SurrogateKeys.ForArticle(articleId, []))
            : Problems.NotFound($"The article '{idOrSlug}' has no correction {correctionId}.");
    }
}
