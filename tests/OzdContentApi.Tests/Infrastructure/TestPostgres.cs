using Microsoft.Extensions.Configuration;
using OzdContentApi.Articles.Newsroom;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Changes;
using OzdContentApi.DemoContent;
using OzdContentApi.Revisions;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Database.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Testcontainers.PostgreSql;

namespace OzdContentApi.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run, found in this order: a connection string in
/// <c>OZD_TEST_POSTGRES</c>; a Testcontainers PostgreSQL when a Docker daemon answers; otherwise
/// a local cluster started with the service's own <see cref="LocalPostgresCluster"/>.
/// Holds a template database, migrated and loaded with the demo content, that each test class
/// clones into a database of its own.
/// </summary>
public sealed class TestPostgres
{
    public const string TemplateDatabase = "ozd_template";

    private static readonly Lazy<Task<TestPostgres>> Instance = new(StartAsync);
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly string _adminConnectionString;

    private TestPostgres(string adminConnectionString, string description)
    {
        _adminConnectionString = adminConnectionString;
        Description = description;
    }

    public string Description { get; }

    public static Task<TestPostgres> GetAsync() => Instance.Value;

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database }.ConnectionString;

    /// <summary>A new database with the demo content (a copy of the template).</summary>
    public Task<string> CreateDatabaseAsync() => CreateAsync($"template \"{TemplateDatabase}\"");

    /// <summary>A new database without any table, for migration tests.</summary>
    public Task<string> CreateEmptyDatabaseAsync() => CreateAsync("");

    public async Task DropDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task<string> CreateAsync(string templateClause)
    {
        var name = $"test_{Guid.NewGuid():N}";
        // CREATE DATABASE … TEMPLATE refuses while another copy of the template is running.
        await _createLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\" {templateClause}", connection);
            await create.ExecuteNonQueryAsync();
        }
        finally
        {
            _createLock.Release();
        }
        return name;
    }

    private static async Task<TestPostgres> StartAsync()
    {
        var server = await FromEnvironment() ?? await FromDocker() ?? FromLocalCluster();
        await server.BuildTemplateAsync();
        return server;
    }

    private static Task<TestPostgres?> FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable("OZD_TEST_POSTGRES");
        return Task.FromResult(string.IsNullOrWhiteSpace(configured)
            ? null
            : new TestPostgres(new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString, "OZD_TEST_POSTGRES"));
    }

    private static async Task<TestPostgres?> FromDocker()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(dockerHost) && !File.Exists("/var/run/docker.sock"))
            return null;
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new TestPostgres(
                new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString,
                "Testcontainers");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"Docker did not start a PostgreSQL container ({e.GetType().Name}: {e.Message}); using a local cluster.");
            return null;
        }
    }

    private const string ClusterFolderPrefix = "ozd-tests-";

    private static TestPostgres FromLocalCluster()
    {
        RemoveAbandonedClusters();
        var directory = Path.Combine(Path.GetTempPath(), $"{ClusterFolderPrefix}{Guid.NewGuid():N}");
        var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = directory, Durable = false });
        // The test host may be ended before this finishes; the next run sweeps what is left.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Stop();
            Directory.Delete(directory, recursive: true);
        };
        return new TestPostgres(cluster.ConnectionString("postgres"), $"local cluster on port {cluster.Port}");
    }

    private static void RemoveAbandonedClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), ClusterFolderPrefix + "*"))
        {
            try
            {
                LocalPostgresCluster.RemoveAbandoned(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not remove the abandoned test cluster {folder}: {e.Message}");
            }
        }
    }

    private async Task BuildTemplateAsync()
    {
        await DropDatabaseAsync(TemplateDatabase);
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{TemplateDatabase}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        await LoadDemoContentAsync(ConnectionString(TemplateDatabase));
    }

    /// <summary>One value from a database the test reaches only by its connection string (a command ran on it).</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Migrates an empty database and loads the demo content, as the template gets it.</summary>
    public static async Task LoadDemoContentAsync(string connectionString)
    {
        // The data source is disposed before anyone clones the template: a template with open
        // connections cannot be copied.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new DatabaseMigrator(dataSource, Migration.Embedded()).MigrateAsync();
        var site = new SiteUrls(new ConfigurationBuilder().Build());
        var representations = new ArticleRepresentations(dataSource, TimeProvider.System, NullLogger<ArticleRepresentations>.Instance, site);
        await representations.EnsureCurrentAsync();
        var transaction = new ArticleTransaction(dataSource, TimeProvider.System, [new RevisionRecorder(), new ChangeLog()], representations, new ContentChanges(), site);
        await new DemoContentSeeder(dataSource, new ArticleWriter(transaction), transaction, NullLogger<DemoContentSeeder>.Instance).SeedIfEmptyAsync();
    }
}
