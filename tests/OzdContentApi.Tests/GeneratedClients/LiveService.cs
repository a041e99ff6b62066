using System.Diagnostics;
using System.Text;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.GeneratedClients;

/// <summary>
/// The service as it ships (Production, a real socket, its own database) with Stoplight Prism in
/// front of it as a validating proxy: every request and every answer passing through Prism is
/// checked against the committed openapi/v1.json, and a violation is reported in the answer.
/// </summary>
public sealed class LiveService : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _prismOutput = new();
    private TestPostgres? _server;
    private string _database = "";
    private ServiceProcess? _service;
    private Process? _prism;

    /// <summary>Prism's address; requests sent here reach the service after Prism checked them.</summary>
    public Uri Proxy { get; private set; } = null!;

    /// <summary>A key with every scope (admin, write, preview).</summary>
    public string Key { get; private set; } = "";

    public string PrismOutput { get { lock (_prismOutput) return _prismOutput.ToString(); } }

    public async Task InitializeAsync()
    {
        _server = await TestPostgres.GetAsync();
        _database = await _server.CreateDatabaseAsync();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Content"] = _server.ConnectionString(_database),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // As a newsroom runs it: with the website's address (canonicalUrl, the news sitemap).
            ["Site__ArticleUrl"] = "https://www.ozd.example/artikel/{slug}",
        };
        await using (var command = ServiceProcess.Start(environment, "create-key", "--name", "prism", "--scopes", "admin,write,preview"))
        {
            Assert.Equal(0, await command.WaitForExitAsync(StartTimeout));
            Key = command.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("ozd_", StringComparison.Ordinal));
        }
        _service = ServiceProcess.Start(environment);
        Assert.True(await _service.WaitUntilReadyAsync(StartTimeout), _service.Output + _service.Errors);

        await ContractTools.EnsureInstalledAsync();
        var port = ServiceProcess.FreePort();
        Proxy = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Path.Combine(ContractTools.Folder, "node_modules", ".bin", "prism"))
        {
            WorkingDirectory = ContractTools.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "proxy", ContractTools.Document, _service.BaseAddress.ToString().TrimEnd('/'), "-h", "127.0.0.1", "-p", port.ToString(), "--errors" })
            start.ArgumentList.Add(argument);
        _prism = Process.Start(start)!;
        _prism.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_prismOutput) _prismOutput.AppendLine(e.Data); };
        _prism.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_prismOutput) _prismOutput.AppendLine(e.Data); };
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_prism.HasExited)
        {
            try
            {
                if ((await client.GetAsync(new Uri(Proxy, "/health/live"))).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        Assert.Fail("Prism did not start:\n" + PrismOutput);
    }

    public async Task DisposeAsync()
    {
        if (_prism is { HasExited: false })
            _prism.Kill(entireProcessTree: true);
        _prism?.Dispose();
        if (_service is not null)
            await _service.DisposeAsync();
        if (_server is not null && _database.Length > 0)
            await _server.DropDatabaseAsync(_database);
    }
}
