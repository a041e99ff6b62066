using System.Buffers;
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
        var body = new BodyTexts(bodyJson);
        try
        {
            for (var text = body.Next(); !body.Done; text = body.Next())
                texts.Add(new string(text));
        }
        finally
        {
            body.Dispose();
        }
        return texts;
    }

    /// <summary>
    /// <see cref="Cut(IReadOnlyList{string}, Marks)"/> of a stored section body's text, reading
    /// its strings one at a time and stopping at the first match: a search hit's section is a
    /// report of a few thousand characters, and making a string of every paragraph to cut one
    /// was the largest part of what a broad search allocated.
    /// </summary>
    public static string Cut(ReadOnlySpan<byte> bodyJson, Marks marks)
    {
        var body = new BodyTexts(bodyJson);
        char[]? firstWithText = null;
        var firstLength = 0;
        try
        {
            for (var text = body.Next(); !body.Done; text = body.Next())
            {
                if (FirstMatch(text, marks) is var first and >= 0)
                    return Cut(text, first, marks);
                if (firstWithText is null && text.Length > 0)
                {
                    firstWithText = ArrayPool<char>.Shared.Rent(text.Length);
                    text.CopyTo(firstWithText);
                    firstLength = text.Length;
                }
            }
            return Cut(firstWithText.AsSpan(0, firstLength), -1, marks);
        }
        finally
        {
            body.Dispose();
            if (firstWithText is not null)
                ArrayPool<char>.Shared.Return(firstWithText);
        }
    }

    /// <summary>The strings of a section body in order, each in a pooled buffer valid until the next one.</summary>
    private ref struct BodyTexts(ReadOnlySpan<byte> bodyJson)
    {
        private Utf8JsonReader _reader = new(bodyJson);
        private char[]? _buffer;

        public bool Done { get; private set; }

        public ReadOnlySpan<char> Next()
        {
            while (_reader.Read())
            {
                if (_reader.TokenType == JsonTokenType.PropertyName && _reader.ValueTextEquals("personId"u8))
                    _reader.Skip();
                else if (_reader.TokenType == JsonTokenType.String)
                {
                    // Never more UTF-16 characters than the string has UTF-8 bytes, escaped or not.
                    var most = _reader.ValueSpan.Length;
                    if (_buffer is null || _buffer.Length < most)
                    {
                        if (_buffer is not null)
                            ArrayPool<char>.Shared.Return(_buffer);
                        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(most, 256));
                    }
                    return _buffer.AsSpan(0, _reader.CopyString(_buffer));
                }
            }
            Done = true;
            return default;
        }

        public void Dispose()
        {
            if (_buffer is not null)
                ArrayPool<char>.Shared.Return(_buffer);
            _buffer = null;
        }
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
        foreach (var text in texts)
        {
            if (FirstMatch(text, marks) is var first and >= 0)
                return Cut(text, first, marks);
        }
        return Cut(texts.FirstOrDefault(t => t.Length > 0), -1, marks);
    }

    /// <summary>The snippet of <paramref name="chosen"/> around its word number <paramref name="first"/> (-1: none matches).</summary>
    private static string Cut(ReadOnlySpan<char> chosen, int first, Marks marks)
    {
        var count = 0;
        for (var at = 0; NextWord(chosen, ref at) is not null;)
            count++;
        var snippet = TakeBuilder();
        if (count == 0)
        {
            AppendEscaped(snippet, chosen);
            return Release(snippet);
        }
        var from = Math.Max(0, first - Lead);
        var to = Math.Min(count, from + MaxWords);
        from = Math.Max(0, Math.Min(from, to - MaxWords));

        if (from > 0)
            snippet.Append("… ");
        var index = 0;
        var written = -1; // where the text not yet appended starts, once the first word is reached
        for (var at = 0; index < to && NextWord(chosen, ref at) is { } word; index++)
        {
            if (index < from)
                continue;
            if (written >= 0)
                AppendEscaped(snippet, chosen[written..word.Start]);
            var marked = first >= 0 && index >= first && (index == first || Matches(chosen, word, marks));
            if (marked)
                snippet.Append("<mark>");
            AppendEscaped(snippet, chosen[word.Start..word.End]);
            if (marked)
                snippet.Append("</mark>");
            written = word.End;
        }
        if (to < count)
            snippet.Append(" …");
        else
            AppendEscaped(snippet, chosen[written..]);
        return Release(snippet);
    }

    /// <summary>The index of the first word of <paramref name="text"/> that a lexeme begins, or -1.</summary>
    private static int FirstMatch(ReadOnlySpan<char> text, Marks marks)
    {
        var index = 0;
        for (var at = 0; NextWord(text, ref at) is { } word; index++)
        {
            if (Matches(text, word, marks))
                return index;
        }
        return -1;
    }

    private readonly record struct Word(int Start, int End);

    /// <summary>
    /// The next run of letters and digits from <paramref name="at"/>, hyphens inside it included
    /// (Kreml-Sprecher is one word), or null at the end; <paramref name="at"/> moves past it.
    /// </summary>
    private static Word? NextWord(ReadOnlySpan<char> text, ref int at)
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

    private static bool Matches(ReadOnlySpan<char> text, Word word, Marks marks)
    {
        var source = text[word.Start..word.End];
        Span<char> folded = source.Length <= 64 ? stackalloc char[2 * source.Length] : new char[2 * source.Length];
        folded = folded[..Fold(source, folded)];
        foreach (var lexeme in marks.Folded)
        {
            if (folded.StartsWith(lexeme, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    // One builder per thread, reused: a snippet is made without awaiting anything, and a new
    // builder for each of a search's twenty hits was 8 % of what a broad search allocated.
    [ThreadStatic] private static StringBuilder? _builder;

    private static StringBuilder TakeBuilder()
    {
        var builder = _builder ?? new StringBuilder(512);
        _builder = null;
        return builder.Clear();
    }

    private static string Release(StringBuilder builder)
    {
        var snippet = builder.ToString();
        if (builder.Capacity <= 4096)
            _builder = builder;
        return snippet;
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
