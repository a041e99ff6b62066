using System.Text;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Imports;

namespace OzdContentApi.Tests.Imports;

/// <summary>
/// Property-style: random article structures, rendered in the OZD layout with random line
/// endings, spacing, wrapping and letter styles, parse back to the same structure. A failure
/// names the seed, which reproduces it.
/// </summary>
public sealed class OzdTextRoundTripTests
{
    private static readonly string[] Words =
    [
        "Regierung", "Gespräche", "Ukraine", "Frieden", "Wiederaufbau", "Sicherheit", "Garantien", "Brüssel", "Berlin", "Straßen",
        "Haushalt", "Übergang", "Märkte", "Energie", "Grenzen", "Zölle", "Wähler", "Mehrheit", "Koalition", "Einigung",
        "neue", "schwierige", "offene", "lange", "europäische", "zähe", "klare", "große", "kleine", "weitere",
        "bleibt", "fordert", "prüft", "plant", "verhandelt", "beschließt", "nennt", "sieht", "bringt", "hält",
        "mit", "ohne", "nach", "vor", "über", "für", "gegen", "zwischen", "bis", "seit",
    ];

    private static readonly string[] Roles = ["Kreml-Sprecher", "Regierungssprecher", "US-Präsident", "Außenministerin", "EU-Kommissar"];

    private static readonly KnownPerson[] Persons =
    [
        new(Guid.Parse("019b4023-0000-7000-8000-000000000001"), "Anna Beispiel"),
        new(Guid.Parse("019b4023-0000-7000-8000-000000000002"), "Bernd Muster"),
        new(Guid.Parse("019b4023-0000-7000-8000-000000000003"), "Clara Probe"),
        new(Guid.Parse("019b4023-0000-7000-8000-000000000004"), "Dieter Test"),
    ];

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 300));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_article_rendered_as_OZD_text_parses_back_to_itself(int seed)
    {
        var random = new Random(seed);
        var (expected, text) = Generate(random);

        var (parsed, failure) = OzdTextParser.Parse(text, null, Persons);

        Assert.True(failure is null, $"seed {seed}: {failure?.Message}\n{text}");
        Assert.True(parsed!.Warnings.Count == 0, $"seed {seed}: {string.Join("; ", parsed.Warnings)}\n{text}");
        Assert.True(OzdTextParserTests.Json(expected) == OzdTextParserTests.Json(parsed.Article),
            $"seed {seed}\nexpected {OzdTextParserTests.Json(expected)}\nactual   {OzdTextParserTests.Json(parsed.Article)}\n{text}");
    }

    private static (ArticleInput Expected, string Text) Generate(Random random)
    {
        var lines = new List<string>();
        var title = Phrase(random, 3, 8);
        lines.Add(title);

        // The report: sentences, some naming a known person with a role before the name.
        var mentions = new List<MentionInput>();
        var paragraphs = new List<string>();
        for (var p = random.Next(1, 6); p > 0; p--)
        {
            var sentences = new List<string>();
            for (var s = random.Next(1, 4); s > 0; s--)
            {
                if (random.Next(4) == 0)
                {
                    var person = Persons[random.Next(Persons.Length)];
                    var role = Roles[random.Next(Roles.Length)];
                    sentences.Add($"{role} {person.Name} {Phrase(random, 2, 6).ToLowerInvariant()}.");
                    if (mentions.All(m => m.PersonId != person.Id))
                        mentions.Add(new MentionInput { PersonId = person.Id, Role = role });
                }
                else
                    sentences.Add(Sentence(random));
            }
            paragraphs.Add(string.Join(" ", sentences));
        }
        var byline = random.Next(3) switch { 0 => null, 1 => "OZD", _ => "OZD/dpa" };
        lines.AddRange(paragraphs.Take(paragraphs.Count - 1));
        if (byline is not null && random.Next(2) == 0)
            lines.Add($"{paragraphs[^1]} {byline}");
        else
        {
            lines.Add(paragraphs[^1]);
            if (byline is not null)
                lines.Add(byline);
        }
        var sections = new List<SectionInput> { new ReportSectionInput { Paragraphs = paragraphs, Byline = byline } };

        if (random.Next(2) == 0)
        {
            var commentaryTitle = Phrase(random, 2, 6);
            var commentary = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Sentence(random) + " " + Sentence(random)).ToList();
            Blank(random, lines);
            lines.Add($"OZD-Kommentar {new[] { "–", "—", "-" }[random.Next(3)]} {commentaryTitle}");
            lines.AddRange(commentary);
            sections.Add(new CommentarySectionInput { Label = "OZD-Kommentar", Title = commentaryTitle, Paragraphs = commentary });
        }
        if (random.Next(2) == 0)
        {
            var items = Enumerable.Range(0, random.Next(1, 7)).Select(_ => Phrase(random, 2, 7)).ToList();
            Blank(random, lines);
            lines.Add("Mini-Infobox");
            lines.AddRange(items);
            sections.Add(new InfoboxSectionInput { Title = "Mini-Infobox", Items = items });
        }
        if (random.Next(2) == 0)
        {
            var style = random.Next(3);
            var groups = Enumerable.Range(0, random.Next(1, 5)).Select(_ => new AnalysisGroupInput
            {
                Heading = Phrase(random, 2, 5),
                Points = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Phrase(random, 2, 7)).ToList(),
            }).ToList();
            Blank(random, lines);
            var glued = random.Next(2) == 0;
            lines.Add(glued ? $"OZD-Analyse {groups[0].Heading}" : "OZD-Analyse");
            foreach (var (group, g) in groups.Select((group, g) => (group, g)))
            {
                if (g > 0 || !glued)
                    lines.Add(group.Heading!);
                lines.AddRange(group.Points!.Select((point, i) => $"{Letter(style, i)} {point}"));
            }
            sections.Add(new AnalysisSectionInput { Title = "OZD-Analyse", Groups = groups });
        }
        if (random.Next(2) == 0)
        {
            var entries = new List<GlossaryEntryInput>();
            Blank(random, lines);
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                var answer = string.Join(" ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Sentence(random)));
                if (random.Next(2) == 0)
                {
                    var person = Persons[random.Next(Persons.Length)];
                    entries.Add(new GlossaryEntryInput { Term = person.Name, Question = $"Wer ist {person.Name}?", Answer = answer, PersonId = person.Id });
                    if (mentions.All(m => m.PersonId != person.Id))
                        mentions.Add(new MentionInput { PersonId = person.Id, Role = null });
                }
                else
                {
                    var term = Words[random.Next(20)];
                    entries.Add(new GlossaryEntryInput { Term = term, Question = $"Was ist der {term}?", Answer = answer });
                }
                lines.Add(entries[^1].Question!);
                lines.AddRange(Wrap(answer, random.Next(25, 90)));
            }
            sections.Add(new GlossarySectionInput { Entries = entries });
        }

        string? disclaimer = null, credit = null;
        if (random.Next(2) == 0)
            disclaimer = "Alle Angaben ohne Gewähr.";
        if (random.Next(2) == 0)
            credit = new[] { "AFP", "dpa", "Reuters", "OZD" }[random.Next(4)];
        if (disclaimer is not null && credit is not null && random.Next(2) == 0)
            lines.Add($"{disclaimer} Titelbild {credit}.");
        else
        {
            if (disclaimer is not null)
                lines.Add(disclaimer);
            if (credit is not null)
                lines.Add($"Titelbild {credit}.");
        }
        var extras = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Sentence(random)).ToList();
        if (extras.Count > 0)
        {
            if (random.Next(2) == 0)
                lines.Add("OZD-Extras" + extras[0]);
            else
            {
                lines.Add("OZD-Extras");
                lines.Add(extras[0]);
            }
            lines.AddRange(extras.Skip(1));
        }

        var ending = new[] { "\n", "\r\n", "\r" }[random.Next(3)];
        var text = new StringBuilder(random.Next(4) == 0 ? "\uFEFF" : "");
        foreach (var line in lines)
            text.Append(line).Append(random.Next(5) == 0 ? new string(' ', random.Next(1, 4)) : "").Append(ending);

        var expected = new ArticleInput
        {
            Title = title, Language = "de", Source = byline, ImageCredit = credit, Disclaimer = disclaimer, Extras = extras,
            Persons = mentions, Sections = sections,
        };
        return (expected, text.ToString());
    }

    private static void Blank(Random random, List<string> lines)
    {
        if (random.Next(3) == 0)
            lines.Add("");
    }

    private static string Letter(int style, int index) => style switch
    {
        0 => $"{(char)('a' + index)})",
        1 => $"{(char)('a' + index)}.",
        _ => $"{(char)('A' + index)})",
    };

    private static string Phrase(Random random, int min, int max)
    {
        var words = Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Words[random.Next(Words.Length)]).ToList();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(" ", words);
    }

    private static string Sentence(Random random) => Phrase(random, 4, 14) + ".";

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        if (line.Length > 0)
            yield return line.ToString();
    }
}
