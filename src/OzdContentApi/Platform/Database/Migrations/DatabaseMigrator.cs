using System.Diagnostics;
using Npgsql;

namespace OzdContentApi.Platform.Database.Migrations;

/// <summary>
/// Applies the pending migrations at start-up. All of them run in one transaction that first
/// takes an advisory lock, so instances starting together apply each file exactly once and
/// the losers simply find the work done. Each applied file is recorded with its checksum;
/// a file changed after it was applied stops the start.
/// </summary>
/// <remarks>
/// Nothing here has a time limit: a migration over a large table takes as long as the table is
/// large (Npgsql's default of 30 s cut an upgrade of 248,000 articles off, and the start failed as
/// if the database had not answered), and an instance waits for the lock as long as another one
/// migrates. Each migration is logged as it begins, so a long one is seen to run, and the total
/// time once all are committed.
/// </remarks>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger? logger = null)
{
    // Any constant unique to this service; "ozdmigr" in ASCII.
    private const long AdvisoryLockKey = 0x6F7A646D696772;

    private const string LockSql = "select pg_advisory_xact_lock(@key)";

    private const string CreateHistorySql = """
        create table if not exists schema_migrations (
            name       text        primary key,
            checksum   text        not null,
            applied_at timestamptz not null default now()
        )
        """;

    private const string AppliedSql = "select name, checksum from schema_migrations order by name";

    private const string RecordSql = "insert into schema_migrations (name, checksum) values (@name, @checksum)";

    /// <returns>The names of the migrations this call applied.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await Execute(connection, LockSql, cancellationToken, ("key", AdvisoryLockKey));
        await Execute(connection, CreateHistorySql, cancellationToken);
        var applied = await ReadApplied(connection, cancellationToken);
        Verify(applied);

        var pending = migrations.Where(m => !applied.ContainsKey(m.Name)).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var migration in pending)
        {
            logger?.LogInformation("Applying migration {Migration}", migration.Name);
            try
            {
                await Execute(connection, migration.Sql, cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new StartupException($"Migration {migration.Name} failed: {e.MessageText}. Nothing was applied.", e);
            }
            await Execute(connection, RecordSql, cancellationToken, ("name", migration.Name), ("checksum", migration.Checksum));
        }

        await transaction.CommitAsync(cancellationToken);
        if (pending.Count > 0)
            logger?.LogInformation("Applied {Count} migrations in {Seconds:0.0} s", pending.Count, clock.Elapsed.TotalSeconds);
        return pending.Select(m => m.Name).ToList();
    }

    /// <summary>True when every migration of this build is recorded as applied.</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "select count(*) from schema_migrations where name = any(@names)");
        command.Parameters.AddWithValue("names", migrations.Select(m => m.Name).ToArray());
        try
        {
            var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return count == migrations.Count;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private void Verify(IReadOnlyDictionary<string, string> applied)
    {
        var known = migrations.ToDictionary(m => m.Name);
        foreach (var (name, checksum) in applied)
        {
            if (!known.TryGetValue(name, out var migration))
                throw new StartupException(
                    $"The database has migration {name} applied, which this build does not contain. " +
                    "It was migrated by a newer version of the service; deploy that version or newer.");
            if (migration.Checksum != checksum)
                throw new StartupException(
                    $"Migration {name} was changed after it was applied to this database " +
                    $"(applied checksum {checksum[..12]}…, file now {migration.Checksum[..12]}…). " +
                    "Applied migrations are forward-only: restore the file and put the change in a new migration.");
        }
    }

    private static async Task<Dictionary<string, string>> ReadApplied(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AppliedSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellationToken))
            applied[reader.GetString(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
