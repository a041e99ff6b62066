using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OzdContentApi.Platform.Database.Migrations;

/// <summary>One forward-only SQL file from <c>db/migrations</c>, named <c>NNNN_name.sql</c>.</summary>
public sealed partial record Migration(string Name, string Sql)
{
    /// <summary>SHA-256 of the text with line endings normalised, so a checkout with CRLF still matches.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>The migrations compiled into this build, in the order they apply.</summary>
    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(Migration).Assembly;
        const string prefix = "migrations/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..];
            if (!FileName().IsMatch(name))
                throw new StartupException($"Migration file '{name}' must be named NNNN_name.sql.");
            migrations.Add(new Migration(name, ReadResource(assembly, resource)));
        }
        return migrations.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex FileName();
}
