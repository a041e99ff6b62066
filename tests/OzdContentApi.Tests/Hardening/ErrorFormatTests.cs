using System.Net;
using System.Text;
using System.Text.Json;
using OzdContentApi.Platform.Http;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Reliability;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// An error is a problem detail whatever the client accepts: a browser's Accept header must not
/// turn a 401 into an empty 500, and every answer carries the security headers.
/// </summary>
public sealed class ErrorFormatTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static readonly TheoryData<string> Accepts = new()
    {
        "text/html",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        "application/xml",
        "text/plain",
        "image/png",
    };

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task Errors_are_problem_json_whatever_Accept_says(string accept)
    {
        var preview = await api.ClientWithScopesAsync("preview");
        var cases = new (string What, HttpClient Client, HttpRequestMessage Request, HttpStatusCode Status)[]
        {
            ("no key", api.CreateUncheckedClient(), Json(HttpMethod.Post, "/v1/persons", "{}"), HttpStatusCode.Unauthorized),
            ("unknown key", api.CreateUncheckedClient(), WithKey(Json(HttpMethod.Get, "/v1/articles", null), "ozd_unknown-key-for-this-test"), HttpStatusCode.Unauthorized),
            ("scope", preview, Json(HttpMethod.Post, "/v1/persons", "{}"), HttpStatusCode.Forbidden),
            ("too large", api.CreateUncheckedClient(), Json(HttpMethod.Post, "/v1/persons", new string('x', 1_100_000)), HttpStatusCode.RequestEntityTooLarge),
            ("unknown route", api.CreateUncheckedClient(), Json(HttpMethod.Get, "/v1/nothing-here", null), HttpStatusCode.NotFound),
            ("wrong method", api.CreateUncheckedClient(), Json(HttpMethod.Patch, "/v1/persons", "{}"), HttpStatusCode.MethodNotAllowed),
        };

        foreach (var (what, client, request, status) in cases)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
            var response = await client.SendAsync(request);
            await AssertProblemAsync(response, status, $"{what} with Accept: {accept}");
        }
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task A_body_the_server_cannot_read_is_a_problem_whatever_Accept_says(string accept)
    {
        var writer = await api.ClientWithScopesAsync("write");
        foreach (var (body, contentType, status) in new[]
                 {
                     ("{\"name\": ", "application/json", HttpStatusCode.BadRequest),
                     ("", "application/json", HttpStatusCode.BadRequest),
                     ("name=x", "text/plain", HttpStatusCode.UnsupportedMediaType),
                     ("{\"name\": \"a\"}", "application/xml", HttpStatusCode.UnsupportedMediaType),
                 })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/persons") { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new(contentType);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            await AssertProblemAsync(await writer.SendAsync(request), status, $"body '{body}' as {contentType}");
        }
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{what}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{what}: content type {response.Content.Headers.ContentType}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), what);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()), what);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string? body) => new(method, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.Authorization = new("Bearer", key);
        return request;
    }
}

public sealed class RateLimitedErrorFormatTests(RateLimitedContentApiFactory api) : IClassFixture<RateLimitedContentApiFactory>
{
    [Fact]
    public async Task Past_the_rate_limit_a_browser_gets_a_429_problem_too()
    {
        var client = api.CreateUncheckedClient();
        HttpResponseMessage response;
        var sent = 0;
        do
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/persons");
            request.Headers.TryAddWithoutValidation("Accept", "text/html");
            response = await client.SendAsync(request);
            sent++;
        } while (response.StatusCode != HttpStatusCode.TooManyRequests && sent < 50);

        await ErrorFormatTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "rate limited");
        Assert.True(response.Headers.Contains("Retry-After"));
    }

}

public sealed class FailureClassificationTests
{
    [Theory]
    [InlineData("57P01", 503)] // admin shutdown: the server terminated the connection
    [InlineData("57P02", 503)] // crash shutdown
    [InlineData("57P03", 503)] // cannot connect now: starting up, recovering, shutting down
    [InlineData("53300", 503)] // too many connections
    [InlineData("08006", 503)] // connection failure
    [InlineData("58030", 503)] // I/O error
    [InlineData("23505", 409)] // unique violation: a concurrent write took the slug
    [InlineData("23503", 409)] // foreign key violation: a concurrent delete
    [InlineData("42P01", 500)] // undefined table: our bug
    public void Database_states_are_classified_by_what_they_mean_for_the_client(string sqlState, int status)
    {
        var exception = new Npgsql.PostgresException("test", "FATAL", "FATAL", sqlState);

        Assert.Equal(status, FailureClassification.Classify(exception, CancellationToken.None).Status);
    }
}
