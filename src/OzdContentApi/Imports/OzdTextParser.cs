using System.Text.RegularExpressions;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Imports;

/// <summary>Something the importer could not place or had to decide, with the line it is about.</summary>
public sealed record ImportWarning(int Line, string Message);

/// <summary>A person the database knows, whom the text may name.</summary>
public sealed record KnownPerson(Guid Id, string Name);

/// <summary>What the parser made of a text: the article as it would be written, and what to look at.</summary>
public sealed record ParsedArticle(ArticleInput Article, IReadOnlyList<ImportWarning> Warnings)
{
    /// <summary>Where each part of the article begins in the text: "sections[2]", "extras", "title"; the report's first line otherwise.</summary>
    public IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>();

    /// <summary>The line a validation error's path (e.g. "sections[2].items[0]") is about.</summary>
    public int LineOf(string path)
    {
        // A section by its index ("Sections[2]"), any other part by its name ("Extras[21]" is "extras").
        var part = path.Split('.', 2)[0];
        if (!part.StartsWith("sections[", StringComparison.OrdinalIgnoreCase))
            part = part.Split('[')[0];
        var key = part.Length > 0 ? char.ToLowerInvariant(part[0]) + part[1..] : "report";
        return Lines.TryGetValue(key, out var line) ? line : Lines.GetValueOrDefault("report", 1);
    }
}

/// <summary>Why a text is no OZD article at all, and where.</summary>
public sealed record ParseFailure(int Line, string Message);

/// <summary>
/// The OZD plain-text layout (shared/samples/ozd-miami-talks.txt) into an article: the report up
/// to its byline, then any of commentary, infobox, analysis, glossary, disclaimer, image credit
/// and extras, in any number and order. Independent of HTTP and the database: the persons it may
/// recognise are given. Every line ends up in the article or in a warning naming it.
/// </summary>
public static partial class OzdTextParser
{
    public const string CommentaryLabel = "OZD-Kommentar";
    public const string InfoboxTitle = "Mini-Infobox";
    public const string AnalysisTitle = "OZD-Analyse";

    /// <param name="title">The title to use when the text has none.</param>
    public static (ParsedArticle? Article, ParseFailure? Failure) Parse(string text, string? title, IReadOnlyList<KnownPerson> persons)
    {
        if (NotText(text) is { } binary)
            return (null, binary);
        var lines = OzdTextLines.Classify(text).ToList();
        if (lines.All(l => l.Kind == LineKind.Blank))
            return (null, new ParseFailure(1, "The text is empty."));

        var reader = new Reader(lines);
        var warnings = new List<ImportWarning>();
        var textTitle = TitleLine(lines);
        var report = ReadReport(reader, textTitle, warnings);
        if (report.Paragraphs.Count == 0 && report.OrphanBylineLine is { } orphan)
            return (null, new ParseFailure(orphan,
                $"No report: line {orphan} is the byline \"{Shorten(report.Byline!)}\", and no paragraph of the report comes before it."));
        if (report.Paragraphs.Count == 0)
        {
            var first = lines.First(l => l.Kind != LineKind.Blank);
            return (null, new ParseFailure(first.Number,
                $"No report: an OZD text begins with the report's paragraphs, but line {first.Number} is \"{Shorten(first.Text)}\"."));
        }

        var sections = new List<SectionInput> { new ReportSectionInput { Paragraphs = report.Paragraphs, Byline = report.Byline } };
        var partLines = new Dictionary<string, int> { ["report"] = report.FirstLine, ["sections[0]"] = report.FirstLine };
        void AddSection(SectionInput section, int line)
        {
            partLines[$"sections[{sections.Count}]"] = line;
            sections.Add(section);
        }
        string? disclaimer = null, credit = null;
        var extras = new List<string>();
        var glossary = new List<GlossaryEntryInput>();
        int? glossaryLine = null;
        var personsByName = persons.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        while (reader.Next() is { } line)
        {
            switch (line.Kind)
            {
                case LineKind.Blank:
                    break;
                case LineKind.Commentary:
                    FlushGlossary();
                    if (ReadCommentary(reader, line, warnings) is { } commentary)
                        AddSection(commentary, line.Number);
                    break;
                case LineKind.Infobox:
                    FlushGlossary();
                    List<string> items = [.. Rest(line), .. reader.TextLines().Select(l => l.Text)];
                    if (items.Count == 0)
                        Drop(line, "An infobox without items.");
                    else
                        AddSection(new InfoboxSectionInput { Title = InfoboxTitle, Items = items }, line.Number);
                    break;
                case LineKind.Analysis:
                    FlushGlossary();
                    if (ReadAnalysis(reader, line, warnings) is { } analysis)
                        AddSection(analysis, line.Number);
                    break;
                case LineKind.Question:
                    var answer = string.Join(" ", reader.TextLines().Select(l => l.Text));
                    if (answer.Length == 0)
                    {
                        warnings.Add(new(line.Number, $"The question \"{line.Text}\" has no answer; it is left out."));
                        break;
                    }
                    glossaryLine ??= line.Number;
                    glossary.Add(new GlossaryEntryInput
                    {
                        Term = Term(line.Rest), Question = line.Text, Answer = answer, PersonId = GlossaryPerson(line, personsByName, warnings),
                    });
                    break;
                case LineKind.Disclaimer:
                    FlushGlossary();
                    disclaimer = OzdTextLines.Disclaimer;
                    break;
                case LineKind.Credit:
                    FlushGlossary();
                    credit = line.Rest;
                    break;
                case LineKind.Extras:
                    FlushGlossary();
                    partLines.TryAdd("extras", line.Number);
                    extras.AddRange([.. Rest(line), .. reader.TextLines().Select(l => l.Text)]);
                    break;
                default:
                    warnings.Add(new(line.Number, $"\"{Shorten(line.Text)}\" comes after the report's byline and fits no part; it is left out."));
                    break;
            }
        }
        FlushGlossary();

        var mentions = PersonMentions.Find(lines, persons);
        var articleTitle = textTitle?.Text ?? title;
        if (textTitle is { } headline && title is not null && title != headline.Text)
            warnings.Add(new(headline.Number, $"The text's headline is the title; the title sent with it, \"{Shorten(title)}\", is not used."));
        if (articleTitle is null)
        {
            articleTitle = FirstSentence(report.Paragraphs[0]);
            warnings.Add(new(report.FirstLine, $"The text has no title; the report's first sentence is the title: \"{Shorten(articleTitle)}\"."));
        }

        var article = new ArticleInput
        {
            Title = articleTitle,
            Language = "de",
            Source = report.Byline,
            ImageCredit = credit,
            Disclaimer = disclaimer,
            Extras = extras,
            Persons = mentions.Select(m => new MentionInput { PersonId = m.PersonId, Role = m.Role }).ToList(),
            Sections = sections,
        };
        if (textTitle is { } titleLine)
            partLines["title"] = titleLine.Number;
        return (new ParsedArticle(article, warnings.OrderBy(w => w.Line).ToList()) { Lines = partLines }, null);

        void FlushGlossary()
        {
            if (glossary.Count == 0)
                return;
            AddSection(new GlossarySectionInput { Entries = [.. glossary] }, glossaryLine!.Value);
            glossary.Clear();
            glossaryLine = null;
        }

        void Drop(ClassifiedLine line, string why) => warnings.Add(new(line.Number, $"{why} It is left out."));
    }

    private static IEnumerable<string> Rest(ClassifiedLine line) => line.Rest.Length > 0 ? [line.Rest] : [];

    /// <param name="OrphanBylineLine">The line of a byline that no paragraph comes before (then there is no report).</param>
    private sealed record Report(List<string> Paragraphs, string? Byline, int FirstLine, int? OrphanBylineLine = null);

    /// <summary>
    /// Paragraphs up to the byline: a line of its own ("OZD", "dpa", "OZD/AFP") or the same
    /// glued to the end of the last paragraph ("… zu unterstützen. OZD"). Lines after the byline
    /// and before the next part fit nowhere.
    /// </summary>
    private static Report ReadReport(Reader reader, ClassifiedLine? title, List<ImportWarning> warnings)
    {
        var paragraphs = new List<string>();
        string? byline = null;
        var firstLine = 0;
        while (reader.Peek() is { Kind: LineKind.Text or LineKind.Blank } line)
        {
            reader.Next();
            if (line.Kind == LineKind.Blank || line.Number == title?.Number)
                continue;
            if (byline is not null)
            {
                warnings.Add(new(line.Number, $"\"{Shorten(line.Text)}\" comes after the report's byline and fits no part; it is left out."));
                continue;
            }
            if (BylineOnly().IsMatch(line.Text) && IsByline(line.Text))
            {
                // A byline closes the report; one before any paragraph means there is no report.
                if (paragraphs.Count == 0)
                    return new Report(paragraphs, line.Text, 0, line.Number);
                byline = line.Text;
                continue;
            }
            if (firstLine == 0)
                firstLine = line.Number;
            paragraphs.Add(line.Text);
        }
        if (byline is null && paragraphs.Count > 0 && GluedByline().Match(paragraphs[^1]) is { Success: true } glued
            && IsByline(glued.Groups["byline"].Value))
        {
            byline = glued.Groups["byline"].Value;
            paragraphs[^1] = paragraphs[^1][..glued.Groups["byline"].Index].TrimEnd();
        }
        return new Report(paragraphs, byline, firstLine);
    }

    // An agency or desk, not a word that happens to end a sentence: all capitals, a slash, or a known agency.
    private static readonly HashSet<string> Agencies = new(StringComparer.OrdinalIgnoreCase) { "dpa", "afp", "ap", "reuters", "kna", "epd", "sid", "apa", "sda" };

    private static bool IsByline(string text) =>
        text.Split('/').All(part => part.Length > 0 && (part.All(c => char.IsUpper(c) || c == '-') || Agencies.Contains(part)));

    [GeneratedRegex(@"^[\p{L}][\p{L}/-]{0,24}$")]
    private static partial Regex BylineOnly();

    [GeneratedRegex(@"[.!?“”""»«)]\s+(?<byline>[\p{L}][\p{L}/-]{0,24})$")]
    private static partial Regex GluedByline();

    /// <summary>
    /// A first line that reads as a headline: followed by more text, at most 300 characters, one
    /// sentence, not ending like a paragraph (a period, colon or comma).
    /// </summary>
    private static ClassifiedLine? TitleLine(List<ClassifiedLine> lines)
    {
        var content = lines.Where(l => l.Kind != LineKind.Blank).Take(2).ToList();
        if (content is not [{ Kind: LineKind.Text } first, { Kind: LineKind.Text }])
            return null;
        var text = first.Text;
        return text.Length <= ArticleLimits.Title && !".:,;".Contains(text[^1]) && !SentenceBreak().IsMatch(text) ? first : null;
    }

    [GeneratedRegex(@"[.!?]\s+\p{Lu}")]
    private static partial Regex SentenceBreak();

    private static string FirstSentence(string paragraph)
    {
        var end = SentenceBreak().Match(paragraph);
        var sentence = (end.Success ? paragraph[..(end.Index + 1)] : paragraph).TrimEnd('.', ' ');
        if (sentence.Length <= ArticleLimits.Title)
            return sentence;
        var cut = sentence.LastIndexOf(' ', ArticleLimits.Title - 2);
        return sentence[..(cut > 0 ? cut : ArticleLimits.Title - 1)] + "…";
    }

    private static CommentarySectionInput? ReadCommentary(Reader reader, ClassifiedLine marker, List<ImportWarning> warnings)
    {
        var lines = reader.TextLines().ToList();
        var title = marker.Rest;
        if (title.Length == 0 && lines.Count > 0)
        {
            title = lines[0].Text;
            lines.RemoveAt(0);
        }
        if (lines.Count == 0)
        {
            warnings.Add(new(marker.Number, title.Length > 0
                ? $"The commentary \"{Shorten(title)}\" has no paragraphs; it is left out."
                : "The commentary has no title and no paragraphs; it is left out."));
            return null;
        }
        return new CommentarySectionInput { Label = CommentaryLabel, Title = title, Paragraphs = lines.Select(l => l.Text).ToList() };
    }

    /// <summary>Headings, each followed by lettered points ("a) …", "a. …", "A) …"; the letters are dropped).</summary>
    private static AnalysisSectionInput? ReadAnalysis(Reader reader, ClassifiedLine marker, List<ImportWarning> warnings)
    {
        var groups = new List<(ClassifiedLine Heading, List<string> Points)>();
        IEnumerable<ClassifiedLine> lines = reader.TextLines();
        if (marker.Rest.Length > 0)
            lines = lines.Prepend(marker with { Kind = LineKind.Text, Text = marker.Rest });
        foreach (var line in lines)
        {
            if (PointPattern().Match(line.Text) is { Success: true } point)
            {
                if (groups.Count == 0)
                    groups.Add((marker with { Text = "" }, []));
                groups[^1].Points.Add(point.Groups["point"].Value.Trim());
            }
            else
                groups.Add((line, []));
        }
        foreach (var (heading, _) in groups.Where(g => g.Points.Count == 0))
            warnings.Add(new(heading.Number, $"The analysis heading \"{Shorten(heading.Text)}\" has no lettered points; it is left out."));
        foreach (var (heading, _) in groups.Where(g => g.Points.Count > 0 && g.Heading.Text.Length == 0))
            warnings.Add(new(heading.Number, "The analysis starts with points before any heading; they are grouped under the heading \"OZD-Analyse\"."));
        var kept = groups.Where(g => g.Points.Count > 0)
            .Select(g => new AnalysisGroupInput { Heading = g.Heading.Text.Length > 0 ? g.Heading.Text : AnalysisTitle, Points = g.Points })
            .ToList();
        if (kept.Count == 0)
        {
            warnings.Add(new(marker.Number, "The analysis has no headings with points; it is left out."));
            return null;
        }
        return new AnalysisSectionInput { Title = AnalysisTitle, Groups = kept };
    }

    [GeneratedRegex(@"^[a-zA-Z][).]\s+(?<point>\S.*)$")]
    private static partial Regex PointPattern();

    // "der US-Friedensplan" is about "US-Friedensplan".
    private static string Term(string asked) => LeadingArticle().Replace(asked, "");

    [GeneratedRegex(@"^(?:der|die|das|den|dem|des|ein|eine|einen|einem|eines|einer)\s+")]
    private static partial Regex LeadingArticle();

    /// <summary>"Wer ist &lt;name&gt;?" links its entry to the person of that name; an unknown name is a warning.</summary>
    private static Guid? GlossaryPerson(ClassifiedLine question, Dictionary<string, Guid> persons, List<ImportWarning> warnings)
    {
        if (!question.Text.StartsWith("Wer ", StringComparison.Ordinal))
            return null;
        var name = Term(question.Rest);
        if (persons.TryGetValue(name, out var id))
            return id;
        warnings.Add(new(question.Number, $"\"{question.Text}\" asks about {name}, who is no known person; the entry is not linked (create the person first)."));
        return null;
    }

    /// <summary>NUL or other control characters: the body is a binary file, not text.</summary>
    private static ParseFailure? NotText(string text)
    {
        var line = 1;
        foreach (var c in text)
        {
            if (c == '\n')
                line++;
            else if (char.IsControl(c) && c is not '\r' and not '\t' || c == '\uFFFD')
                return new ParseFailure(line, $"Line {line} holds a control character (U+{(int)c:X4}): this is not text.");
        }
        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "…";

    /// <summary>The classified lines read forward, part by part.</summary>
    private sealed class Reader(List<ClassifiedLine> lines)
    {
        private int _next;

        public ClassifiedLine? Peek() => _next < lines.Count ? lines[_next] : null;

        public ClassifiedLine? Next() => _next < lines.Count ? lines[_next++] : null;

        /// <summary>The text lines up to the next marker (blank lines between them skipped).</summary>
        public IEnumerable<ClassifiedLine> TextLines()
        {
            while (Peek() is { Kind: LineKind.Text or LineKind.Blank } line)
            {
                _next++;
                if (line.Kind == LineKind.Text)
                    yield return line;
            }
        }
    }
}
