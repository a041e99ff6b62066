using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles;

/// <summary>HTTP for write outcomes. Successful writes carry the article's new ETag.</summary>
public static class WriteResponses
{
    public static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Ok<T>(WriteOutcome outcome, HttpResponse response, Func<Article, T> body) =>
        outcome switch
        {
            WriteOutcome.Saved saved => WithETag(response, saved.ETag, TypedResults.Ok(body(saved.Article))),
            WriteOutcome.Invalid invalid => Problems.Invalid(invalid.Errors.ToDictionary()),
            _ => Failure(outcome),
        };

    public static Results<Created<T>, ValidationProblem, ProblemHttpResult> Created<T>(WriteOutcome outcome, HttpResponse response,
        Func<Article, (string Location, T Body)> created) =>
        outcome switch
        {
            WriteOutcome.Saved saved => WithETag(response, saved.ETag, Create(created(saved.Article))),
            WriteOutcome.Invalid invalid => Problems.Invalid(invalid.Errors.ToDictionary()),
            _ => Failure(outcome),
        };

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> NoContent(WriteOutcome outcome, HttpResponse response) =>
        outcome switch
        {
            WriteOutcome.Deleted => TypedResults.NoContent(),
            WriteOutcome.Saved saved => WithETag(response, saved.ETag, TypedResults.NoContent()),
            WriteOutcome.Invalid invalid => Problems.Invalid(invalid.Errors.ToDictionary()),
            _ => Failure(outcome),
        };

    public static ProblemHttpResult Failure(WriteOutcome outcome) => outcome switch
    {
        WriteOutcome.NotFound notFound => Problems.NotFound(notFound.Detail),
        WriteOutcome.Stale stale => Preconditions.Stale(stale.CurrentETag),
        WriteOutcome.Conflict conflict => Problems.Conflict(conflict.Detail),
        _ => throw new InvalidOperationException($"{outcome.GetType().Name} is not a failure."),
    };

    private static Created<T> Create<T>((string Location, T Body) created) => TypedResults.Created(created.Location, created.Body);

    private static TResult WithETag<TResult>(HttpResponse response, string etag, TResult result)
    {
        response.Headers.ETag = etag;
        return result;
    }
}
