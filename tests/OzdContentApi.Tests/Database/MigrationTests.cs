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

    [Fact]
    public async Task Links_stored_before_0020_carry_their_articles_publication_time_after_it_and_keep_it()
    {
        var before = Migration.Embedded().Where(m => string.CompareOrdinal(m.Name, "0020") < 0).ToList();
        await new DatabaseMigrator(_dataSource, before).MigrateAsync();
        await using (var insert = _dataSource.CreateCommand("""
            insert into persons (id, slug, name) values ('019b4023-0000-7000-8000-0000000000a0', 'person-0020', 'Person 0020');
            insert into articles (id, slug, title, status, published_at)
            values ('019b4023-0000-7000-8000-000000000020', 'verlinkt', 'Verlinkt', 'published', '2026-11-30T08:00:00Z'),
                   ('019b4023-0000-7000-8000-000000000021', 'entwurf', 'Entwurf', 'draft', null);
            insert into article_persons (article_id, person_id, position)
            values ('019b4023-0000-7000-8000-000000000020', '019b4023-0000-7000-8000-0000000000a0', 1),
                   ('019b4023-0000-7000-8000-000000000021', '019b4023-0000-7000-8000-0000000000a0', 1);
            -- as the service stores an article's bytes: with the links in place
            begin;
            select set_config('ozd.writes_representation', 'on', true);
            update articles set representation = '\x7b7d', etag = '"e"' where slug = 'verlinkt';
            commit;
            """))
            await insert.ExecuteNonQueryAsync();

        await new DatabaseMigrator(_dataSource, Migration.Embedded()).MigrateAsync();
        Assert.Equal(["2026-11-30 08:00:00", "null"], await LinkTimesAsync());
        // The upgrade does not make the database forget what it stored (every article's bytes would be rebuilt).
        await using (var kept = _dataSource.CreateCommand("select representation is not null from articles where slug = 'verlinkt'"))
            Assert.True((bool)(await kept.ExecuteScalarAsync())!);

        // Whoever writes: a publication time moved, a draft published, a link added.
        await using (var update = _dataSource.CreateCommand("""
            update articles set published_at = '2026-12-01T09:00:00Z' where slug = 'verlinkt';
            update articles set status = 'published', published_at = '2026-12-02T10:00:00Z' where slug = 'entwurf';
            insert into articles (id, slug, title, status, published_at)
            values ('019b4023-0000-7000-8000-000000000022', 'spaeter', 'Später', 'published', '2026-12-03T11:00:00Z');
            insert into article_persons (article_id, person_id, position, published_at)
            values ('019b4023-0000-7000-8000-000000000022', '019b4023-0000-7000-8000-0000000000a0', 1, '1999-01-01T00:00:00Z');
            """))
            await update.ExecuteNonQueryAsync();
        Assert.Equal(["2026-12-01 09:00:00", "2026-12-02 10:00:00", "2026-12-03 11:00:00"], await LinkTimesAsync());
    }

    private async Task<List<string>> LinkTimesAsync()
    {
        await using var command = _dataSource.CreateCommand("""
            select coalesce(to_char(ap.published_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 'null')
            from article_persons ap where ap.person_id = '019b4023-0000-7000-8000-0000000000a0' order by ap.article_id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var times = new List<string>();
        while (await reader.ReadAsync())
            times.Add(reader.GetString(0));
        return times;
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
