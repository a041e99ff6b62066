using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Hardening;

/// <summary>Load balancers probe with HEAD, crawlers check with it: every GET answers it.</summary>
public sealed class HeadTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Every_GET_operation_answers_HEAD_with_its_status_and_headers_and_no_body()
    {
        var client = await api.ClientWithScopesAsync("admin", "write");
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => p.Name
                .Replace("{idOrSlug}", p.Name.StartsWith("/v1/persons", StringComparison.Ordinal) ? "wolodymyr-selenskyj" : Slug)
                .Replace("{sectionId}", CommentaryId).Replace("{version}", "1")
                .Replace("{id}", Guid.NewGuid().ToString()))
            .Select(p => p == "/v1/search" ? "/v1/search?q=Ukraine" : p)
            .Append("/openapi/v1.json")
            .ToList();
        Assert.True(paths.Count >= 15, string.Join(", ", paths));

        foreach (var path in paths)
        {
            var get = await client.GetAsync(path);
            var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {path}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.ETag?.Tag, head.Headers.ETag?.Tag);
            if (get.StatusCode == HttpStatusCode.OK)
                Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task HEAD_of_liveness_is_200_for_load_balancers()
    {
        var head = await api.CreateUncheckedClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health/live"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.True(head.Headers.CacheControl is { NoStore: true, Private: true });
    }
}
