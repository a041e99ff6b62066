using System.Net;
using Microsoft.AspNetCore.Hosting;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Operations;

/// <summary>The service with one editor origin configured.</summary>
public sealed class EditorOriginContentApiFactory : ContentApiFactory
{
    public const string EditorOrigin = "https://cms.ozd.example";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Cors:EditorOrigins", EditorOrigin);
    }
}

public sealed class BrowserAccessTests(EditorOriginContentApiFactory api) : IClassFixture<EditorOriginContentApiFactory>
{
    private const string AnySite = "https://irgendeine-zeitung.example";

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    [Fact]
    public async Task Delivery_reads_answer_any_origin_cache_the_preflight_and_expose_the_caching_headers()
    {
        var client = api.CreateClient();

        var preflight = await client.SendAsync(Preflight($"/v1/articles/{Slug}", AnySite, "GET", "if-none-match"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("600", preflight.Headers.GetValues("Access-Control-Max-Age").Single());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        request.Headers.Add("Origin", AnySite);
        var response = await client.SendAsync(request);
        await response.ReadJsonAsync();
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "ETag", "Link", "Location" })
            Assert.Contains(header, exposed);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Fact]
    public async Task Management_answers_only_the_configured_editor_origins()
    {
        var client = api.CreateClient();

        var stranger = await client.SendAsync(Preflight($"/v1/articles/{Id}", AnySite, "PUT", "authorization,content-type,if-match"));
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));

        var editor = await client.SendAsync(Preflight($"/v1/articles/{Id}", EditorOriginContentApiFactory.EditorOrigin, "PUT", "authorization,content-type,if-match"));
        Assert.Equal(HttpStatusCode.NoContent, editor.StatusCode);
        Assert.Equal(EditorOriginContentApiFactory.EditorOrigin, editor.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", string.Join(",", editor.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Contains("if-match", string.Join(",", editor.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }
}
