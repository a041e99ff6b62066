using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OzdContentApi.Platform.Database;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Scale;

/// <summary>
/// The service on a primary of its own with a real streaming standby (pg_basebackup -R) for
/// delivery reads: the two local clusters are started here like the tests' first one.
/// </summary>
public class StandbyContentApiFactory : ContentApiFactory
{
    /// <summary>One multi-host connection string (primary and standby) instead of ConnectionStrings:ContentReadOnly.</summary>
    protected virtual bool MultiHost => false;

    private LocalPostgresCluster? _primary;
    private LocalPostgresCluster? _standby;
    private const string Database = "ozd_content";

    private string[] _folders = [];

    public LocalPostgresCluster Standby => _standby!;

    protected override Task DropDatabaseAsync()
    {
        _standby?.Stop();
        _primary?.Stop();
        foreach (var folder in _folders)
            Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    public override string ConnectionString => _primary!.ConnectionString(Database);

    public string StandbyConnectionString => _standby!.ConnectionString(Database);

    protected override async Task<string> CreateDatabaseAsync(TestPostgres server)
    {
        // Named like the tests' first cluster, so a run that is killed leaves folders the next run sweeps.
        var folder = Path.Combine(Path.GetTempPath(), $"ozd-tests-{Guid.NewGuid():N}");
        _folders = [folder + "-primary", folder + "-standby"];
        _primary = LocalPostgresCluster.Start(new LocalPostgresOptions { Directory = _folders[0], Durable = false });
        _primary.CreateDatabaseIfMissing(Database);
        await TestPostgres.LoadDemoContentAsync(_primary.ConnectionString(Database));
        _standby = LocalPostgresCluster.Start(new LocalPostgresOptions
        {
            Directory = _folders[1], Durable = false, StandbyOfPort = _primary.Port,
        });
        // A name the shared test server does not have: its clean-up drops nothing.
        return $"standby_{Guid.NewGuid():N}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (MultiHost)
            builder.UseSetting("ConnectionStrings:Content",
                $"Host=127.0.0.1:{_primary!.Port},127.0.0.1:{_standby!.Port};Username=postgres;Database={Database}");
        else
            builder.UseSetting("ConnectionStrings:ContentReadOnly", StandbyConnectionString);
        builder.UseSetting("Webhooks:Dispatch", "false");
    }

    public async Task OnStandbyAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(StandbyConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class MultiHostStandbyContentApiFactory : StandbyContentApiFactory
{
    protected override bool MultiHost => true;
}

/// <summary>A multi-host connection string: writes find the primary, delivery reads prefer the standby.</summary>
public sealed class MultiHostStandbyTests(MultiHostStandbyContentApiFactory api) : IClassFixture<MultiHostStandbyContentApiFactory>
{
    [Fact]
    public async Task Writes_go_to_the_primary_and_anonymous_reads_to_the_standby()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Viele Hosts"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var id = person.GetProperty("id").GetString()!;
        var reads = api.Services.GetRequiredService<ReplicaReads>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!reads.UsingReplica && DateTime.UtcNow < until)
            await Task.Delay(20);
        Assert.True(reads.UsingReplica);

        await api.OnStandbyAsync("select pg_wal_replay_pause()");
        await api.ExecuteSqlAsync("set session_replication_role = replica; update persons set name = 'Nur auf dem Primary' where id = @Id",
            ("Id", Guid.Parse(id)));
        var anonymous = await (await api.CreateClient().GetAsync($"/v1/persons/{id}")).ReadJsonAsync();
        var keyed = await (await writer.GetAsync($"/v1/persons/{id}")).ReadJsonAsync();
        Assert.Equal(("Viele Hosts", "Nur auf dem Primary"), (anonymous.GetProperty("name").GetString(), keyed.GetProperty("name").GetString()));
        await api.OnStandbyAsync("select pg_wal_replay_resume()");
    }
}

public sealed class StandbyTests(StandbyContentApiFactory api) : IClassFixture<StandbyContentApiFactory>
{
    [Fact]
    public async Task A_standby_serves_anonymous_reads_only_while_it_has_replayed_every_change_heard_and_never_an_older_version()
    {
        var anonymous = api.CreateClient();
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Stand By"}""");
        var person = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = person.GetProperty("id").GetString()!;
        var reads = api.Services.GetRequiredService<ReplicaReads>();
        await Until(() => reads.UsingReplica, "the standby to catch up");
        Assert.Equal("Stand By", await NameAsync(anonymous, id));

        // 1. Replay paused, and a change made around the service (no trigger, so nobody hears of it):
        //    anonymous reads still show the standby's older row, keyed reads the primary's.
        await api.OnStandbyAsync("select pg_wal_replay_pause()");
        await api.ExecuteSqlAsync("set session_replication_role = replica; update persons set name = 'Nur auf dem Primary' where id = @Id",
            ("Id", Guid.Parse(id)));
        Assert.Equal("Stand By", await NameAsync(anonymous, id));
        Assert.Equal("Nur auf dem Primary", await NameAsync(writer, id));

        // 2. A write through the service while replay is still paused: from the moment it is
        //    acknowledged, no read shows anything older; they go to the primary.
        var etag = (await writer.GetAsync($"/v1/persons/{id}")).ETag();
        await (await writer.PutJsonAsync($"/v1/persons/{id}", """{"name": "Neuer Name"}""", etag)).ReadJsonAsync();
        for (var i = 0; i < 20; i++)
            Assert.Equal("Neuer Name", await NameAsync(anonymous, id));
        Assert.False(reads.UsingReplica);

        // 3. Replay resumed: once the standby has replayed the write, reads go back to it.
        await api.OnStandbyAsync("select pg_wal_replay_resume()");
        await Until(() => reads.UsingReplica, "the standby to replay the write");
        Assert.Equal("Neuer Name", await NameAsync(anonymous, id));
        var list = await (await anonymous.GetAsync("/v1/persons?q=neuer")).ReadJsonAsync();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);

        // 4. The standby stopped: reads fall back to the primary, no error reaches the client.
        api.Standby.Stop();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("Neuer Name", await NameAsync(anonymous, id));
            var article = await anonymous.GetAsync($"/v1/articles/{Articles.SampleArticle.Slug}");
            Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        }
    }

    private static async Task<string> NameAsync(HttpClient client, string id) =>
        (await (await client.GetAsync($"/v1/persons/{id}")).ReadJsonAsync()).GetProperty("name").GetString()!;

    private static async Task Until(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Waited in vain for {what}.");
            await Task.Delay(20);
        }
    }
}
