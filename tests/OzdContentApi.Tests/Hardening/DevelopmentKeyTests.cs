using System.Net;
using Npgsql;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Database.Migrations;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// The Development key's secret is public (it is in the repository). It may exist only in the
/// embedded database the Development run creates itself, and no other environment starts on a
/// database that still accepts it.
/// </summary>
public sealed class DevelopmentKeyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const string DevelopmentKey = "ozd_development-key-for-local-use-only";

    [Fact]
    public async Task Development_pointed_at_a_configured_database_does_not_plant_the_well_known_key()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
            });
            Assert.True(await service.WaitUntilReadyAsync(StartTimeout), service.Output + service.Errors);

            using var client = new HttpClient { BaseAddress = service.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentKey);
            await (await client.GetAsync("/v1/articles")).ReadProblemAsync(HttpStatusCode.Unauthorized);
            Assert.DoesNotContain(DevelopmentKey, service.Output);
            Assert.Equal(0, await CountAsync(server.ConnectionString(database), "select count(*) from api_keys"));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Production_refuses_to_start_while_a_development_key_is_active_until_it_is_revoked()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using (var dataSource = NpgsqlDataSource.Create(server.ConnectionString(database)))
            {
                var store = new ApiKeyStore(dataSource, TimeProvider.System, new ApiKeyCache(new Platform.Database.ContentChanges(), TimeProvider.System));
                await store.CreateAsync("development key", Scopes.All, CancellationToken.None, DevelopmentKey, development: true);
            }
            var production = new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
            };

            await using (var refused = ServiceProcess.Start(production))
            {
                Assert.Equal(1, await refused.WaitForExitAsync(StartTimeout));
                var line = Assert.Single(refused.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.Contains("development API key", line);
                Assert.Contains("revoke-development-keys", line);
                Assert.DoesNotContain("   at ", refused.Output + refused.Errors);
            }

            await using (var revoke = ServiceProcess.Start(production, "revoke-development-keys"))
            {
                Assert.Equal(0, await revoke.WaitForExitAsync(StartTimeout));
                Assert.Contains("Revoked 1 development key(s).", revoke.Output);
            }

            await using var started = ServiceProcess.Start(production);
            Assert.True(await started.WaitUntilReadyAsync(StartTimeout), started.Output + started.Errors);
            using var client = new HttpClient { BaseAddress = started.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentKey);
            await (await client.GetAsync("/v1/articles")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Keys_an_earlier_build_planted_as_development_key_are_marked_by_the_migration()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync();
        try
        {
            var connectionString = server.ConnectionString(database);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var before = Migration.Embedded().TakeWhile(m => string.CompareOrdinal(m.Name, "0004") < 0).ToList();
            await new DatabaseMigrator(dataSource, before).MigrateAsync();
            await using (var plant = dataSource.CreateCommand("""
                insert into api_keys (id, name, prefix, secret_hash, scopes)
                values (gen_random_uuid(), 'development key', 'ozd_developm', sha256('ozd_development-key-for-local-use-only'::bytea), '{preview,write,admin}'),
                       (gen_random_uuid(), 'CMS editor', 'ozd_abcdefgh', sha256('ozd_some-other-secret-value'::bytea), '{write}')
                """))
                await plant.ExecuteNonQueryAsync();

            await new DatabaseMigrator(dataSource, Migration.Embedded()).MigrateAsync();

            Assert.Equal(1, await CountAsync(connectionString, "select count(*) from api_keys where development"));
            Assert.Equal(1, await CountAsync(connectionString, "select count(*) from api_keys where development and name = 'development key'"));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
