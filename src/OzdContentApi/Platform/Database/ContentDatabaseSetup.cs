using Npgsql;
using OzdContentApi.Platform.Database.Migrations;

namespace OzdContentApi.Platform.Database;

public static class ContentDatabaseSetup
{
    private const string EmbeddedDatabaseName = "ozd_content";

    /// <summary>
    /// Registers the one <see cref="NpgsqlDataSource"/> of the service. With no
    /// <c>ConnectionStrings:Content</c> in Development it first starts a private PostgreSQL
    /// cluster and returns it: the caller stops it when the program ends.
    /// </summary>
    public static LocalPostgresCluster? AddContentDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Content");
        LocalPostgresCluster? embedded = null;

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (!builder.Environment.IsDevelopment())
                throw new StartupException(
                    "ConnectionStrings__Content is not set. Outside Development the service needs a configured " +
                    "PostgreSQL database (Host=…;Port=…;Username=…;Password=…;Database=…).");

            embedded = StartEmbedded(builder.Configuration);
            connectionString = embedded.ConnectionString(EmbeddedDatabaseName);
            Console.WriteLine($"embedded database: ConnectionStrings__Content='{connectionString}' reaches it while the service runs");
        }

        var autoPrepare = Settings.CountOrZero(builder.Configuration, "Database:AutoPrepare", 0);
        var readOnly = builder.Configuration.GetConnectionString("ContentReadOnly");
        var dataSource = Named("ConnectionStrings__Content", () => NpgsqlDataSource.Create(WithAutoPrepare(FailFast(connectionString), autoPrepare)));
        // A multi-host string names the primary and its standbys: writes go to the primary, delivery reads may go to a standby.
        if (dataSource is NpgsqlMultiHostDataSource hosts)
        {
            builder.Services.AddSingleton(hosts.WithTargetSession(TargetSessionAttributes.Primary));
            builder.Services.AddSingleton(new ReplicaDataSource(hosts.WithTargetSession(TargetSessionAttributes.PreferStandby)));
        }
        else
        {
            builder.Services.AddSingleton(dataSource);
            builder.Services.AddSingleton(new ReplicaDataSource(string.IsNullOrWhiteSpace(readOnly)
                ? null
                : Named("ConnectionStrings__ContentReadOnly", () => NpgsqlDataSource.Create(FailFast(readOnly)))));
        }
        builder.Services.AddSingleton<ReplicaReads>();
        builder.Services.AddSingleton(_ =>
        {
            var listener = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(FailFast(connectionString))
            {
                KeepAlive = 10, Pooling = false,
            }.ConnectionString);
            // Only the primary sends notifications.
            return new ListenerDataSource(listener is NpgsqlMultiHostDataSource hosts ? hosts.WithTargetSession(TargetSessionAttributes.Primary) : listener);
        });
        builder.Services.AddSingleton<ContentChanges>();
        builder.Services.AddHostedService<ChangeListener>();
        builder.Services.AddSingleton(sp => new DatabaseMigrator(sp.GetRequiredService<NpgsqlDataSource>(), Migration.Embedded(),
            sp.GetRequiredService<ILogger<DatabaseMigrator>>()));
        return embedded;
    }

    // A connection string Npgsql cannot read (an unknown keyword, a port out of range) stops the start naming which one.
    private static NpgsqlDataSource Named(string setting, Func<NpgsqlDataSource> create)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            throw new StartupException($"{setting} is not a valid connection string: {e.Message}", e);
        }
    }

    /// <summary>
    /// Npgsql waits 15 s for a connection by default; a request should learn sooner that the
    /// database is gone. And the service keeps no session state on a connection (every setting
    /// and advisory lock is transaction-local, the seeder unlocks its own), so the DISCARD ALL
    /// Npgsql sends each time a pooled connection is taken again only costs a round trip: about
    /// 9 % of an archive import's throughput. Values set in the connection string win.
    /// </summary>
    private static string FailFast(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            builder.Timeout = 3;
        if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs over and over, so PostgreSQL parses and
    /// plans them once. Off for the service by default (a generic plan is not always as good, and
    /// a rolling migration can invalidate prepared statements), except the article lookup, a
    /// person's articles and the search's walking statement and query readings, which prepare
    /// themselves (ArticleQueries, SearchStore, QueryReadings); bulk commands turn it on
    /// (import-ozd-text: about 10 % more articles per second).
    /// </summary>
    private static string WithAutoPrepare(string connectionString, int statements)
    {
        if (statements <= 0 || connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = statements, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    private static LocalPostgresCluster StartEmbedded(IConfiguration configuration)
    {
        var options = new LocalPostgresOptions
        {
            Directory = configuration["EmbeddedDatabase:Directory"] is { Length: > 0 } dir
                ? Path.GetFullPath(dir)
                : Path.Combine(Path.GetTempPath(), "ozd-content-api"),
            BinariesDirectory = configuration["EmbeddedDatabase:BinariesDirectory"],
        };
        LocalPostgresCluster cluster;
        try
        {
            cluster = LocalPostgresCluster.Start(options, message => Console.WriteLine($"embedded database: {message}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"EmbeddedDatabase__Directory '{options.Directory}' cannot hold the embedded database: {e.Message}", e);
        }
        try
        {
            cluster.CreateDatabaseIfMissing(EmbeddedDatabaseName);
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    /// <summary>Applies pending migrations; the start stops here if the database disagrees with db/migrations.</summary>
    public static async Task MigrateContentDatabaseAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}
