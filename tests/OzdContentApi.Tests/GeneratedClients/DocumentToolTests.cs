namespace OzdContentApi.Tests.GeneratedClients;

/// <summary>Tools nobody here wrote, run on the committed document.</summary>
public sealed class DocumentToolTests
{
    [Fact]
    public async Task Spectral_finds_no_errors_or_warnings()
    {
        await ContractTools.EnsureInstalledAsync();

        var (exitCode, output) = await ContractTools.RunToolAsync("spectral", "lint", ContractTools.Document,
            "--ruleset", ".spectral.yaml", "--fail-severity", "warn");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Redocly_recommended_finds_no_errors()
    {
        await ContractTools.EnsureInstalledAsync();

        // Warnings are printed, not fatal; the one that remains is explained in redocly.yaml and README.
        var (exitCode, output) = await ContractTools.RunToolAsync("redocly", "lint", ContractTools.Document, "--config", "redocly.yaml");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("error", output.Split('\n').Where(l => l.Contains(" error ")).FirstOrDefault() ?? "");
        // Every example must be an instance of its schema (a new field forgotten in an example shows here).
        Assert.DoesNotContain("no-invalid-schema-examples", output);
    }

    [Fact]
    public async Task A_TypeScript_client_generated_from_the_document_type_checks_strictly_and_narrows_sections()
    {
        var generated = await ContractTools.GenerateTypeScriptAsync();
        Assert.True(generated.ExitCode == 0, generated.Output);
        // narrow.ts switches over the five section types exhaustively and expects errors where a
        // shape lacks a field (@ts-expect-error): a union that does not narrow fails here.
        var compiled = await ContractTools.RunToolAsync("tsc", "-p", "tsconfig.json");
        Assert.True(compiled.ExitCode == 0, compiled.Output);
    }
}
