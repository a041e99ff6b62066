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
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
            return (path, "Wrong type for this property; see the request schema.");
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return (path, "Nested too deeply.");

        // The reader's own syntax messages say what is wrong and where; keep that part.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return (path, OurTypeNames().IsMatch(text) ? "Malformed JSON." : $"Malformed JSON: {text}");
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
