using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Operations;

/// <summary>A command line the program cannot read is exit code 2 with a usage line: never a started service, never a run with arguments ignored.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_misspelt_command_is_not_taken_for_a_start_of_the_service()
    {
        await using var process = ServiceProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            "rebuild-representation");

        Assert.Equal(2, await process.WaitForExitAsync(Timeout));
        Assert.Contains("'rebuild-representation' is not a command", process.Errors);
        Assert.Contains("rebuild-representations", process.Errors);
        Assert.DoesNotContain("Now listening", process.Output);
    }

    [Theory]
    [InlineData("rebuild-representations", "--bogus")]
    [InlineData("import-ozd-text", "--writers", "0", "{folder}")]
    [InlineData("import-ozd-text", "--writers", "abc", "{folder}")]
    [InlineData("import-ozd-text", "--writers")]
    [InlineData("import-ozd-text", "--bogus", "{folder}")]
    public async Task A_command_with_arguments_it_does_not_know_stops_with_its_usage(params string[] arguments)
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("ozd-args-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "kurz.txt"), "Ein kurzer Bericht.\nOZD\nMini-Infobox\nEin Fakt");
            var environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            await using var process = ServiceProcess.Start(environment, arguments.Select(a => a.Replace("{folder}", folder.FullName)).ToArray());

            Assert.Equal(2, await process.WaitForExitAsync(Timeout));
            Assert.Contains($"usage: {arguments[0]}", process.Errors);
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(server.ConnectionString(database), "select count(*) from imported_texts"));
        }
        finally
        {
            folder.Delete(recursive: true);
            await server.DropDatabaseAsync(database);
        }
    }
}
