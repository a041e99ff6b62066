using System.Collections.Concurrent;
using System.Diagnostics;

namespace OzdContentApi.Tests.Infrastructure;

/// <summary>
/// Programs the tests run that a fresh machine may lack (xmllint, Node.js): when one is missing,
/// the project's own install script in .ci/ runs once per test run, so README's test command
/// works on a fresh machine as .ci/run does.
/// </summary>
public static class MachineTools
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Installs = new();

    /// <param name="program">What must be on the PATH.</param>
    /// <param name="installScript">The script under .ci/ that installs it (Debian's packages; needs root).</param>
    public static Task EnsureAsync(string program, string installScript) =>
        OnPath(program) ? Task.CompletedTask : Installs.GetOrAdd(installScript, script => new Lazy<Task>(() => InstallAsync(program, script))).Value;

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

    private static async Task InstallAsync(string program, string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Repository.File(".ci", script));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !OnPath(program))
            throw new InvalidOperationException(
                $"{program} is needed and .ci/{script} could not install it (exit {process.ExitCode}):\n{await output}{await errors}");
    }
}
