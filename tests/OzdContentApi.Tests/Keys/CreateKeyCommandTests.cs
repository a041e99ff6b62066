using System.Net;
using System.Net.Http.Headers;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Keys;

/// <summary>The first admin key of a fresh database, as README tells an operator to make it.</summary>
public sealed class CreateKeyCommandTests
{
    [Fact]
    public async Task create_key_on_a_fresh_database_prints_a_working_admin_key_once()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Content"] = server.ConnectionString(database),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        try
        {
            string secret;
            await using (var command = ServiceProcess.Start(environment, "create-key", "--name", "first admin", "--scopes", "admin"))
            {
                Assert.Equal(0, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains("with scopes admin", command.Output);
                secret = command.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("ozd_", StringComparison.Ordinal));
            }

            await using var service = ServiceProcess.Start(environment);
            Assert.True(await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), service.Output + service.Errors);
            using var client = new HttpClient { BaseAddress = service.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

            var keys = await (await client.GetAsync("/v1/keys")).ReadJsonAsync();
            var key = Assert.Single(keys.GetProperty("items").EnumerateArray());
            Assert.Equal("first admin", key.GetProperty("name").GetString());
            Assert.DoesNotContain(secret, service.Output);

            // Over a real socket a body without Content-Length is cut off at 1 MiB too.
            var tooLong = System.Text.Encoding.UTF8.GetBytes($"{{\"name\": \"{new string('x', 2 * 1024 * 1024)}\", \"scopes\": [\"admin\"]}}");
            var chunked = new StreamContent(new MemoryStream(tooLong));
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            await (await client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task create_key_refuses_an_unknown_scope()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync();
        try
        {
            await using var command = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
            }, "create-key", "--scopes", "root");

            Assert.Equal(2, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("scopes[0]", command.Errors);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
