using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Imports;

/// <summary>import-ozd-text over a folder: drafts, a progress line, failures named, re-runs that skip what is done.</summary>
public sealed class ImportCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_archive_is_imported_once_a_bad_file_is_named_and_a_rerun_skips_what_is_there()
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("ozd-archive-");
        try
        {
            var sample = OzdTextParserTests.SampleText;
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "miami.txt"), sample);
            Directory.CreateDirectory(Path.Combine(folder.FullName, "2025"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "2025", "kurz.txt"), "Ein kurzer Bericht.\nOZD\nMini-Infobox\nEin Fakt");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "2025", "kopie.txt"), sample); // the same text again
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "kaputt.txt"), [0x45, 0x69, 0x6E, 0x00, 0xFF]);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "notiz.md"), "kein Artikel");
            var environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };

            await using (var first = ServiceProcess.Start(environment, "import-ozd-text", folder.FullName))
            {
                Assert.Equal(1, await first.WaitForExitAsync(Timeout));
                Assert.Contains("4/4 files", first.Output);
                Assert.Contains("2 imported, 1 skipped (imported before), 1 failed", first.Output);
                Assert.Contains("FAILED", first.Errors);
                Assert.Contains("kaputt.txt", first.Errors);
            }
            Assert.Equal(2L, await CountAsync(server.ConnectionString(database), "select count(*) from imported_texts"));
            Assert.Equal(1L, await CountAsync(server.ConnectionString(database),
                "select count(*) from articles a join imported_texts i on i.article_id = a.id where a.status = 'draft' and a.title = 'Ein kurzer Bericht'"));

            File.Delete(Path.Combine(folder.FullName, "kaputt.txt"));
            await using (var again = ServiceProcess.Start(environment, "import-ozd-text", folder.FullName, "--warnings"))
            {
                Assert.Equal(0, await again.WaitForExitAsync(Timeout));
                Assert.Contains("0 imported, 3 skipped (imported before), 0 failed", again.Output);
            }
            Assert.Equal(2L, await CountAsync(server.ConnectionString(database), "select count(*) from imported_texts"));

            await using var nothing = ServiceProcess.Start(environment, "import-ozd-text", Path.Combine(folder.FullName, "gibt-es-nicht"));
            Assert.Equal(2, await nothing.WaitForExitAsync(Timeout));
            Assert.Contains("no such file or folder", nothing.Errors);
        }
        finally
        {
            folder.Delete(recursive: true);
            await server.DropDatabaseAsync(database);
        }
    }

    private static Task<long> CountAsync(string connectionString, string sql) => TestPostgres.ScalarAsync<long>(connectionString, sql);
}
