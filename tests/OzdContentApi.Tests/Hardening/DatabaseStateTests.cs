using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OzdContentApi.Platform.Database;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// A real PostgreSQL put into the states it passes through in operation: terminating the
/// service's connections, shutting down, restarting and recovering. Each is a 503 with
/// Retry-After while it lasts, never a 500, and the service recovers by itself.
/// </summary>
public sealed class DatabaseStateTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ozd-states-{Guid.NewGuid():N}");
    private LocalPostgresCluster _cluster = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = _directory, Durable = false });
        _cluster.CreateDatabaseIfMissing("ozd_states");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("ConnectionStrings:Content", _cluster.ConnectionString("ozd_states"))
            .UseSetting("Caching:DeliverySeconds", "0"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        try { _cluster.Stop(); } catch (Exception) { /* already stopped by a test */ }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Connections_the_server_terminated_are_a_503_and_then_replaced()
    {
        var client = _factory.CreateClient();
        await (await client.GetAsync("/v1/persons")).ReadJsonAsync();

        await using (var admin = new NpgsqlConnection(_cluster.ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = 'ozd_states'", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20 && statuses.LastOrDefault() != HttpStatusCode.OK; i++)
        {
            var response = await client.GetAsync("/v1/persons");
            statuses.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
                await AssertUnavailableAsync(response);
        }
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
    }

    [Fact]
    public async Task A_server_shutting_down_is_a_503_with_Retry_After()
    {
        var client = _factory.CreateClient();
        await (await client.GetAsync("/v1/persons")).ReadJsonAsync();

        // A smart shutdown waits for open sessions and refuses new ones with SQLSTATE 57P03.
        await using var lingering = new NpgsqlConnection(_cluster.ConnectionString("postgres"));
        await lingering.OpenAsync();
        _factory.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        ServerControl.PgCtl(_cluster, "stop", "-m", "smart", "-W");

        var refused = false;
        for (var i = 0; i < 50 && !refused; i++)
        {
            var response = await client.GetAsync("/v1/persons");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await Task.Delay(50); // the shutdown has not begun refusing yet
                continue;
            }
            await AssertUnavailableAsync(response);
            refused = true;
        }
        Assert.True(refused, "the service never noticed the shutdown");
        await lingering.CloseAsync();
    }

    [Fact]
    public async Task While_the_server_restarts_and_recovers_every_answer_is_200_or_a_503_and_it_comes_back()
    {
        var client = _factory.CreateClient();
        await (await client.GetAsync("/v1/articles")).ReadJsonAsync();

        // Readers keep asking while the server dies without a checkpoint and replays its WAL on the next start.
        using var stop = new CancellationTokenSource();
        var answers = new List<HttpResponseMessage>();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await client.GetAsync("/v1/articles");
                lock (answers)
                    answers.Add(response);
            }
        })).ToList();

        ServerControl.PgCtl(_cluster, "stop", "-m", "immediate", "-w");
        await Task.Delay(300);
        _cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = _directory, Durable = false, Port = _cluster.Port });
        await Task.Delay(300);
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
        foreach (var answer in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            await AssertUnavailableAsync(answer);
        var recovered = false;
        for (var i = 0; i < 50 && !recovered; i++)
        {
            recovered = (await client.GetAsync("/v1/articles")).StatusCode == HttpStatusCode.OK;
            if (!recovered)
                await Task.Delay(100);
        }
        Assert.True(recovered, "the service did not recover after PostgreSQL restarted");
    }

    // Authentication looks the key up in the database, so it must run inside the error handling
    // like everything else: a pipeline that authenticated before it answered an empty 500.
    [Fact]
    public async Task A_request_with_a_key_while_the_server_is_down_is_a_503_too()
    {
        var client = _factory.CreateClient();
        await (await client.GetAsync("/v1/persons")).ReadJsonAsync();
        ServerControl.PgCtl(_cluster, "stop", "-m", "fast", "-w");
        _factory.Services.GetRequiredService<NpgsqlDataSource>().Clear();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, "/v1/articles");
            request.Headers.Authorization = new("Bearer", "ozd_a-key-the-database-would-have-to-check");
            if (method == HttpMethod.Post)
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            await AssertUnavailableAsync(await client.SendAsync(request));
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("unavailable", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) >= 1);
    }
}
