using System.Net;
using Npgsql;
using OzdContentApi.Platform.Database.Migrations;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Operations;

/// <summary>The service started as a process, the way README tells a new developer to.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const string DevelopmentKey = "ozd_development-key-for-local-use-only";

    [Fact]
    public async Task Without_a_connection_string_Development_runs_its_own_database_with_the_demo_content_and_stops_it()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ozd-embedded-{Guid.NewGuid():N}");
        try
        {
            await using (var service = ServiceProcess.Start(new Dictionary<string, string?> { ["EmbeddedDatabase__Directory"] = directory }))
            {
                Assert.True(await service.WaitUntilReadyAsync(StartTimeout), service.Output + service.Errors);
                using var client = new HttpClient { BaseAddress = service.BaseAddress };

                var article = await (await client.GetAsync($"/v1/articles/{SampleArticle.Slug}")).ReadJsonAsync();
                Assert.Equal(SampleArticle.Title, article.GetProperty("title").GetString());
                Assert.Contains("Loaded demo content: 7 persons, 3 articles", service.Output);
                Assert.Contains("Development API key (scopes preview, write, admin, syndication): ozd_", service.Output);
                var preview = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{SampleArticle.DraftSlug}");
                preview.Headers.Authorization = new("Bearer", DevelopmentKey);
                await (await client.SendAsync(preview)).ReadJsonAsync();
                Assert.True(File.Exists(Path.Combine(directory, "data", "postmaster.pid")));

                service.Terminate();
                Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                Assert.Contains("stopping PostgreSQL", service.Output);
            }
            Assert.False(File.Exists(Path.Combine(directory, "data", "postmaster.pid")), "PostgreSQL still runs after the service stopped");

            // A second start keeps the data and does not load the demo content twice.
            await using (var again = ServiceProcess.Start(new Dictionary<string, string?> { ["EmbeddedDatabase__Directory"] = directory }))
            {
                Assert.True(await again.WaitUntilReadyAsync(StartTimeout), again.Output + again.Errors);
                using var client = new HttpClient { BaseAddress = again.BaseAddress };
                var page = await (await client.GetAsync("/v1/articles")).ReadJsonAsync();
                Assert.Equal(2, page.GetProperty("items").GetArrayLength());
                Assert.DoesNotContain("Loaded demo content", again.Output);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_PostgreSQL_binaries_the_start_fails_with_one_line_naming_both_ways_out()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["EmbeddedDatabase__BinariesDirectory"] = "/nonexistent/postgresql/bin",
            ["EmbeddedDatabase__Directory"] = Path.Combine(Path.GetTempPath(), $"ozd-embedded-{Guid.NewGuid():N}"),
        });

        Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("apt-get install postgresql", line);
        Assert.Contains("ConnectionStrings__Content", line);
        Assert.Contains("EmbeddedDatabase__BinariesDirectory", line);
        Assert.DoesNotContain("   at ", service.Output + service.Errors);
    }

    [Fact]
    public async Task An_embedded_database_folder_that_cannot_be_made_is_one_line_naming_the_setting()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string?> { ["EmbeddedDatabase__Directory"] = "/proc/ozd-forbidden" });

        Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("OZD Content API cannot start: EmbeddedDatabase__Directory", line);
        Assert.DoesNotContain("   at ", service.Output + service.Errors);
    }

    [Fact]
    public async Task Outside_Development_a_missing_connection_string_is_one_clear_line()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("ConnectionStrings__Content is not set", line);
    }

    [Fact]
    public async Task A_configured_database_that_does_not_answer_is_one_clear_line_naming_the_setting()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Content"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=postgres;Database=nowhere",
        });

        Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("ConnectionStrings__Content", line);
        Assert.DoesNotContain("   at ", service.Output + service.Errors);
    }

    [Theory]
    [InlineData("ConnectionStrings__Content", "Foo=bar")]
    [InlineData("ConnectionStrings__Content", "Host=127.0.0.1;Port=abc")]
    [InlineData("ConnectionStrings__Content", "Host=127.0.0.1;Port=99999;Username=postgres")]
    [InlineData("Protection__Window", "abc")]
    [InlineData("Protection__PerAddressPermits", "abc")]
    [InlineData("Protection__RequestTimeout", "-00:00:01")]
    [InlineData("Webhooks__RetryDelays", "garbage")]
    [InlineData("Webhooks__RetryDelays", "00:00:05,,00:01:00")]
    [InlineData("Webhooks__RetryDelays", "-00:00:05")]
    [InlineData("Webhooks__Timeout", "00:00:00")]
    [InlineData("Webhooks__PollInterval", "-1")]
    [InlineData("Caching__FormatBytes", "-1")]
    [InlineData("Caching__HotArticleBytes", "-1")]
    [InlineData("Caching__DeliverySeconds", "-1")]
    [InlineData("Caching__Directory", "/nonexistent/ozd-cache")]
    [InlineData("Search__Concurrency", "0")]
    [InlineData("Search__Concurrency", "many")]
    [InlineData("Webhooks__Dispatch", "yes")]
    [InlineData("Webhooks__AllowPrivateNetworks", "1")]
    [InlineData("OpenApi__SwaggerUi", "ja")]
    [InlineData("DemoContent__LoadWhenEmpty", "ja")]
    [InlineData("Database__AutoPrepare", "-1")]
    [InlineData("Database__AutoPrepare", "abc")]
    [InlineData("ConnectionStrings__ContentReadOnly", "Hst=x")]
    [InlineData("Cors__DeliveryOrigins", "not a url")]
    [InlineData("Cors__EditorOrigins", "https://editor.ozd.example/path")]
    [InlineData("Site__ArticleUrl", "https://www.ozd.example/a b/{slug}")]
    [InlineData("Site__ArticleUrl", "https://www.ozd.example/<{slug}>")]
    public async Task A_setting_that_cannot_be_read_is_one_clear_line(string setting, string value)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Content"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=postgres;Database=nowhere",
            [setting] = value,
        };
        await using var service = ServiceProcess.Start(environment);

        Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("OZD Content API cannot start:", line);
        Assert.True(line.Contains(setting) || line.Contains(setting.Replace("__", ":")), line);
        Assert.DoesNotContain("   at ", service.Output + service.Errors);
    }

    [Fact]
    public async Task A_database_whose_applied_migration_differs_stops_the_start_with_one_clear_line()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateEmptyDatabaseAsync();
        try
        {
            await using (var dataSource = NpgsqlDataSource.Create(server.ConnectionString(database)))
            {
                await new DatabaseMigrator(dataSource, Migration.Embedded()).MigrateAsync();
                await using var tamper = dataSource.CreateCommand("update schema_migrations set checksum = repeat('0', 64) where name = '0001_content.sql'");
                await tamper.ExecuteNonQueryAsync();
            }

            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
            });

            Assert.Equal(1, await service.WaitForExitAsync(StartTimeout));
            var line = Assert.Single(service.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("Migration 0001_content.sql was changed after it was applied", line);
            Assert.DoesNotContain("   at ", service.Output + service.Errors);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
