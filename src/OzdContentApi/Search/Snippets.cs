using System.Text;
using System.Text.Json;

namespace OzdContentApi.Search;

/// <summary>
/// The excerpt a search hit shows: up to <see cref="MaxWords"/> words of the first text that
/// matches, starting a few words before the first match, escaped for HTML, with every word that
/// a query lexeme begins (PostgreSQL's German stems are word beginnings, umlauts folded:
/// "gesprach" marks "Gespräche", "ukrain" marks "Ukraine") wrapped in &lt;mark&gt;…&lt;/mark&gt;.
/// </summary>
public static class Snippets
{
    public const int MaxWords = 35;
    private const int Lead = 5;

    /// <summary>
    /// The human text of a stored section body (its JSON as UTF-8), in order: every string but
    /// ids (as section_search_text reads it). Read straight from the bytes, with no document built.
    /// </summary>
    public static IReadOnlyList<string> TextOf(ReadOnlySpan<byte> bodyJson)
    {
        var texts = new List<string>();
        var reader = new Utf8JsonReader(bodyJson);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("personId"u8))
                reader.Skip();
            else if (reader.TokenType == JsonTokenType.String)
                texts.Add(reader.GetString()!);
        }
        return texts;
    }

    public static string Cut(IReadOnlyList<string> texts, IReadOnlyList<string> lexemes)
    {
        lexemes = Folded(lexemes);
        var (chosen, first) = FirstMatch(texts, lexemes);
        chosen ??= texts.FirstOrDefault(t => t.Length > 0) ?? "";
        var words = Words(chosen).ToList();
        var snippet = new StringBuilder(Math.Min(chosen.Length, 400) + 64);
        if (words.Count == 0)
        {
            AppendEscaped(snippet, chosen);
            return snippet.ToString();
        }
        var from = Math.Max(0, first - Lead);
        var to = Math.Min(words.Count, from + MaxWords);
        from = Math.Max(0, Math.Min(from, to - MaxWords));

        if (from > 0)
            snippet.Append("… ");
        var end = to < words.Count ? words[to - 1].End : chosen.Length;
        var at = words[from].Start;
        for (var i = from; i < to; i++)
        {
            var word = words[i];
            AppendEscaped(snippet, chosen.AsSpan(at, word.Start - at));
            var marked = first >= 0 && i >= first && (i == first || Matches(chosen, word, lexemes));
            if (marked)
                snippet.Append("<mark>");
            AppendEscaped(snippet, chosen.AsSpan(word.Start, word.End - word.Start));
            if (marked)
                snippet.Append("</mark>");
            at = word.End;
        }
        AppendEscaped(snippet, chosen.AsSpan(at, end - at));
        if (to < words.Count)
            snippet.Append(" …");
        return snippet.ToString();
    }

    /// <summary>The first text with a word a lexeme begins, and that word's index; (null, -1) when none has one.</summary>
    private static (string? Text, int Word) FirstMatch(IReadOnlyList<string> texts, IReadOnlyList<string> lexemes)
    {
        foreach (var text in texts)
        {
            var index = 0;
            foreach (var word in Words(text))
            {
                if (Matches(text, word, lexemes))
                    return (text, index);
                index++;
            }
        }
        return (null, -1);
    }

    private readonly record struct Word(int Start, int End);

    /// <summary>Runs of letters and digits, hyphens inside them included (Kreml-Sprecher is one word).</summary>
    private static IEnumerable<Word> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
                i++;
            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i])
                                       || (text[i] == '-' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > start)))
                i++;
            if (i > start)
                yield return new Word(start, i);
        }
    }

    // The german stemmer writes ä, ö, ü as a, o, u and ß as ss ("Präsident" is 'prasident'), so a
    // word is compared lower-cased and folded the same way, without a string per word.
    private static bool Matches(string text, Word word, IReadOnlyList<string> lexemes)
    {
        var source = text.AsSpan(word.Start, word.End - word.Start);
        Span<char> folded = source.Length <= 64 ? stackalloc char[2 * source.Length] : new char[2 * source.Length];
        folded = folded[..Fold(source, folded)];
        foreach (var lexeme in lexemes)
        {
            if (lexeme.Length > 1 && folded.StartsWith(lexeme, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The lexemes as <see cref="Matches"/> compares them.</summary>
    private static string[] Folded(IReadOnlyList<string> lexemes) => lexemes.Select(l =>
    {
        var folded = new char[2 * l.Length];
        return new string(folded, 0, Fold(l, folded));
    }).ToArray();

    private static int Fold(ReadOnlySpan<char> source, Span<char> into)
    {
        var n = 0;
        foreach (var c in source)
        {
            switch (char.ToLowerInvariant(c))
            {
                case 'ä': into[n++] = 'a'; break;
                case 'ö': into[n++] = 'o'; break;
                case 'ü': into[n++] = 'u'; break;
                case 'ß': into[n++] = 's'; into[n++] = 's'; break;
                case var lower: into[n++] = lower; break;
            }
        }
        return n;
    }

    private static void AppendEscaped(StringBuilder to, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': to.Append("&amp;"); break;
                case '<': to.Append("&lt;"); break;
                case '>': to.Append("&gt;"); break;
                case '"': to.Append("&quot;"); break;
                case '\'': to.Append("&#39;"); break;
                default: to.Append(c); break;
            }
        }
    }
}
