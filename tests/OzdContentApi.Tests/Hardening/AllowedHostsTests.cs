using System.Net;
using Microsoft.AspNetCore.Hosting;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>The service's own names set, as README asks of production (the test server is "localhost").</summary>
public sealed class AllowedHostsContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AllowedHosts", "localhost");
    }
}

/// <summary>
/// Feeds and list pages link to the address the client used; with AllowedHosts set, a made-up
/// Host header is refused instead of reflected into links that a CDN could keep.
/// </summary>
public sealed class AllowedHostsTests(AllowedHostsContentApiFactory api) : IClassFixture<AllowedHostsContentApiFactory>
{
    [Theory]
    [InlineData("/v1/feeds/articles.atom")]
    [InlineData("/v1/feeds/articles.rss")]
    public async Task A_host_not_named_in_AllowedHosts_is_refused_and_never_reflected(string path)
    {
        var client = api.CreateUncheckedClient();

        var own = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("http://localhost", await own.Content.ReadAsStringAsync());

        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "attacker.example";
        var madeUp = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.DoesNotContain("attacker.example", await madeUp.Content.ReadAsStringAsync());
    }
}
