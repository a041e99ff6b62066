using System.Net;
using System.Text.Json;

namespace OzdContentApi.Tests.Infrastructure;

public static class HttpAssertions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem detail with the given status and returns it.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> name exactly <paramref name="paths"/>.</summary>
    public static async Task<JsonElement> ReadValidationProblemAsync(this HttpResponseMessage response, params string[] paths)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(paths.Order(), errors.EnumerateObject().Select(e => e.Name).Order());
        foreach (var path in paths)
            Assert.Contains(errors.GetProperty(path).EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        return problem;
    }

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
