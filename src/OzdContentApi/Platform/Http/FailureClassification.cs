using Npgsql;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// What an unexpected exception means for the client. Anything the database says about its
/// own state (unreachable, starting up, shutting down, recovering, out of connections) is a 503
/// with Retry-After: the request may succeed shortly, and it was not the client's fault. Only
/// what nobody expected is a 500.
/// </summary>
public static class FailureClassification
{
    public const string RetryAfterSeconds = "2";

    public const string Unavailable = "The content database is unavailable right now (unreachable, restarting or overloaded). Try again shortly.";

    public static (int Status, string? Detail) Classify(Exception exception, CancellationToken requestAborted) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, RequestLimits.TooLarge),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType }
            => (StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json."),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        // A concurrent write took the same slug, or removed a person being linked, between
        // our check and our write: the same answers the checks give.
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
            => (StatusCodes.Status409Conflict, "A concurrent write took the same slug or id; read again and retry."),
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation }
            => (StatusCodes.Status409Conflict, "A person this write refers to was deleted or is still referenced; read again and retry."),
        _ when IsDatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, Unavailable),
        // The client went away, or the request ran out of time: nothing broken.
        OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, requestAborted.IsCancellationRequested
            ? "The request was cancelled before it finished."
            : "The request took too long and was stopped. Try again shortly."),
        _ => (StatusCodes.Status500InternalServerError, null),
    };

    /// <summary>Failures that say nothing is wrong with the service itself: no stack trace in the log.</summary>
    public static bool IsExpectedUnavailability(Exception exception) =>
        exception is OperationCanceledException || IsDatabaseUnavailable(exception);

    /// <summary>
    /// The database could not be reached or said it cannot serve now: SQLSTATE classes 08
    /// (connection), 53 (insufficient resources), 57P (shutting down, starting up, recovering),
    /// 58 (system error), or Npgsql failing before the server answered (refused, timed out, broken).
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                      || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                                      || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                                      || postgres.SqlState.StartsWith("58", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ when exception.InnerException is { } inner => IsDatabaseUnavailable(inner),
        _ => false,
    };
}
