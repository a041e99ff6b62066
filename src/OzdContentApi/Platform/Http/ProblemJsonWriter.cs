using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Writes every problem detail as <c>application/problem+json</c>, whatever the request's
/// <c>Accept</c> says. The framework's writer declines when Accept names no JSON type (a
/// browser's <c>text/html</c>), and then a 401 or 413 turns into an empty 500; an API has no
/// other error format to offer, so it answers in the one it has (RFC 9110 allows ignoring Accept).
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string MediaType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Type ??= TypeOf(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);

        var body = JsonSerializer.SerializeToUtf8Bytes(problem, problem.GetType(), json.Value.SerializerOptions);
        http.Response.ContentType = MediaType;
        http.Response.ContentLength = body.Length;
        // Not cancellable: when a request times out, RequestAborted is the timeout's token,
        // already cancelled, and the answer saying so must still be written.
        return http.Response.Body.WriteAsync(body, CancellationToken.None);
    }

    /// <summary>The section of RFC 9110 (or RFC 6585) that defines a status, as problem <c>type</c>.</summary>
    public static string TypeOf(int status) => status switch
    {
        400 => Rfc9110("15.5.1"), 401 => Rfc9110("15.5.2"), 403 => Rfc9110("15.5.4"), 404 => Rfc9110("15.5.5"),
        405 => Rfc9110("15.5.6"), 406 => Rfc9110("15.5.7"), 408 => Rfc9110("15.5.9"), 409 => Rfc9110("15.5.10"),
        410 => Rfc9110("15.5.11"), 412 => Rfc9110("15.5.13"), 413 => Rfc9110("15.5.14"), 415 => Rfc9110("15.5.16"),
        422 => Rfc9110("15.5.21"), 428 => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => Rfc9110("15.6.1"), 502 => Rfc9110("15.6.3"), 503 => Rfc9110("15.6.4"), 504 => Rfc9110("15.6.5"),
        _ => "about:blank",
    };

    private static string Rfc9110(string section) => $"https://tools.ietf.org/html/rfc9110#section-{section}";
}
