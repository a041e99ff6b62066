using System.Net;
using System.Net.Sockets;
using System.Text;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>What only the real server shows: its socket and the bytes it accepts.</summary>
public sealed class ServerEdgeTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_port_in_use_stops_the_start_with_one_line_saying_how_to_choose_another()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            });

            Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
            var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("another process uses that port", line);
            Assert.Contains("--urls", line);
            Assert.DoesNotContain("   at ", service.Output + service.Errors);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_key_with_non_ASCII_bytes_gets_the_applications_401_problem()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
            });
            Assert.True(await service.WaitUntilReadyAsync(StartTimeout), service.Output + service.Errors);

            var answer = await RawAsync(service.Port, [.. "GET /v1/articles HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ozd_"u8,
                0xE4, 0xF6, 0xFC, .. "-schluessel-mit-umlauten\r\nConnection: close\r\n\r\n"u8]);

            Assert.StartsWith("HTTP/1.1 401", answer);
            Assert.Contains("Content-Type: application/problem+json", answer);
            Assert.Contains("X-Content-Type-Options: nosniff", answer);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_chunked_body_counts_its_bytes_not_its_framing_and_a_chunk_size_that_overflows_is_a_400()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            const string key = "ozd_chunked-edge-key-0123456789abcdefghijklmnopqrstuvwxyz";
            await using (var connection = new Npgsql.NpgsqlConnection(server.ConnectionString(database)))
            {
                await connection.OpenAsync();
                await using var insert = new Npgsql.NpgsqlCommand(
                    $"insert into api_keys (id, name, prefix, secret_hash, scopes) values (gen_random_uuid(), 'chunked', 'ozd_chunked', sha256(convert_to('{key}', 'UTF8')), '{{write}}')",
                    connection);
                await insert.ExecuteNonQueryAsync();
            }
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
            });
            Assert.True(await service.WaitUntilReadyAsync(StartTimeout), service.Output + service.Errors);

            var write = await RawAsync(service.Port, Encoding.ASCII.GetBytes(
                $"POST /v1/persons HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n" +
                "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFFF\r\n{}\r\n0\r\n\r\n"));
            Assert.StartsWith("HTTP/1.1 400", write);
            Assert.Contains("Content-Type: application/problem+json", write);

            // The 1 MiB counts the body's bytes, not its chunk framing: just under it in 1,000-byte chunks is taken ...
            var paragraphs = string.Join(",", Enumerable.Repeat($"\"{new string('a', 10_000)}\"", 104));
            var article = Encoding.UTF8.GetBytes($$"""{"title": "Fast ein Mebibyte", "sections": [{"type": "report", "paragraphs": [{{paragraphs}}]}]}""");
            Assert.InRange(article.Length, 1_040_000, 1024 * 1024);
            var created = await RawAsync(service.Port, Chunked("/v1/articles", key, article, 1_000));
            Assert.StartsWith("HTTP/1.1 201", created);
            // ... and one byte over it is not.
            var over = await RawAsync(service.Port, Chunked("/v1/articles", key, [.. article, .. new byte[1024 * 1024 + 1 - article.Length]], 1_000));
            Assert.StartsWith("HTTP/1.1 413", over);

            var read = await RawAsync(service.Port, Encoding.ASCII.GetBytes(
                "GET /health/live HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFFF\r\n{}\r\n0\r\n\r\n"));
            Assert.StartsWith("HTTP/1.1 200", read);
            Assert.DoesNotContain("fail:", service.Output + service.Errors);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static byte[] Chunked(string path, string key, byte[] body, int chunkSize)
    {
        var request = new List<byte>(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));
        foreach (var chunk in body.Chunk(chunkSize))
        {
            request.AddRange(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            request.AddRange(chunk);
            request.AddRange("\r\n"u8.ToArray());
        }
        request.AddRange("0\r\n\r\n"u8.ToArray());
        return [.. request];
    }

    private static async Task<string> RawAsync(int port, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }
}
