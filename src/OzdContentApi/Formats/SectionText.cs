using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Formats;

/// <summary>
/// A section as plain text, every word of it, for the formats that carry text rather than
/// structure (ninjs bodies, feed summaries): paragraphs apart by a blank line, list items and
/// points one per line, analysis points lettered as OZD prints them.
/// </summary>
public static class SectionText
{
    public static string Of(Section section) => section switch
    {
        ReportSection report => Join([report.Title, .. report.Paragraphs]),
        CommentarySection commentary => Join([$"{commentary.Label} – {commentary.Title}", .. commentary.Paragraphs, commentary.Author]),
        InfoboxSection infobox => infobox.Title + "\n" + string.Join("\n", infobox.Items),
        AnalysisSection analysis => Join([analysis.Title, .. analysis.Groups.Select(g =>
            g.Heading + "\n" + string.Join("\n", g.Points.Select((point, i) => $"{Letter(i)}) {point}")))]),
        GlossarySection glossary => Join([glossary.Title, .. glossary.Entries.Select(e => Question(e) + "\n" + e.Answer)]),
        _ => throw new InvalidOperationException($"No text for {section.GetType().Name}."),
    };

    /// <summary>
    /// A glossary entry's question as the text formats print it: as written when it names its term
    /// ("Wer ist Wolodymyr Selenskyj?"), else after the term ("Kaja Kallas: Wer leitet die
    /// EU-Außenpolitik?"), so the term is never lost.
    /// </summary>
    public static string Question(GlossaryEntry entry) =>
        entry.Question.Contains(entry.Term, StringComparison.OrdinalIgnoreCase) ? entry.Question : $"{entry.Term}: {entry.Question}";

    /// <summary>a, b, …, z, aa, ab, …: the letters OZD puts before analysis points.</summary>
    public static string Letter(int index) =>
        index < 26 ? ((char)('a' + index)).ToString() : Letter(index / 26 - 1) + (char)('a' + index % 26);

    private static string Join(IEnumerable<string?> parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrEmpty(p)));
}
