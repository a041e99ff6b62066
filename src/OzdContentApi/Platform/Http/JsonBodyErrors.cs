using System.Text.Json;
using System.Text.RegularExpressions;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Turns a body the JSON reader refused into an error at its JSON path, in words a client can
/// act on and without our type names.
/// </summary>
public static partial class JsonBodyErrors
{
    public static (string Path, string Message) Describe(JsonException exception)
    {
        var path = ToClientPath(exception.Path);
        var message = exception.Message;
        if (message.Contains("type discriminator", StringComparison.Ordinal))
            return (path.EndsWith(".type", StringComparison.Ordinal) || path == "type" ? path : Join(path, "type"),
                "Unknown type; the request schema lists the accepted values of type.");
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return (path, "Unknown property; see the request schema for the accepted ones.");
        // "\ud800" or bytes that are not UTF-8 inside a string: the reader calls that a wrong type.
        if (exception.InnerException is InvalidOperationException { Message: var inner }
            && (inner.Contains("surrogate", StringComparison.OrdinalIgnoreCase) || inner.Contains("UTF-8", StringComparison.Ordinal)))
            return (path, "Not storable text: unpaired surrogates and bytes that are not UTF-8 are refused.");
        if (message.Contains("Duplicate property", StringComparison.Ordinal))
            return (path, "Given twice: each property appears once in a body.");
        if (ConvertedTo().Match(message) is { Success: true } converted)
            return (path, converted.Groups[1].Value switch
            {
                var type when type.Contains("System.DateTime", StringComparison.Ordinal) =>
                    "Not a date and time: RFC 3339 with its offset, e.g. 2026-12-03T08:00:00Z.",
                var type when IsOurEnum(type) => "Not one of the accepted values; the request schema lists them.",
                _ => "Wrong type for this property; see the request schema.",
            });
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return (path, "Nested too deeply.");

        // The reader's own syntax messages say what is wrong; keep that part, without its advice
        // to .NET developers, and say where (its line and byte counts start at 0).
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = (cut > 0 ? message[..cut] : message).Replace(" Change the reader options.", "", StringComparison.Ordinal);
        var where = exception.LineNumber is { } line && exception.BytePositionInLine is { } column
            ? $" at line {line + 1}, byte {column + 1}"
            : "";
        return (path, OurTypeNames().IsMatch(text) ? $"Malformed JSON{where}." : $"Malformed JSON{where}: {text}");
    }

    private static string ToClientPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
            return "body";
        var path = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return path.Length == 0 ? "body" : path;
    }

    private static string Join(string path, string property) => path == "body" ? property : $"{path}.{property}";

    // A nullable target is named "System.Nullable`1[OzdContentApi.….CorrectionKind]".
    private static bool IsOurEnum(string typeName) =>
        OurTypeName().Match(typeName) is { Success: true } ours && typeof(JsonBodyErrors).Assembly.GetType(ours.Value) is { IsEnum: true };

    [GeneratedRegex(@"OzdContentApi\.|System\.")]
    private static partial Regex OurTypeNames();

    [GeneratedRegex(@"could not be converted to (\S+?)\.? Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"OzdContentApi(\.\w+)+")]
    private static partial Regex OurTypeName();
}
