using OzdContentApi.Articles;
using OzdContentApi.Tests.Imports;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Operations;

/// <summary>
/// The stored bytes' format includes the website address (Site__ArticleUrl). Only a service start
/// sets it; a command run with other settings than the service's (README's command lines give only
/// the connection string) must not make every article be forgotten and rebuilt without it.
/// </summary>
public sealed class StoredFormatTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private const string OtherAddress = "https://www.ozd.example/artikel/{slug}";

    [Fact]
    public async Task A_key_command_with_another_website_address_leaves_the_stored_bytes_alone()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            var before = await StoredAsync(server.ConnectionString(database));
            Assert.True(before.Stored > 0);

            await using (var command = ServiceProcess.Start(Environment(server, database, OtherAddress), "create-key", "--name", "ops", "--scopes", "admin"))
                Assert.Equal(0, await command.WaitForExitAsync(Timeout));

            Assert.Equal(before, await StoredAsync(server.ConnectionString(database)));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task An_import_with_another_website_address_than_the_services_writes_nothing_and_says_why()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("ozd-format-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "miami.txt"), OzdTextParserTests.SampleText);
            var before = await StoredAsync(server.ConnectionString(database));

            await using (var refused = ServiceProcess.Start(Environment(server, database, OtherAddress), "import-ozd-text", folder.FullName))
            {
                Assert.Equal(1, await refused.WaitForExitAsync(Timeout));
                var line = Assert.Single(refused.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.Contains($"Site__ArticleUrl='', this command has '{OtherAddress}'", line);
            }
            Assert.Equal(before, await StoredAsync(server.ConnectionString(database)));
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(server.ConnectionString(database), "select count(*) from imported_texts"));

            await using (var same = ServiceProcess.Start(Environment(server, database, address: null), "import-ozd-text", folder.FullName))
                Assert.Equal(0, await same.WaitForExitAsync(Timeout));
            Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(server.ConnectionString(database), "select count(*) from imported_texts"));
        }
        finally
        {
            folder.Delete(recursive: true);
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_service_started_with_another_website_address_says_so_and_rebuilds()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using (var service = ServiceProcess.Start(Environment(server, database, OtherAddress)))
            {
                Assert.True(await service.WaitUntilReadyAsync(Timeout), service.Output + service.Errors);
                Assert.Contains($"Site__ArticleUrl is '{OtherAddress}', the last start had ''", service.Output);
            }
            var after = await StoredAsync(server.ConnectionString(database));
            Assert.Equal((0L, $"{ArticleRepresentations.FormatVersion} {OtherAddress}"), (after.Stored, after.Fingerprint));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static Dictionary<string, string?> Environment(TestPostgres server, string database, string? address) => new()
    {
        ["ConnectionStrings__Content"] = server.ConnectionString(database),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Site__ArticleUrl"] = address,
    };

    private static async Task<(long Stored, string Fingerprint)> StoredAsync(string connectionString) =>
        (await TestPostgres.ScalarAsync<long>(connectionString, "select count(*) from articles where representation is not null"),
         await TestPostgres.ScalarAsync<string>(connectionString, "select fingerprint from article_representation_format"));
}
