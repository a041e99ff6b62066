using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using System.Text.Json;
using Npgsql;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Every error leaves as an RFC 9457 problem detail with a <c>traceId</c>: the ones endpoints
/// return, bare status codes (unknown route, wrong method), request-binding failures and
/// unexpected exceptions. Nothing about the exception itself reaches the client.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddContentProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Detail ??= DefaultDetail(problem.Status, context.HttpContext);
            problem.Type ??= TypeFor(problem.Status);
        });
        services.AddExceptionHandler<ContentExceptionHandler>();
        // Binding failures become exceptions we turn into problem details with a useful detail,
        // in every environment, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseContentProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    // ASP.NET Core names a type only for the statuses it knows; these are the others we answer.
    private static string? TypeFor(int? status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        StatusCodes.Status428PreconditionRequired => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        _ => "about:blank",
    };

    private static string? DefaultDetail(int? status, HttpContext context) => status switch
    {
        StatusCodes.Status401Unauthorized => "This operation needs an API key: send Authorization: Bearer <key>.",
        StatusCodes.Status403Forbidden => "This API key lacks the scope this operation needs.",
        StatusCodes.Status413PayloadTooLarge => RequestLimits.TooLarge,
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status404NotFound => $"There is nothing at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred. Quote the traceId when reporting it.",
        StatusCodes.Status503ServiceUnavailable => "The content database is unreachable. Try again shortly.",
        _ => null,
    };

    private sealed class ContentExceptionHandler(IProblemDetailsService problems, ILogger<ContentExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var bodyError = exception switch
            {
                BadHttpRequestException { InnerException: JsonException json } => JsonBodyErrors.Describe(json),
                // The framework's words for "no body" name our parameter; say it the client's way.
                BadHttpRequestException bad when bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
                                                  || bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
                    => ("body", "A JSON body is required."),
                _ => ((string, string)?)null,
            };
            if (bodyError is var (path, message))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [message] })
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Detail = "The request body is not valid JSON for this operation; see errors.",
                    },
                });
            }

            var (status, detail) = Classify(exception);
            if (status >= 500 && exception is not OperationCanceledException)
                logger.LogError(exception, "Request {Method} {Path} failed with {Status}", context.Request.Method, context.Request.Path, status);

            context.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable)
                context.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = status, Detail = detail },
            });
        }

        private static (int Status, string? Detail) Classify(Exception exception) => exception switch
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
            // A PostgresException is the server answering; anything else from Npgsql means we
            // could not reach it (refused, timed out, broken connection).
            NpgsqlException and not PostgresException => (StatusCodes.Status503ServiceUnavailable, null),
            TimeoutException => (StatusCodes.Status503ServiceUnavailable, null),
            // The client went away, or the request timeout fired: nothing useful to say, nothing broken.
            OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, "The request was cancelled before it finished."),
            _ => (StatusCodes.Status500InternalServerError, null),
        };
    }
}
