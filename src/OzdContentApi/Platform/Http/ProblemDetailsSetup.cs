using Microsoft.AspNetCore.Diagnostics;
using System.Text.Json;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Every error leaves as an RFC 9457 problem detail with a <c>traceId</c>, whatever the request's
/// Accept header says: the ones endpoints return, bare status codes (unknown route, wrong method),
/// request-binding failures and unexpected exceptions. Nothing about the exception itself reaches the client.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddContentProblemDetails(this IServiceCollection services)
    {
        // Before AddProblemDetails: writers are asked in the order they were registered.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= DefaultDetail(context.ProblemDetails.Status, context.HttpContext));
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

    private static string? DefaultDetail(int? status, HttpContext context) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status401Unauthorized => "This operation needs an API key: send Authorization: Bearer <key>.",
        StatusCodes.Status403Forbidden => "This API key lacks the scope this operation needs.",
        StatusCodes.Status408RequestTimeout => RequestLimits.TooSlow,
        StatusCodes.Status413PayloadTooLarge => RequestLimits.TooLarge,
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status404NotFound => $"There is nothing at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred. Quote the traceId when reporting it.",
        StatusCodes.Status503ServiceUnavailable => "The service cannot answer right now. Try again shortly.",
        _ => null,
    };

    /// <summary>
    /// A path or query parameter the framework could not bind, or a required one that is missing:
    /// a 400 naming it (and every other typed parameter that is wrong), in the validation format.
    /// </summary>
    private static HttpValidationProblemDetails? ParameterProblem(HttpContext context, BadHttpRequestException bad)
    {
        var message = bad.Message;
        var missing = message.StartsWith("Required parameter", StringComparison.Ordinal)
                      && (message.Contains("from query string", StringComparison.Ordinal) || message.Contains("from route", StringComparison.Ordinal));
        if (!missing && !message.StartsWith(Parameters.ParameterErrors.BindingFailurePrefix, StringComparison.Ordinal))
            return null;

        // The exception handler has taken the endpoint off the context; its feature keeps it.
        var failed = context.Features.Get<IExceptionHandlerFeature>();
        var errors = Parameters.ParameterErrors.Of(context, failed?.Endpoint, failed?.RouteValues);
        // The framework names the parameter as "Type name" in quotes.
        var quoted = message.Split('"');
        var name = quoted.Length > 1 ? quoted[1].Split(' ')[^1] : "parameter";
        if (missing)
            errors.Add(name, "Required.");
        else if (!errors.Any)
            errors.Add(name, "Not a valid value.");
        return new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "One or more values are invalid; see errors.",
        };
    }

    private sealed class ContentExceptionHandler(IProblemDetailsService problems, ILogger<ContentExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is BadHttpRequestException binding && ParameterProblem(context, binding) is { } parameters)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = parameters });
            }

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

            var (status, detail) = FailureClassification.Classify(exception, context.RequestAborted);
            if (status >= 500 && !FailureClassification.IsExpectedUnavailability(exception))
                logger.LogError(exception, "Request {Method} {Path} failed with {Status}", context.Request.Method, context.Request.Path, status);
            else if (status == StatusCodes.Status503ServiceUnavailable)
                logger.LogWarning("Request {Method} {Path} answered 503: {Reason}", context.Request.Method, context.Request.Path, exception.Message);

            context.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable)
                context.Response.Headers.RetryAfter = FailureClassification.RetryAfterSeconds;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = status, Detail = detail },
            });
        }
    }
}
