using System.Text.RegularExpressions;

namespace OzdContentApi.Imports;

/// <summary>A known person the text names, with the role the text gives them (or null).</summary>
public sealed record FoundMention(Guid PersonId, string? Role);

/// <summary>
/// Finds known persons by their full name, in order of first appearance, each once. The role is
/// the noun phrase right before the name, up to its article, within the same clause:
/// <list type="bullet">
/// <item>"Kreml-Sprecher Dmitri Peskow" → "Kreml-Sprecher"; "von US-Präsident Donald Trump" → "US-Präsident"
/// (a preposition or conjunction ends the phrase; punctuation too, so "…, Steve Witkoff" has none).</item>
/// <item>Adjectives count only when an article closes the phrase: "der ukrainische Chefunterhändler
/// Rustem Umerow" → "ukrainischer Chefunterhändler", but "erklärte US-Präsident Donald Trump" →
/// "US-Präsident".</item>
/// <item>After "der" the phrase is put in the form it has without an article (as in a byline or a
/// caption): adjectives ending in -e take -er, and so do nouns made from adjectives ("Gesandte" →
/// "Gesandter"). After other articles the words stay as written.</item>
/// <item>A role only after the name ("Jared Kushner, den Schwiegersohn Trumps") is not taken: no role.
/// When the first mention has no role, a later one that has gives it.</item>
/// </list>
/// </summary>
public static partial class PersonMentions
{
    private const int MaxRoleWords = 5;

    private static readonly HashSet<string> Articles = ["der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"];

    private static readonly HashSet<string> PhraseEnds =
    [
        "von", "vom", "mit", "und", "sowie", "oder", "für", "bei", "beim", "laut", "zu", "zum", "zur", "an", "am", "auf", "aus",
        "nach", "über", "gegen", "ohne", "um", "als", "wie", "auch", "zugleich", "dass", "ob", "aber", "doch", "denn", "so", "nun",
        "dann", "noch", "schon", "sei", "ist", "war", "hat", "habe", "hatte", "wird", "wurde", "traf", "sagte", "erklärte",
    ];

    // Nouns made from adjectives, which decline like them ("der Gesandte", "ein Gesandter").
    private static readonly string[] AdjectivalNouns =
        ["gesandte", "beauftragte", "abgeordnete", "vorsitzende", "delegierte", "angestellte", "bevollmächtigte", "verwandte", "bekannte", "angehörige"];

    public static IReadOnlyList<FoundMention> Find(IEnumerable<ClassifiedLine> lines, IReadOnlyList<KnownPerson> persons)
    {
        var byFirstWord = persons
            .Select(p => (Person: p, Words: Tokens(p.Name).Select(t => p.Name.Substring(t.Start, t.Length)).ToArray()))
            .Where(p => p.Words.Length > 0)
            .GroupBy(p => p.Words[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToList(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new List<(Guid PersonId, string? Role)>();
        foreach (var line in lines)
        {
            var text = line.Text;
            var words = Tokens(text);
            for (var i = 0; i < words.Count; i++)
            {
                if (!byFirstWord.TryGetValue(text.AsSpan(words[i].Start, words[i].Length), out var candidates))
                    continue;
                foreach (var (person, name) in candidates)
                {
                    if (!NamedAt(text, words, i, name))
                        continue;
                    var role = RoleBefore(text, words, i);
                    var index = found.FindIndex(f => f.PersonId == person.Id);
                    if (index < 0)
                        found.Add((person.Id, role));
                    else if (found[index].Role is null && role is not null)
                        found[index] = (person.Id, role);
                    i += name.Length - 1;
                    break;
                }
            }
        }
        return found.Select(f => new FoundMention(f.PersonId, f.Role)).ToList();
    }

    /// <summary>A word: a letter or digit, then letters, digits, marks, apostrophes and hyphens ("US-Präsident").</summary>
    private readonly record struct Token(int Start, int Length)
    {
        public int End => Start + Length;
    }

    private static List<Token> Tokens(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i++;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '\'' or '’' or '-'
                                       || char.GetUnicodeCategory(text[i]) is System.Globalization.UnicodeCategory.NonSpacingMark))
                i++;
            tokens.Add(new Token(start, i - start));
        }
        return tokens;
    }

    private static string Word(string text, Token token) => text.Substring(token.Start, token.Length);

    private static bool NamedAt(string text, List<Token> words, int at, string[] name)
    {
        if (at + name.Length > words.Count)
            return false;
        for (var k = 0; k < name.Length; k++)
        {
            if (!text.AsSpan(words[at + k].Start, words[at + k].Length).SequenceEqual(name[k]))
                return false;
            if (k > 0 && !text.AsSpan(words[at + k - 1].End, words[at + k].Start - words[at + k - 1].End).IsWhiteSpace())
                return false;
        }
        return true;
    }

    private static string? RoleBefore(string text, List<Token> words, int nameAt)
    {
        var phrase = new List<string>();
        string? article = null;
        for (var j = nameAt - 1; j >= 0 && nameAt - j <= MaxRoleWords; j--)
        {
            if (!text.AsSpan(words[j].End, words[j + 1].Start - words[j].End).IsWhiteSpace())
                break;
            var word = Word(text, words[j]);
            var lower = word.ToLowerInvariant();
            if (Articles.Contains(lower))
            {
                article = lower;
                break;
            }
            if (PhraseEnds.Contains(lower))
                break;
            var capitalised = char.IsUpper(word[0]) || char.IsDigit(word[0]);
            if (capitalised && phrase.Count > 0)
                break; // one noun heads the role; a capitalised word before it belongs to something else
            if (!capitalised && (phrase.Count == 0 || !AdjectiveEnding().IsMatch(word)))
                break;
            phrase.Insert(0, word);
        }
        if (phrase.Count == 0 || !char.IsUpper(phrase[^1][0]) && !char.IsDigit(phrase[^1][0]))
            return null;
        if (article is null)
            return phrase[^1]; // adjectives count only inside a phrase its article closes
        if (article == "der")
        {
            phrase = phrase.Select(w => w.EndsWith('e') && (char.IsLower(w[0]) || IsAdjectivalNoun(w)) ? w + "r" : w).ToList();
        }
        return string.Join(" ", phrase);
    }

    private static bool IsAdjectivalNoun(string word) =>
        AdjectivalNouns.Any(n => word.EndsWith(n, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"(?:e|en|er|es|em)$")]
    private static partial Regex AdjectiveEnding();
}
