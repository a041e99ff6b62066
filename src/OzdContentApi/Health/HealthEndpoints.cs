using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using OzdContentApi.Platform.Database.Migrations;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Health;

/// <summary>Liveness and readiness for load balancers and orchestrators.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Operations").WithMetadata(new NeverStored());

        group.MapGet("/live", () => new CachedJson<HealthStatus>(new HealthStatus("live"), policy: CachePolicy.NoStore))
            .WithName("getLiveness")
            .WithSummary("Is the process up")
            .WithDescription("200 while the process runs. Does not touch the database.");

        group.MapGet("/ready", Ready)
            .WithName("getReadiness")
            .WithSummary("Can the service answer requests")
            .WithDescription("200 when the database answers within two seconds and every migration is applied; " +
                             "503 otherwise.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return routes;
    }

    public static async Task<Results<CachedJson<HealthStatus>, ProblemHttpResult>> Ready(DatabaseMigrator migrator, HttpContext http, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadinessTimeout);
        try
        {
            if (await migrator.IsUpToDateAsync(timeout.Token))
                return new CachedJson<HealthStatus>(new HealthStatus("ready"), policy: CachePolicy.NoStore);
            return Unavailable("The database schema is not up to date: migrations are pending.", http);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            return Unavailable("The content database is unreachable.", http);
        }
    }

    private static ProblemHttpResult Unavailable(string detail, HttpContext http)
    {
        http.Response.Headers.RetryAfter = FailureClassification.RetryAfterSeconds;
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The answer of a health probe.</summary>
/// <param name="Status">"live" or "ready".</param>
public sealed record HealthStatus(string Status);
