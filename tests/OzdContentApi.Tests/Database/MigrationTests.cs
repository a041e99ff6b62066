using Npgsql;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database.Migrations;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Database;

public sealed class MigrationTests : IAsyncLifetime
{
    private TestPostgres _server = null!;
    private string _database = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _server = await TestPostgres.GetAsync();
        _database = await _server.CreateEmptyDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString(_database));
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task A_fresh_database_gets_every_migration_and_its_tables()
    {
        var applied = await new DatabaseMigrator(_dataSource, Migration.Embedded()).MigrateAsync();

        Assert.Equal(Migration.Embedded().Select(m => m.Name), applied);
        Assert.Contains("0001_content.sql", applied);
        Assert.Equal(["api_keys", "article_corrections", "article_persons", "article_representation_format", "article_representation_stale", "article_revisions", "articles", "content_changes", "glossary_person_links", "imported_texts", "persons", "schema_migrations", "sections", "webhook_deliveries", "webhook_events", "webhooks"], await TablesAsync());
        Assert.True(await new DatabaseMigrator(_dataSource, Migration.Embedded()).IsUpToDateAsync());
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_records_nothing()
    {
        var migrator = new DatabaseMigrator(_dataSource, Migration.Embedded());
        await migrator.MigrateAsync();
        var recorded = await HistoryAsync();

        var second = await migrator.MigrateAsync();

        Assert.Empty(second);
        Assert.Equal(recorded, await HistoryAsync());
    }

    [Fact]
    public async Task Instances_starting_at_once_apply_each_migration_exactly_once()
    {
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(_server.ConnectionString(_database))).ToList();
        try
        {
            var results = await Task.WhenAll(sources.Select(s => new DatabaseMigrator(s, Migration.Embedded()).MigrateAsync()));

            var applied = results.SelectMany(r => r).ToList();
            Assert.Equal(Migration.Embedded().Select(m => m.Name), applied);
            Assert.Single(results, r => r.Count > 0);
            Assert.Equal(Migration.Embedded().Count, (await HistoryAsync()).Count);
        }
        finally
        {
            foreach (var source in sources)
                await source.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_the_start_with_a_clear_message()
    {
        await new DatabaseMigrator(_dataSource, Migration.Embedded()).MigrateAsync();
        var edited = Migration.Embedded()
            .Select(m => m.Name == "0001_content.sql" ? m with { Sql = m.Sql + "\n-- an innocent comment\n" } : m)
            .ToList();

        var error = await Assert.ThrowsAsync<StartupException>(() => new DatabaseMigrator(_dataSource, edited).MigrateAsync());

        Assert.Contains("Migration 0001_content.sql was changed after it was applied", error.Message);
        Assert.Contains("new migration", error.Message);
    }

    [Fact]
    public async Task Line_endings_alone_do_not_count_as_an_edit()
    {
        await new DatabaseMigrator(_dataSource, Migration.Embedded()).MigrateAsync();
        var crlf = Migration.Embedded().Select(m => new Migration(m.Name, m.Sql.ReplaceLineEndings("\r\n"))).ToList();

        Assert.Empty(await new DatabaseMigrator(_dataSource, crlf).MigrateAsync());
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        var newer = Migration.Embedded().Append(new Migration("9999_future.sql", "select 1")).ToList();
        await new DatabaseMigrator(_dataSource, newer).MigrateAsync();

        var error = await Assert.ThrowsAsync<StartupException>(() => new DatabaseMigrator(_dataSource, Migration.Embedded()).MigrateAsync());

        Assert.Contains("9999_future.sql", error.Message);
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_applied()
    {
        var failing = Migration.Embedded().Append(new Migration("9998_broken.sql", "create table half_done (id int); select 1/0;")).ToList();

        var error = await Assert.ThrowsAsync<StartupException>(() => new DatabaseMigrator(_dataSource, failing).MigrateAsync());

        Assert.Contains("9998_broken.sql failed", error.Message);
        Assert.Empty(await TablesAsync());
    }

    [Fact]
    public async Task Decomposed_text_stored_before_0019_is_found_after_it()
    {
        var before = Migration.Embedded().Where(m => string.CompareOrdinal(m.Name, "0019") < 0).ToList();
        await new DatabaseMigrator(_dataSource, before).MigrateAsync();
        await using (var insert = _dataSource.CreateCommand("""
            insert into articles (id, slug, title, status, published_at)
            values ('019b4023-0000-7000-8000-000000000019', 'zerlegt', 'Ko' || chr(776) || 'nigsberger', 'published', now());
            insert into sections (id, article_id, position, type, body)
            values (gen_random_uuid(), '019b4023-0000-7000-8000-000000000019', 1, 'report', jsonb_build_object('paragraphs', jsonb_build_array('Klo' || chr(776) || 'pse')));
            insert into persons (id, slug, name) values (gen_random_uuid(), 'juergen-zerlegt', 'Ju' || chr(776) || 'rgen Zerlegt');
            select refresh_article_search('019b4023-0000-7000-8000-000000000019');
            """))
            await insert.ExecuteNonQueryAsync();

        await new DatabaseMigrator(_dataSource, Migration.Embedded()).MigrateAsync();

        await using var found = _dataSource.CreateCommand("""
            select (select count(*) from articles where search_vector @@ websearch_to_tsquery('german', 'Königsberger Klöpse')),
                   (select count(*) from persons where starts_with(search_name, fold_german('jürgen')))
            """);
        await using var reader = await found.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((1L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var command = _dataSource.CreateCommand(
            "select table_name from information_schema.tables where table_schema = 'public' order by table_name");
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return tables;
    }

    private async Task<List<string>> HistoryAsync()
    {
        await using var command = _dataSource.CreateCommand("select name || ' ' || checksum || ' ' || applied_at from schema_migrations order by name");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }
}
