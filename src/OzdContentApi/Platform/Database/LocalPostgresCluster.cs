using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OzdContentApi.Platform.Database;

public sealed record LocalPostgresOptions
{
    /// <summary>Folder the cluster lives in; its <c>data</c> subfolder survives restarts.</summary>
    public required string Directory { get; init; }

    /// <summary>Folder with initdb and pg_ctl; found automatically when empty.</summary>
    public string? BinariesDirectory { get; init; }

    /// <summary>Loopback port; a free one is picked when 0.</summary>
    public int Port { get; init; }

    /// <summary>Off for throwaway test clusters: no fsync, no full page writes.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>
    /// The port of a local primary to follow: the cluster starts as its streaming standby, made
    /// with <c>pg_basebackup -R</c> (the tests of reads from standbys use it).
    /// </summary>
    public int? StandbyOfPort { get; init; }
}

/// <summary>
/// A private PostgreSQL server started from the installed binaries, listening on loopback
/// only with trust authentication. Used by the Development run and by the tests when no
/// other database is given. PostgreSQL refuses to run as root, so as root every server
/// command runs as the unprivileged <c>postgres</c> OS user.
/// </summary>
public sealed class LocalPostgresCluster : IDisposable
{
    private const string ServerUser = "postgres";

    private readonly LocalPostgresOptions _options;
    private readonly PostgresBinaries _binaries;
    private readonly Action<string> _log;
    private bool _running;

    private LocalPostgresCluster(LocalPostgresOptions options, PostgresBinaries binaries, int port, Action<string> log)
    {
        _options = options;
        _binaries = binaries;
        _log = log;
        Port = port;
    }

    public int Port { get; }
    public string DataDirectory => Path.Combine(_options.Directory, "data");
    private string OwnerFile => Path.Combine(_options.Directory, "owner.pid");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    public static LocalPostgresCluster Start(LocalPostgresOptions options, Action<string>? log = null)
    {
        var binaries = PostgresBinaries.Locate(options.BinariesDirectory);
        var port = options.Port != 0 ? options.Port : FreeLoopbackPort();
        var cluster = new LocalPostgresCluster(options, binaries, port, log ?? (_ => { }));
        cluster.StartServer();
        return cluster;
    }

    private void StartServer()
    {
        PrepareDirectory();
        StopOrphanedServer();
        File.WriteAllText(OwnerFile, Environment.ProcessId.ToString());

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")) && _options.StandbyOfPort is { } primaryPort)
        {
            _log($"copying the primary on port {primaryPort} into {DataDirectory} as its standby");
            RunServerTool(_binaries.Tool("pg_basebackup"),
                "-h", "127.0.0.1", "-p", primaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
                "-D", DataDirectory, "-R", "-X", "stream", "--no-sync", "--checkpoint=fast");
        }
        else if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            _log($"creating a PostgreSQL cluster in {DataDirectory}");
            RunServerTool(_binaries.InitDb,
                "-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        }

        var settings = $"-p {Port} -k {_options.Directory} -c listen_addresses=127.0.0.1";
        if (!_options.Durable)
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";

        _log($"starting PostgreSQL on 127.0.0.1:{Port}");
        RunServerTool(_binaries.PgCtl,
            "-D", DataDirectory, "-l", Path.Combine(_options.Directory, "server.log"), "-w", "-t", "60", "-o", settings, "start");
        _running = true;
    }

    public void CreateDatabaseIfMissing(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is not null)
            return;
        // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
        using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        create.ExecuteNonQuery();
    }

    public void Stop()
    {
        if (!_running)
            return;
        _running = false;
        _log("stopping PostgreSQL");
        RunServerTool(_binaries.PgCtl, "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        File.Delete(OwnerFile);
    }

    public void Dispose() => Stop();

    /// <summary>
    /// Removes a cluster folder whose owning process is gone, stopping a server still running in
    /// it. A folder whose owner still lives is left alone.
    /// </summary>
    /// <returns>True when the folder was removed.</returns>
    public static bool RemoveAbandoned(string directory, string? binariesDirectory = null)
    {
        var ownerFile = Path.Combine(directory, "owner.pid");
        if (File.Exists(ownerFile))
        {
            if (int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner) && ProcessIsAlive(owner))
                return false;
        }
        else if (System.IO.Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-10))
        {
            return false; // just created by a process that has not written its id yet
        }

        var options = new LocalPostgresOptions { Directory = directory, BinariesDirectory = binariesDirectory };
        new LocalPostgresCluster(options, PostgresBinaries.Locate(binariesDirectory), 0, _ => { }).StopOrphanedServer();
        System.IO.Directory.Delete(directory, recursive: true);
        return true;
    }

    private void PrepareDirectory()
    {
        System.IO.Directory.CreateDirectory(_options.Directory);
        if (!RunningAsRoot || OperatingSystem.IsWindows())
            return;
        // The server user must own the cluster folder and be able to reach it.
        RunTool("chown", ["-R", $"{ServerUser}:", _options.Directory]);
        RunTool("chmod", ["0700", _options.Directory]);
        for (var parent = Path.GetDirectoryName(_options.Directory); !string.IsNullOrEmpty(parent) && parent != "/";
             parent = Path.GetDirectoryName(parent))
        {
            var mode = File.GetUnixFileMode(parent);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
                throw new StartupException(
                    $"The PostgreSQL server runs as the '{ServerUser}' user, which cannot enter {parent}. " +
                    "Choose a folder it can reach with EmbeddedDatabase__Directory.");
        }
    }

    // A server left running by a process that died (kill -9) holds the data folder; stop it.
    // A server whose owner still lives belongs to another instance: refuse to share it.
    private void StopOrphanedServer()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            return;
        if (File.Exists(OwnerFile) && int.TryParse(File.ReadAllText(OwnerFile).Trim(), out var owner)
            && owner != Environment.ProcessId && ProcessIsAlive(owner))
        {
            throw new StartupException(
                $"The embedded database in {_options.Directory} is in use by process {owner}. " +
                "Stop that instance or set EmbeddedDatabase__Directory to another folder.");
        }
        _log("stopping a PostgreSQL server left behind by an earlier run");
        RunServerTool(_binaries.PgCtl, ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"], allowFailure: true);
    }

    private static bool ProcessIsAlive(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private void RunServerTool(string tool, params string[] args) => RunServerTool(tool, args, allowFailure: false);

    private void RunServerTool(string tool, string[] args, bool allowFailure)
    {
        if (RunningAsRoot)
            RunTool("runuser", ["-u", ServerUser, "--", tool, .. args], allowFailure);
        else
            RunTool(tool, args, allowFailure);
    }

    private void RunTool(string file, string[] args, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server user must be able to read the working directory.
            WorkingDirectory = _options.Directory,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new StartupException($"Could not run {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            var log = Path.Combine(_options.Directory, "server.log");
            var tail = File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(5)) : "";
            throw new StartupException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed (exit {process.ExitCode}): " +
                $"{stderr.Result.Trim()} {stdout.Result.Trim()} {tail}".Trim());
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
