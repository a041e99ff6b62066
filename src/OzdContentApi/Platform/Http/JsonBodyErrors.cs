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
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
            return (path, "Wrong type for this property; see the request schema.");
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

    [GeneratedRegex(@"OzdContentApi\.|System\.")]
    private static partial Regex OurTypeNames();
}
