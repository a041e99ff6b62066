using System.Text.RegularExpressions;

namespace OzdContentApi.Search;

/// <summary>
/// What the user typed, read the way a web search reads it — words (all must match), "a phrase",
/// -excluded, or — and written back in a canonical form for PostgreSQL's websearch_to_tsquery:
/// operator characters dropped, runs of "-" folded, "or" only between two terms, at most
/// <see cref="MaxWords"/> words. So no input can build a query the database refuses (a long run
/// of "-" overflows its query stack) or one that takes long to run (hundreds of terms). Also
/// the same query with ae/oe/ue read as ä/ö/ü, so that "Gespraeche" finds "Gespräche".
/// </summary>
public static partial class SearchQuery
{
    public const int MaxLength = 200;
    public const int MaxWords = 16;

    private sealed record Term(IReadOnlyList<string> Words, bool Excluded, bool Phrase);

    /// <returns>The canonical query, or why there is nothing to search for.</returns>
    public static (string? Query, string? Error) Normalise(string raw)
    {
        var terms = new List<Term?>(); // null stands for "or"
        var i = 0;
        while (i < raw.Length)
        {
            if (!IsWordChar(raw[i]) && raw[i] is not '"' and not '-')
            {
                i++;
                continue;
            }
            var excluded = false;
            if (raw[i] == '-')
            {
                while (i < raw.Length && raw[i] == '-')
                    i++;
                // A "-" with nothing attached excludes nothing.
                if (i >= raw.Length || (!IsWordChar(raw[i]) && raw[i] != '"'))
                    continue;
                excluded = true;
            }
            if (raw[i] == '"')
            {
                var end = raw.IndexOf('"', i + 1);
                var inside = end < 0 ? raw[(i + 1)..] : raw[(i + 1)..end];
                i = end < 0 ? raw.Length : end + 1;
                var words = Words(inside);
                if (words.Count > 0)
                    terms.Add(new Term(words, excluded, Phrase: words.Count > 1));
                continue;
            }
            var start = i;
            while (i < raw.Length && (IsWordChar(raw[i]) || raw[i] == '-'))
                i++;
            var word = raw[start..i].Trim('-');
            if (word.Length == 0)
                continue;
            if (!excluded && word.Equals("or", StringComparison.OrdinalIgnoreCase))
                terms.Add(null);
            else
                terms.Add(new Term([word], excluded, Phrase: false));
        }

        var canonical = new List<string>();
        var wordCount = 0;
        var positive = 0;
        for (var t = 0; t < terms.Count; t++)
        {
            if (terms[t] is not { } term)
            {
                // "or" joins two terms that both search for something.
                if (canonical.Count > 0 && canonical[^1] != "or" && t + 1 < terms.Count && terms[t + 1] is { Excluded: false }
                    && terms[t - 1] is { Excluded: false })
                    canonical.Add("or");
                continue;
            }
            wordCount += term.Words.Count;
            if (!term.Excluded)
                positive++;
            var text = term.Phrase || term.Words.Count > 1 ? $"\"{string.Join(' ', term.Words)}\"" : term.Words[0];
            canonical.Add(term.Excluded ? "-" + text : text);
        }

        if (wordCount > MaxWords)
            return (null, $"At most {MaxWords} words; this query has {wordCount}.");
        if (positive == 0)
            return (null, "Name at least one word to search for; -word only excludes.");
        return (string.Join(' ', canonical), null);
    }

    // Letters and digits make words; everything else (operators, punctuation) separates them.
    // A combining mark belongs to its letter: "o" + U+0308 is an "ö" typed decomposed.
    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark;

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (IsWordChar(text[i]) || (text[i] == '-' && start >= 0));
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                var word = text[start..i].Trim('-');
                if (word.Length > 0)
                    words.Add(word);
                start = -1;
            }
        }
        return words;
    }

    public static string WithUmlauts(string query) => Umlauts().Replace(query, m => m.Value switch
    {
        "ae" => "ä", "oe" => "ö", "ue" => "ü",
        "Ae" or "AE" => "Ä", "Oe" or "OE" => "Ö", "Ue" or "UE" => "Ü",
        var other => other,
    });

    [GeneratedRegex("ae|oe|ue|Ae|Oe|Ue|AE|OE|UE")]
    private static partial Regex Umlauts();
}
