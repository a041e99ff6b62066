using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Reliability;

public sealed partial class GracefulShutdownTests
{
    [Fact]
    public async Task On_SIGTERM_requests_in_flight_complete_new_ones_are_refused_and_the_embedded_database_stops()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ozd-shutdown-{Guid.NewGuid():N}");
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?> { ["EmbeddedDatabase__Directory"] = directory });
            Assert.True(await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), service.Output + service.Errors);
            using var client = new HttpClient { BaseAddress = service.BaseAddress };

            var first = await client.GetAsync("/v1/persons");
            Assert.False(first.Headers.Contains("Server"), "the response names the server");
            Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());

            // Hold a request in flight: it waits for a lock on the table it reads.
            var port = int.Parse(PostgresPort().Match(service.Output).Groups[1].Value);
            await using var blocker = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=ozd_content");
            await blocker.OpenAsync();
            var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("lock table persons in access exclusive mode", blocker, transaction))
                await lockTable.ExecuteNonQueryAsync();
            var inFlight = client.GetAsync("/v1/persons?limit=3");
            await Task.Delay(300);

            service.Terminate();
            await Task.Delay(500);
            using (var late = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) })
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => late.GetAsync("/health/live"));

            await transaction.CommitAsync();
            var response = await inFlight;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(3, (await response.ReadJsonAsync()).GetProperty("items").GetArrayLength());

            await blocker.CloseAsync();
            Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("stopping PostgreSQL", service.Output);
            Assert.False(File.Exists(Path.Combine(directory, "data", "postmaster.pid")));
            Assert.Contains("database system is shut down", await File.ReadAllTextAsync(Path.Combine(directory, "server.log")));
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    [GeneratedRegex(@"starting PostgreSQL on 127\.0\.0\.1:(\d+)")]
    private static partial Regex PostgresPort();
}
