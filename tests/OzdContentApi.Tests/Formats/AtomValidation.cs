using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Formats;

/// <summary>
/// An Atom document checked against RFC 4287: its RELAX NG grammar (Appendix B, in tests/standards)
/// with xmllint, plus what the grammar cannot say: the two Schematron rules of the RFC (an entry
/// needs an author unless its feed has one; an entry needs content or an alternate link) and
/// RFC 3339 dates with an offset (the grammar's xsd:dateTime accepts none).
/// </summary>
public static partial class AtomValidation
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static async Task<IReadOnlyList<string>> ProblemsAsync(string document)
    {
        var problems = new List<string>();
        await MachineTools.EnsureAsync("xmllint", "install-xmllint");
        var file = Path.Combine(Path.GetTempPath(), $"atom-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (exit, output) = await RunAsync("xmllint", "--noout", "--relaxng", Repository.File("tests", "standards", "atom", "atom.rng"), file);
            if (exit != 0)
                problems.Add($"RELAX NG: {output}");
        }
        finally
        {
            File.Delete(file);
        }

        var feed = XDocument.Parse(document).Root!;
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = (string?)entry.Element(Atom + "id");
            if (entry.Element(Atom + "author") is null && feed.Element(Atom + "author") is null && entry.Element(Atom + "source")?.Element(Atom + "author") is null)
                problems.Add($"{id}: an atom:entry must have an atom:author unless its feed has one");
            if (entry.Element(Atom + "content") is null
                && !entry.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") is null or "alternate"))
                problems.Add($"{id}: an atom:entry without atom:content must have a link rel=\"alternate\"");
        }
        foreach (var date in feed.DescendantsAndSelf().Where(e => e.Name == Atom + "updated" || e.Name == Atom + "published"))
            if (!Rfc3339().IsMatch(date.Value))
                problems.Add($"{date.Name.LocalName} '{date.Value}' is not an RFC 3339 date-time with offset");
        return problems;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("xmllint is needed to validate Atom: bash .ci/install-xmllint (Debian's libxml2-utils).");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
    }
}
