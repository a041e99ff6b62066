using System.Diagnostics;
using Npgsql;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;

namespace OzdContentApi.Tests.Database;

public sealed class LocalClusterTests
{
    [Fact]
    public void Missing_binaries_name_both_ways_out()
    {
        var error = Assert.Throws<StartupException>(() => PostgresBinaries.Locate("/nonexistent/bin"));

        Assert.Contains("apt-get install postgresql", error.Message);
        Assert.Contains("ConnectionStrings__Content", error.Message);
    }

    [Fact]
    public async Task A_cluster_left_by_a_dead_process_is_stopped_and_removed()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ozd-abandoned-{Guid.NewGuid():N}");
        var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = directory, Durable = false });
        var connectionString = cluster.ConnectionString("postgres");
        await File.WriteAllTextAsync(Path.Combine(directory, "owner.pid"), DeadProcessId().ToString());

        Assert.True(LocalPostgresCluster.RemoveAbandoned(directory));

        Assert.False(Directory.Exists(directory));
        await using var connection = new NpgsqlConnection(connectionString + ";Timeout=2");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    [Fact]
    public void A_cluster_whose_owner_lives_is_kept()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ozd-owned-{Guid.NewGuid():N}");
        using var cluster = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = directory, Durable = false });
        try
        {
            Assert.False(LocalPostgresCluster.RemoveAbandoned(directory));
            Assert.True(File.Exists(Path.Combine(directory, "data", "postmaster.pid")));
        }
        finally
        {
            cluster.Stop();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }
}
