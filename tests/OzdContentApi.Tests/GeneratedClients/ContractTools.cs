using System.Diagnostics;
using System.Security.Cryptography;

namespace OzdContentApi.Tests.GeneratedClients;

/// <summary>
/// The pinned npm tools in tests/contract-tools (Spectral, Redocly, openapi-typescript,
/// TypeScript, Prism), installed from their lockfile on first use and run against openapi/v1.json.
/// </summary>
public static class ContractTools
{
    public static readonly string Folder = Infrastructure.Repository.File("tests", "contract-tools");
    public static readonly string Document = Infrastructure.Repository.File("openapi", "v1.json");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var marker = Path.Combine(Folder, "node_modules", ".ozd-lock-hash");
            var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
            if (File.Exists(marker) && await File.ReadAllTextAsync(marker) == lockHash)
                return;
            await Infrastructure.MachineTools.EnsureAsync("npm", "install-node");
            var install = await RunAsync("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            Assert.True(install.ExitCode == 0, $"npm ci failed:\n{install.Output}");
            await File.WriteAllTextAsync(marker, lockHash);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static readonly Lock TypeScriptLock = new();
    private static Task<(int ExitCode, string Output)>? _typeScript;

    /// <summary>
    /// openapi-typescript's types for the committed document (generated/schema.d.ts), made once
    /// per test run whichever test asks first, and the runnable round trip compiled against them.
    /// </summary>
    public static Task<(int ExitCode, string Output)> GenerateTypeScriptAsync()
    {
        lock (TypeScriptLock)
            return _typeScript ??= GenerateAsync();

        static async Task<(int, string)> GenerateAsync()
        {
            await EnsureInstalledAsync();
            Directory.CreateDirectory(Path.Combine(Folder, "generated"));
            var generated = await RunToolAsync("openapi-typescript", Document, "-o", "generated/schema.d.ts");
            if (generated.ExitCode != 0)
                return generated;
            return await RunToolAsync("tsc", "-p", "tsconfig.run.json");
        }
    }

    public static Task<(int ExitCode, string Output)> RunToolAsync(string tool, params string[] arguments) =>
        RunAsync(Path.Combine(Folder, "node_modules", ".bin", tool), arguments);

    /// <summary>Runs a compiled script of tests/contract-tools with Node.js.</summary>
    public static Task<(int ExitCode, string Output)> RunNodeAsync(string script, params string[] arguments) =>
        RunAsync("node", [Path.Combine(Folder, script), .. arguments]);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
