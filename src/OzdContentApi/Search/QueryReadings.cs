using System.Collections.Concurrent;
using Npgsql;

namespace OzdContentApi.Search;

/// <summary>
/// What PostgreSQL makes of a search query (german configuration): the tsquery the search runs,
/// the same restricted to titles, and the lexemes the snippets mark. It depends on the text alone,
/// so what the database read is kept (bounded by emptying).
/// </summary>
/// <remarks>
/// Most queries people type are new to an instance, but their words are not. A query of plain
/// words — no "phrase", no -excluded, no or — is what websearch_to_tsquery makes of each word,
/// joined with &amp;, so such a query is read word by word and the words are kept: once its words
/// are known, a search is one round trip, not two. Such a reading is joined from its words anew each
/// time (no database) rather than kept: kept, a thousand new queries a second aged into the oldest
/// generation of the garbage collector and died there. Every other query is read whole. Tests
/// compare both readings for queries of every kind of word (stop words, umlauts typed either
/// way, hyphens, digits, decomposed letters).
/// </remarks>
public sealed class QueryReadings
{
    public sealed record Reading(string Tsquery, string TitleTsquery, string[] Lexemes);

    // One word's reading in both spellings (with ae/oe/ue and with ä/ö/ü); a stop word reads as "".
    private sealed record WordReading(string Plain, string Umlauts, string PlainInTitle, string UmlautsInTitle, string[] Lexemes);

    private const int QueriesKept = 10_000;
    private const int WordsKept = 50_000;
    private readonly ConcurrentDictionary<string, Reading> _queries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WordReading> _words = new(StringComparer.Ordinal);

    /// <summary>How often the database was asked; tests read it.</summary>
    internal int DatabaseReads => _databaseReads;

    /// <summary>How many whole queries' readings are kept; tests read it.</summary>
    internal int QueriesKeptNow => _queries.Count;
    private int _databaseReads;

    // The spelling with umlauts is added only where it stems differently: most queries have no
    // "ae", "oe" or "ue", and "x | x" finds and ranks what x does while PostgreSQL evaluates both
    // halves (a third more time to rank a long article, twice the checks of a section that misses).
    // The title's words carry weight A in an article's search vector (migration 0010), so "the
    // query matches the title" is the query with every lexeme restricted to A ('kreml':A).
    // Both statements are prepared, and the whole query's steps are materialised because a
    // prepared plan would otherwise compose and stem the text once for each place that names it.
    internal const string QuerySql = """
        with typed as materialized (select composed(@Query) as query, composed(@QueryWithUmlauts) as with_umlauts),
        spellings as materialized (
            select websearch_to_tsquery('german', query) as plain, websearch_to_tsquery('german', with_umlauts) as umlauts,
                   to_tsvector('german', query) || to_tsvector('german', with_umlauts) as words
            from typed),
        q as materialized (select case when plain = umlauts then plain else plain || umlauts end as tsquery, words from spellings)
        select q.tsquery::text as Tsquery,
               regexp_replace(q.tsquery::text, '(''(?:[^'']|'''')*'')', '\1:A', 'g') as TitleTsquery,
               tsvector_to_array(q.words) as Lexemes
        from q
        """;

    private const string WordsSql = """
        with typed as materialized (
            select w.word, composed(w.word) as plain, composed(w.with_umlauts) as umlauts
            from unnest(@Words, @WordsWithUmlauts) as w(word, with_umlauts)),
        spellings as materialized (
            select word, websearch_to_tsquery('german', plain)::text as plain, websearch_to_tsquery('german', umlauts)::text as umlauts,
                   tsvector_to_array(to_tsvector('german', plain) || to_tsvector('german', umlauts)) as lexemes
            from typed)
        select word, plain, umlauts,
               regexp_replace(plain, '(''(?:[^'']|'''')*'')', '\1:A', 'g') as plain_in_title,
               regexp_replace(umlauts, '(''(?:[^'']|'''')*'')', '\1:A', 'g') as umlauts_in_title,
               lexemes
        from spellings
        """;

    /// <param name="query">A query as <see cref="SearchQuery.Normalise"/> writes it.</param>
    public async Task<Reading> ReadAsync(NpgsqlConnection connection, string query, CancellationToken ct)
    {
        if (PlainWords(query) is { } words)
            return await ReadWordByWordAsync(connection, words, ct);
        if (_queries.TryGetValue(query, out var known))
            return known;
        var reading = await ReadWholeAsync(connection, query, ct);
        Keep(_queries, QueriesKept, query, reading);
        return reading;
    }

    /// <returns>The words of a query made of plain words only, or null.</returns>
    internal static string[]? PlainWords(string query)
    {
        if (query.Contains('"'))
            return null;
        var words = query.Split(' ');
        return words.Any(w => w.Length == 0 || w[0] == '-' || w.Equals("or", StringComparison.OrdinalIgnoreCase)) ? null : words;
    }

    internal async Task<Reading> ReadWholeAsync(NpgsqlConnection connection, string query, CancellationToken ct)
    {
        Interlocked.Increment(ref _databaseReads);
        await using var command = new NpgsqlCommand(QuerySql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("Query", query));
        command.Parameters.Add(new NpgsqlParameter<string>("QueryWithUmlauts", SearchQuery.WithUmlauts(query)));
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Reading(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2));
    }

    internal async Task<Reading> ReadWordByWordAsync(NpgsqlConnection connection, IReadOnlyList<string> words, CancellationToken ct)
    {
        // Taken out of the shared dictionary first: another search may empty it meanwhile.
        var readings = new Dictionary<string, WordReading>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (_words.TryGetValue(word, out var known))
                readings[word] = known;
        }
        var unknown = words.Where(w => !readings.ContainsKey(w)).Distinct(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            Interlocked.Increment(ref _databaseReads);
            await using var command = new NpgsqlCommand(WordsSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]>("Words", unknown));
            command.Parameters.Add(new NpgsqlParameter<string[]>("WordsWithUmlauts", unknown.Select(SearchQuery.WithUmlauts).ToArray()));
            await command.PrepareAsync(ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var word = reader.GetString(0);
                readings[word] = new WordReading(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetFieldValue<string[]>(5));
                Keep(_words, WordsKept, word, readings[word]);
            }
        }
        return Joined(words.Select(w => readings[w]).ToList());
    }

    // What websearch_to_tsquery makes of words one after another: each word's tsquery (a phrase
    // for a hyphenated word), stop words left out, joined with &. Both spellings are ORed only
    // where they differ, as the whole query's reading does.
    private static Reading Joined(IReadOnlyList<WordReading> words)
    {
        static string And(IEnumerable<string> terms) => string.Join(" & ", terms.Where(t => t.Length > 0));
        static string Or(string plain, string umlauts) =>
            plain == umlauts || umlauts.Length == 0 ? plain : plain.Length == 0 ? umlauts : $"{plain} | {umlauts}";

        var plain = And(words.Select(w => w.Plain));
        var umlauts = And(words.Select(w => w.Umlauts));
        var plainInTitle = And(words.Select(w => w.PlainInTitle));
        var umlautsInTitle = And(words.Select(w => w.UmlautsInTitle));
        var tsquery = Or(plain, umlauts);
        var inTitle = Or(plainInTitle, umlautsInTitle);
        var lexemes = words.SelectMany(w => w.Lexemes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new Reading(tsquery, inTitle, lexemes);
    }

    private static void Keep<T>(ConcurrentDictionary<string, T> kept, int most, string key, T value)
    {
        if (kept.Count >= most)
            kept.Clear();
        kept[key] = value;
    }
}
