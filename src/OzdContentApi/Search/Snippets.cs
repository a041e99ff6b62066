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

    /// <summary>The lexemes as words are compared with them, made once per search (see <see cref="Marking"/>).</summary>
    public sealed class Marks
    {
        internal Marks(string[] folded) => Folded = folded;

        internal string[] Folded { get; }
    }

    // The german stemmer writes ä, ö, ü as a, o, u and ß as ss ("Präsident" is 'prasident'), so a
    // word is compared lower-cased and folded the same way; one-letter lexemes mark nothing.
    public static Marks Marking(IReadOnlyList<string> lexemes) => new(lexemes.Select(l =>
    {
        var folded = new char[2 * l.Length];
        return new string(folded, 0, Fold(l, folded));
    }).Where(l => l.Length > 1).ToArray());

    public static string Cut(IReadOnlyList<string> texts, IReadOnlyList<string> lexemes) => Cut(texts, Marking(lexemes));

    public static string Cut(IReadOnlyList<string> texts, Marks marks)
    {
        var (chosen, first) = FirstMatch(texts, marks);
        chosen ??= texts.FirstOrDefault(t => t.Length > 0) ?? "";
        var words = Words(chosen);
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
            var marked = first >= 0 && i >= first && (i == first || Matches(chosen, word, marks));
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
    private static (string? Text, int Word) FirstMatch(IReadOnlyList<string> texts, Marks marks)
    {
        for (var t = 0; t < texts.Count; t++)
        {
            var text = texts[t];
            var index = 0;
            for (var at = 0; NextWord(text, ref at) is { } word; index++)
            {
                if (Matches(text, word, marks))
                    return (text, index);
            }
        }
        return (null, -1);
    }

    private readonly record struct Word(int Start, int End);

    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
        for (var at = 0; NextWord(text, ref at) is { } word;)
            words.Add(word);
        return words;
    }

    /// <summary>
    /// The next run of letters and digits from <paramref name="at"/>, hyphens inside it included
    /// (Kreml-Sprecher is one word), or null at the end; <paramref name="at"/> moves past it.
    /// </summary>
    private static Word? NextWord(string text, ref int at)
    {
        var i = at;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            i++;
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i])
                                   || (text[i] == '-' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > start)))
            i++;
        at = i;
        return i > start ? new Word(start, i) : null;
    }

    private static bool Matches(string text, Word word, Marks marks)
    {
        var source = text.AsSpan(word.Start, word.End - word.Start);
        Span<char> folded = source.Length <= 64 ? stackalloc char[2 * source.Length] : new char[2 * source.Length];
        folded = folded[..Fold(source, folded)];
        foreach (var lexeme in marks.Folded)
        {
            if (folded.StartsWith(lexeme, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

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
