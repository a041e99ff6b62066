namespace OzdContentApi.Search;

/// <summary>
/// The share of articles a tsquery matches, estimated the way PostgreSQL's planner does
/// (tsquery_opr_selec in ts_selfuncs.c): a lexeme counts with its share from the statistics, one
/// they do not list with half the rarest listed share (at most 0.5 %); AND and phrases multiply,
/// OR adds less the overlap, NOT takes the rest.
/// </summary>
/// <remarks>Reads tsquery text as PostgreSQL writes it: quoted lexemes, <c>! &lt;-&gt; &lt;N&gt; &amp; |</c> and parentheses.</remarks>
public static class QueryShare
{
    private const double Unlisted = 0.005;

    /// <returns>The estimate, or null for text this reader does not know (a prefix search, say).</returns>
    public static double? Estimate(string tsquery, IReadOnlyDictionary<string, double> shares, double rarestListed)
    {
        var reader = new Reader(tsquery, lexeme => shares.TryGetValue(lexeme, out var share) ? share : Math.Min(Unlisted, rarestListed / 2));
        var share = reader.Or();
        return share is { } known && reader.AtEnd ? Math.Clamp(known, 0, 1) : null;
    }

    private ref struct Reader(string text, Func<string, double> shareOf)
    {
        private int _at;

        public bool AtEnd
        {
            get
            {
                SkipSpaces();
                return _at == text.Length;
            }
        }

        public double? Or()
        {
            var share = And();
            while (share is not null && Take("|"))
                share = And() is { } next ? share + next - share * next : null;
            return share;
        }

        private double? And()
        {
            var share = Phrase();
            while (share is not null && Take("&"))
                share = Phrase() is { } next ? share * next : null;
            return share;
        }

        // PostgreSQL counts "followed by" like AND.
        private double? Phrase()
        {
            var share = Unary();
            while (share is not null && TakeDistance())
                share = Unary() is { } next ? share * next : null;
            return share;
        }

        private double? Unary()
        {
            if (Take("!"))
                return 1 - Unary();
            if (Take("("))
                return Or() is { } inner && Take(")") ? inner : null;
            return Lexeme() is { } lexeme ? shareOf(lexeme) : null;
        }

        private bool TakeDistance()
        {
            SkipSpaces();
            if (_at >= text.Length || text[_at] != '<')
                return false;
            var end = text.IndexOf('>', _at);
            if (end < 0 || !(text.AsSpan(_at + 1, end - _at - 1) is "-" || int.TryParse(text.AsSpan(_at + 1, end - _at - 1), out _)))
                return false;
            _at = end + 1;
            return true;
        }

        // 'lexeme' with '' and \ escaping, then weights (:AB), which do not change the estimate; a prefix (:*) does: unknown.
        private string? Lexeme()
        {
            SkipSpaces();
            if (_at >= text.Length || text[_at] != '\'')
                return null;
            var lexeme = new System.Text.StringBuilder();
            for (_at++; _at < text.Length; _at++)
            {
                var c = text[_at];
                if (c == '\\' && _at + 1 < text.Length)
                    lexeme.Append(text[++_at]);
                else if (c == '\'' && _at + 1 < text.Length && text[_at + 1] == '\'')
                    lexeme.Append(text[++_at]);
                else if (c == '\'')
                    break;
                else
                    lexeme.Append(c);
            }
            if (_at >= text.Length)
                return null;
            _at++;
            if (_at < text.Length && text[_at] == ':')
            {
                var start = ++_at;
                while (_at < text.Length && text[_at] is 'A' or 'B' or 'C' or 'D')
                    _at++;
                if (_at == start)
                    return null;
            }
            return lexeme.ToString();
        }

        private bool Take(string token)
        {
            SkipSpaces();
            if (!text.AsSpan(_at).StartsWith(token, StringComparison.Ordinal))
                return false;
            _at += token.Length;
            return true;
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && text[_at] == ' ')
                _at++;
        }
    }
}
