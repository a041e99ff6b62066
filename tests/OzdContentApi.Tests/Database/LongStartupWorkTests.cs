using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Platform.Database.Migrations;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Database;

/// <summary>
/// What a start does over whole tables (migrations, forgetting stored bytes of an older format)
/// takes as long as the tables are large: at 248,000 articles a migration took two minutes and
/// forgetting the bytes 64 s, past Npgsql's 30-second command timeout, and the start failed.
/// Here the connection string's timeout is 1 s and the work is made to take longer.
/// </summary>
public sealed class LongStartupWorkTests : IAsyncLifetime
{
    private TestPostgres _server = null!;
    private string _database = "";

    public async Task InitializeAsync() => _server = await TestPostgres.GetAsync();

    public async Task DisposeAsync() => await _server.DropDatabaseAsync(_database);

    private NpgsqlDataSource ImpatientDataSource() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_server.ConnectionString(_database)) { CommandTimeout = 1 }.ConnectionString);

    [Fact]
    public async Task A_migration_that_runs_longer_than_the_command_timeout_is_applied()
    {
        _database = await _server.CreateEmptyDatabaseAsync();
        await using var dataSource = ImpatientDataSource();
        var slow = Migration.Embedded().Append(new Migration("9997_slow.sql", "select pg_sleep(2.5); create table slow_done (id int);")).ToList();

        var applied = await new DatabaseMigrator(dataSource, slow).MigrateAsync();

        Assert.Equal("9997_slow.sql", applied[^1]);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from schema_migrations where name = '9997_slow.sql'"));
    }

    [Fact]
    public async Task An_instance_waits_for_another_ones_long_migration_and_then_finds_it_done()
    {
        _database = await _server.CreateEmptyDatabaseAsync();
        await using var dataSource = ImpatientDataSource();
        await using var other = await dataSource.OpenConnectionAsync();
        await using var otherMigration = await other.BeginTransactionAsync();
        await other.ExecuteAsync("select pg_advisory_xact_lock(@key)", new { key = 0x6F7A646D696772L }, otherMigration);

        var waiting = new DatabaseMigrator(dataSource, Migration.Embedded()).MigrateAsync();
        await Task.Delay(2500);
        Assert.False(waiting.IsCompleted);
        await otherMigration.CommitAsync();

        Assert.Equal(Migration.Embedded().Count, (await waiting).Count);
    }

    [Fact]
    public async Task A_start_with_a_new_stored_format_forgets_every_articles_bytes_however_long_that_takes()
    {
        _database = await _server.CreateDatabaseAsync();
        await using var dataSource = ImpatientDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.True(await connection.ExecuteScalarAsync<int>("select count(*) from articles where representation is not null") > 0);
        // A writer holds one article for longer than the timeout: forgetting every article waits for it.
        await using var writer = await dataSource.OpenConnectionAsync();
        await using var write = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("select id from articles limit 1 for update", transaction: write);
        var otherSite = new SiteUrls(new ConfigurationBuilder()
            .AddInMemoryCollection([new(SiteUrls.Setting, "https://www.ozd.example/artikel/{slug}")]).Build());
        var representations = new ArticleRepresentations(dataSource, TimeProvider.System, NullLogger<ArticleRepresentations>.Instance, otherSite);

        var start = representations.EnsureCurrentAsync();
        await Task.Delay(2500);
        Assert.False(start.IsCompleted);
        await write.CommitAsync();
        await start;

        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from articles where representation is not null"));
    }
}
