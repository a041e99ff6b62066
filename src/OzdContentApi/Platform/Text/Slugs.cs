using System.Text;

namespace OzdContentApi.Platform.Text;

/// <summary>
/// URL names from titles and names: lowercase ASCII words joined by hyphens, with German
/// letters transliterated (ä→ae, ö→oe, ü→ue, ß→ss) and other accents dropped (é→e, ł→l), the same
/// in composed and decomposed text and whatever globalization mode the process runs in.
/// </summary>
public static class Slugs
{
    public const int MaxLength = 200;

    public static string From(string text, string fallback)
    {
        var builder = new StringBuilder(text.Length + 8);
        var pendingHyphen = false;
        var previous = '\0';
        foreach (var c in text)
        {
            var ascii = Ascii(c, previous);
            previous = c;
            if (ascii is null)
                continue; // a combining mark that adds nothing: the letter before it stands
            if (ascii.Length == 0)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }
            if (pendingHyphen)
                builder.Append('-');
            pendingHyphen = false;
            builder.Append(ascii);
        }

        var slug = builder.ToString();
        if (slug.Length > MaxLength - 10)
        {
            // Leave room for a "-NN" suffix and cut at a word boundary.
            slug = slug[..(MaxLength - 10)];
            var lastHyphen = slug.LastIndexOf('-');
            if (lastHyphen > 0)
                slug = slug[..lastHyphen];
        }
        // A title that is a UUID would give a slug read as an id.
        return slug.Length == 0 ? fallback : LooksLikeId(slug) ? $"{fallback}-{slug}" : slug;
    }

    /// <summary>A slug in the form of a UUID would be read as an id: not a slug (the database's is_slug agrees).</summary>
    public static bool LooksLikeId(string slug) => Http.Parameters.Uuid.TryParseExact(slug, out _);

    /// <summary>The n-th alternative when a generated slug is taken: base-2, base-3, ….</summary>
    public static string WithSuffix(string slug, int n) => n <= 1 ? slug : $"{slug}-{n}";

    /// <returns>ASCII to append; empty for a separator; null for a mark that only modifies the letter before.</returns>
    private static string? Ascii(char c, char previous) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
        >= 'A' and <= 'Z' => ((char)(c + 32)).ToString(),
        // Decomposed German umlauts: "u" + U+0308 is "ü", spelled "ue".
        Transliteration.CombiningDiaeresis when previous is 'a' or 'o' or 'u' or 'A' or 'O' or 'U' => "e",
        _ when Transliteration.IsCombiningMark(c) || Transliteration.IsInvisible(c) => null,
        _ => Transliteration.Of(c) ?? "",
    };
}
