using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OzdContentApi.Tests.Infrastructure.Contract;

namespace OzdContentApi.Tests.Infrastructure;

/// <summary>
/// The service in memory, on a database of its own cloned from the demo-content template.
/// One instance per test class (<c>IClassFixture</c>), so classes run in parallel and never
/// see each other's rows.
/// </summary>
public class ContentApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestPostgres? _server;

    public string DatabaseName { get; private set; } = "";

    public virtual string ConnectionString => _server!.ConnectionString(DatabaseName);

    public async Task InitializeAsync()
    {
        _server = await TestPostgres.GetAsync();
        DatabaseName = await CreateDatabaseAsync(_server);
    }

    /// <summary>The demo content by default.</summary>
    protected virtual Task<string> CreateDatabaseAsync(TestPostgres server) => server.CreateDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As it ships: Production, with only what the tests must change set below.
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Content", ConnectionString);
        // Test classes send thousands of requests from one address; RateLimitTests turn it on.
        builder.UseSetting("Protection:RateLimiting", "false");
        // Tests write through SQL and move clocks; the cache tests turn the caches on.
        builder.UseSetting("Caching:DeliverySeconds", "0");
        builder.UseSetting("Caching:ArticleBytes", "0");
    }

    /// <summary>
    /// The host, once it listens. A start that fails is caught by Program, which returns 1, and
    /// the factory would carry on with a service that never migrated its database; the test would
    /// then fail somewhere else, for a reason that is not its own.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (!host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
        {
            var said = StartupFailures.Seen is [.., var last] ? last : "nothing on stderr";
            host.Dispose();
            throw new InvalidOperationException($"The service did not start on {DatabaseName}; the last start failure of this run: {said}");
        }
        return host;
    }

    /// <summary>A client whose every response is checked against openapi/v1.json (a violation fails the test).</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new ContractValidatingHandler(OpenApiContract.Committed));

    /// <summary>A client that lets through responses the document does not allow (an injected 500).</summary>
    public HttpClient CreateUncheckedClient() => base.CreateClient();

    /// <summary>Runs SQL straight against this class's database (arranging rows, not asserting the API).</summary>
    public async Task ExecuteSqlAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value straight from this class's database.</summary>
    public async Task<T> QueryScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync();
    }

    /// <summary>Removes what <see cref="CreateDatabaseAsync"/> made, once the service has stopped.</summary>
    protected virtual async Task DropDatabaseAsync()
    {
        if (_server is not null && DatabaseName.Length > 0)
            await _server.DropDatabaseAsync(DatabaseName);
    }
}
