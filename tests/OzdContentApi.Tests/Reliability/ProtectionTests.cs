using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Reliability;

/// <summary>The service with a tight rate limit.</summary>
public sealed class RateLimitedContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Protection:RateLimiting", "true");
        builder.UseSetting("Protection:PerAddressPermits", "5");
        builder.UseSetting("Protection:PerKeyPermits", "8");
        builder.UseSetting("Protection:Window", "00:01:00");
    }
}

/// <summary>The service with a one-second request timeout.</summary>
public sealed class ImpatientContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Protection:RequestTimeout", "00:00:01");
    }
}

public sealed class RateLimitTests(RateLimitedContentApiFactory api) : IClassFixture<RateLimitedContentApiFactory>
{
    [Fact]
    public async Task Past_the_limit_an_address_gets_429_with_Retry_After_while_a_key_and_health_probes_go_on()
    {
        var anonymous = api.CreateClient();
        for (var i = 0; i < 5; i++)
            await (await anonymous.GetAsync("/v1/persons")).ReadJsonAsync();

        var limited = await anonymous.GetAsync("/v1/persons");
        var problem = await limited.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("address", problem.GetProperty("detail").GetString());
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);

        await (await anonymous.GetAsync("/health/live")).ReadJsonAsync();

        // A key has a budget of its own.
        var keyed = await api.ClientWithScopesAsync("preview");
        for (var i = 0; i < 8; i++)
            await (await keyed.GetAsync("/v1/persons")).ReadJsonAsync();
        var keyLimited = await (await keyed.GetAsync("/v1/persons")).ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("API key", keyLimited.GetProperty("detail").GetString());
    }
}

public sealed class ProtectionTests(ImpatientContentApiFactory api) : IClassFixture<ImpatientContentApiFactory>
{
    [Fact]
    public async Task A_request_stuck_on_the_database_is_answered_503_when_its_time_is_up()
    {
        var preview = await api.ClientWithScopesAsync("preview");
        await using var blocker = new NpgsqlConnection(api.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("lock table persons in access exclusive mode", blocker, transaction))
            await lockTable.ExecuteNonQueryAsync();

        var clock = Stopwatch.StartNew();
        var stuck = await preview.GetAsync("/v1/persons/wolodymyr-selenskyj");
        var elapsed = clock.Elapsed;
        await transaction.RollbackAsync();

        var problem = await stuck.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"answered after {elapsed}");
        // It says what happened (not "database unreachable"), when to retry, and keeps the security headers.
        Assert.Contains("did not finish within 1 seconds", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(stuck.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("nosniff", stuck.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", stuck.Headers.GetValues("Referrer-Policy").Single());
        await (await preview.GetAsync("/v1/persons/wolodymyr-selenskyj")).ReadJsonAsync();
    }

    [Theory]
    [InlineData("/v1/persons", "application/json")]
    [InlineData("/v1/imports/ozd-text", "text/plain")]
    public async Task A_body_that_trickles_in_past_the_timeout_is_a_408_and_nothing_is_written(string path, string mediaType)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();

        var clock = Stopwatch.StartNew();
        var response = await writer.PostAsync(path, new TricklingContent(mediaType, TimeSpan.FromSeconds(4)));
        var elapsed = clock.Elapsed;

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestTimeout);
        Assert.Contains("did not arrive in time", problem.GetProperty("detail").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(3.5), $"answered after {elapsed}");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    /// <summary>A body sent a few bytes at a time for as long as it takes (never finishing in time).</summary>
    private sealed class TricklingContent(string mediaType, TimeSpan duration) : HttpContent
    {
        public TricklingContent() : this("application/json", TimeSpan.Zero)
        {
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            Headers.ContentType ??= new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            var clock = Stopwatch.StartNew();
            await stream.WriteAsync("{\"name\": \""u8.ToArray());
            while (clock.Elapsed < duration)
            {
                await stream.WriteAsync("aaaa"u8.ToArray());
                await stream.FlushAsync();
                await Task.Delay(100);
            }
            await stream.WriteAsync("\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Every_answer_forbids_content_sniffing()
    {
        var client = api.CreateUncheckedClient();
        foreach (var path in new[] { "/health/live", "/v1/nothing", "/v1/articles/Kein%20Slug" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }
}
