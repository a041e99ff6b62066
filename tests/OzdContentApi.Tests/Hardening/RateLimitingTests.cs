using System.Net;
using Microsoft.AspNetCore.Hosting;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>The shipped rate limits, switched on.</summary>
public sealed class DefaultLimitsContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Protection:RateLimiting", "true");
    }
}

/// <summary>A small budget for keys that do not check out.</summary>
public sealed class KeyGuessingContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Protection:RateLimiting", "true");
        builder.UseSetting("Protection:BadKeyPermits", "3");
        builder.UseSetting("Protection:PerAddressPermits", "600");
        // An hour, so that no token comes back while the test runs on a busy machine.
        builder.UseSetting("Protection:Window", "01:00:00");
    }
}

public sealed class DefaultRateLimitTests(DefaultLimitsContentApiFactory api) : IClassFixture<DefaultLimitsContentApiFactory>
{
    [Fact]
    public async Task A_static_site_build_reading_two_thousand_articles_in_a_minute_is_not_limited()
    {
        var client = api.CreateUncheckedClient();
        var paths = new[] { "/v1/articles/usa-und-ukraine-nennen-gespraeche-in-miami-produktiv-und-konstruktiv", "/v1/articles?limit=100", "/v1/persons" };
        var limited = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var response = await client.GetAsync(paths[i % paths.Length], ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Interlocked.Increment(ref limited);
        });

        Assert.Equal(0, limited);
    }
}

public sealed class KeyGuessingTests(KeyGuessingContentApiFactory api) : IClassFixture<KeyGuessingContentApiFactory>
{
    [Fact]
    public async Task Guessing_keys_is_limited_per_address_before_any_key_is_looked_up()
    {
        var client = api.CreateUncheckedClient();
        for (var i = 0; i < 3; i++)
        {
            var guess = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
            guess.Headers.Authorization = new("Bearer", $"ozd_guessed-key-number-{i:D4}-xxxxxxxx");
            await (await client.SendAsync(guess)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        var throttled = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
        throttled.Headers.Authorization = new("Bearer", "ozd_guessed-key-number-9999-xxxxxxxx");
        var response = await client.SendAsync(throttled);
        var problem = await response.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("unknown API keys", problem.GetProperty("detail").GetString());
        // A third of the window per failed key (20 minutes): the real wait, not the whole hour.
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single()), 1, 20 * 60);

        // Not even a real key is looked up from this address for now; reading without one goes on.
        var real = await api.ClientWithScopesAsync("preview");
        await (await real.GetAsync("/v1/articles")).ReadProblemAsync(HttpStatusCode.TooManyRequests);
        await (await client.GetAsync("/v1/articles")).ReadJsonAsync();

        // Health probes go on, whatever key a load balancer's configuration sends with them.
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            var probe = new HttpRequestMessage(HttpMethod.Get, path);
            probe.Headers.Authorization = new("Bearer", "ozd_stale-key-in-the-load-balancer-xxxxxx");
            await (await client.SendAsync(probe)).ReadJsonAsync();
        }
    }
}

/// <summary>Client addresses over a real socket: X-Forwarded-For counts only from configured proxies.</summary>
public sealed class ForwardedAddressTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Without_trusted_proxies_a_forged_X_Forwarded_For_does_not_escape_the_limit()
    {
        var statuses = await StatusesAsync(trustedProxies: null, ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_budget()
    {
        var statuses = await StatusesAsync(trustedProxies: "127.0.0.1", ["203.0.113.1", "203.0.113.2", "203.0.113.1", "203.0.113.1", "203.0.113.3"]);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(string? trustedProxies, string[] forwardedFor)
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
                ["Protection__PerAddressPermits"] = "2",
                ["Protection__TrustedProxies"] = trustedProxies,
            });
            Assert.True(await service.WaitUntilReadyAsync(StartTimeout), service.Output + service.Errors);
            using var client = new HttpClient { BaseAddress = service.BaseAddress };
            var statuses = new List<HttpStatusCode>();
            foreach (var address in forwardedFor)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/v1/persons");
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
                statuses.Add((await client.SendAsync(request)).StatusCode);
            }
            return statuses;
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
