using System.Diagnostics;
using OzdContentApi.Platform.Database;

namespace OzdContentApi.Tests.Infrastructure;

/// <summary>pg_ctl commands the service never needs, for tests that put a server into a state (shutting down, restarting).</summary>
public static class ServerControl
{
    /// <summary>Runs pg_ctl on the cluster's data folder, as the postgres OS user when we are root.</summary>
    public static void PgCtl(LocalPostgresCluster cluster, params string[] args)
    {
        var pgCtl = PostgresBinaries.Locate().PgCtl;
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "runuser" : pgCtl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(cluster.DataDirectory)!,
        };
        string[] arguments = root ? ["-u", "postgres", "--", pgCtl, "-D", cluster.DataDirectory, .. args] : ["-D", cluster.DataDirectory, .. args];
        foreach (var arg in arguments)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', args)} failed: {errors}");
    }
}
