using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Database;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Operations;

public sealed class HealthTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Live_and_ready_answer_200_on_a_migrated_database()
    {
        var live = await (await _client.GetAsync("/health/live")).ReadJsonAsync();
        Assert.Equal("live", live.GetProperty("status").GetString());

        var ready = await (await _client.GetAsync("/health/ready")).ReadJsonAsync();
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_is_503_while_a_migration_is_missing()
    {
        await api.ExecuteSqlAsync("delete from schema_migrations where name = '0001_content.sql'");
        try
        {
            var response = await _client.GetAsync("/health/ready");
            var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("migrations are pending", problem.GetProperty("detail").GetString());
            Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        }
        finally
        {
            await api.ExecuteSqlAsync("""
                insert into schema_migrations (name, checksum)
                values ('0001_content.sql', @checksum)
                """, ("checksum", OzdContentApi.Platform.Database.Migrations.Migration.Embedded()[0].Checksum));
        }
    }
}

/// <summary>The database goes away under a running service and comes back.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ozd-outage-{Guid.NewGuid():N}");
    private LocalPostgresCluster _cluster = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = _directory, Durable = false });
        _cluster.CreateDatabaseIfMissing("ozd_outage");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Testing")
            .UseSetting("ConnectionStrings:Content", _cluster.ConnectionString("ozd_outage")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _cluster.Stop();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Ready_turns_503_fast_while_PostgreSQL_is_down_and_the_service_recovers_by_itself()
    {
        var client = _factory.CreateClient();
        await (await client.GetAsync("/health/ready")).ReadJsonAsync();
        var key = await _factory.Services.GetRequiredService<ApiKeyStore>().CreateAsync("outage", ["write"], CancellationToken.None);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key!.Secret);
        var acknowledged = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var person = await (await client.PostJsonAsync("/v1/persons", $$"""{"name": "Vor dem Ausfall {{i}}"}""")).ReadJsonAsync(HttpStatusCode.Created);
            acknowledged.Add(person.GetProperty("slug").GetString()!);
        }
        client.DefaultRequestHeaders.Authorization = null;

        _cluster.Stop();
        var clock = Stopwatch.StartNew();
        var problem = await (await client.GetAsync("/health/ready")).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("unreachable", problem.GetProperty("detail").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"readiness took {clock.Elapsed}");

        foreach (var path in new[] { "/v1/articles", "/v1/persons/wolodymyr-selenskyj", "/v1/search?q=Ukraine", "/v1/changes" })
        {
            clock.Restart();
            var request = await client.GetAsync(path);
            await request.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(request.Headers.Contains("Retry-After"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"{path} took {clock.Elapsed}");
        }
        await (await client.GetAsync("/health/live")).ReadJsonAsync();

        _cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = _directory, Durable = false, Port = _cluster.Port });
        var recovered = false;
        for (var attempt = 0; attempt < 50 && !recovered; attempt++)
        {
            recovered = (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            if (!recovered)
                await Task.Delay(100);
        }
        Assert.True(recovered, "the service did not recover after PostgreSQL came back");
        await (await client.GetAsync("/v1/articles")).ReadJsonAsync();
        foreach (var slug in acknowledged)
            await (await client.GetAsync($"/v1/persons/{slug}")).ReadJsonAsync();
    }
}
