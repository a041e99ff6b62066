using System.Text.RegularExpressions;

namespace OzdContentApi.Imports;

/// <summary>One line of an OZD text (or a part of a line that held two things), with its 1-based number.</summary>
public readonly record struct TextLine(int Number, string Text);

/// <summary>
/// What a line of the OZD layout is. Markers start a part; the rest of a marker's line, if any,
/// is that part's first content (in real files "OZD-Analyse Inhalt der Gespräche" holds the
/// first heading, "OZD-ExtrasTrotz …" the first note).
/// </summary>
public enum LineKind { Blank, Text, Commentary, Infobox, Analysis, Question, Disclaimer, Credit, Extras }

public readonly record struct ClassifiedLine(int Number, LineKind Kind, string Text, string Rest = "");

/// <summary>Splits and classifies the lines of an OZD text: any line ending, a BOM, spaces around lines.</summary>
public static partial class OzdTextLines
{
    public static IEnumerable<ClassifiedLine> Classify(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split(["\r\n", "\r", "\n"], StringSplitOptions.None);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var part in Unglue(new TextLine(i + 1, lines[i].Trim())))
                yield return Classify(part);
        }
    }

    // "Alle Angaben ohne Gewähr. Titelbild AFP." and "…parallel.OZD-Extras…" hold two parts on one line.
    private static IEnumerable<TextLine> Unglue(TextLine line)
    {
        var text = line.Text;
        var extras = text.IndexOf(ExtrasMarker, StringComparison.Ordinal);
        if (extras > 0)
        {
            foreach (var part in Unglue(line with { Text = text[..extras].TrimEnd() }))
                yield return part;
            yield return line with { Text = text[extras..] };
            yield break;
        }
        var disclaimer = DisclaimerPattern().Match(text);
        if (disclaimer.Success && disclaimer.Index == 0 && disclaimer.Length < text.Length)
        {
            yield return line with { Text = disclaimer.Value.Trim() };
            foreach (var part in Unglue(line with { Text = text[disclaimer.Length..].Trim() }))
                yield return part;
            yield break;
        }
        yield return line;
    }

    private const string ExtrasMarker = "OZD-Extras";

    private static ClassifiedLine Classify(TextLine line)
    {
        var text = line.Text;
        if (text.Length == 0)
            return new(line.Number, LineKind.Blank, "");
        if (CommentaryPattern().Match(text) is { Success: true } commentary)
            return new(line.Number, LineKind.Commentary, text, commentary.Groups["rest"].Value.Trim());
        if (InfoboxPattern().Match(text) is { Success: true } infobox)
            return new(line.Number, LineKind.Infobox, text, infobox.Groups["rest"].Value.Trim());
        if (AnalysisPattern().Match(text) is { Success: true } analysis)
            return new(line.Number, LineKind.Analysis, text, analysis.Groups["rest"].Value.Trim());
        if (text.StartsWith(ExtrasMarker, StringComparison.Ordinal))
            return new(line.Number, LineKind.Extras, text, text[ExtrasMarker.Length..].TrimStart(':', ' ', '\t'));
        if (DisclaimerPattern().IsMatch(text) && DisclaimerPattern().Match(text).Length == text.Length)
            return new(line.Number, LineKind.Disclaimer, text);
        if (CreditPattern().Match(text) is { Success: true } credit)
            return new(line.Number, LineKind.Credit, text, credit.Groups["credit"].Value.Trim());
        if (text.Length <= MaxQuestion && QuestionPattern().Match(text) is { Success: true } question)
            return new(line.Number, LineKind.Question, text, question.Groups["term"].Value.Trim());
        return new(line.Number, LineKind.Text, text);
    }

    // A glossary question is a short line of its own; a report sentence that asks something is longer.
    private const int MaxQuestion = 160;

    /// <summary>"Alle Angaben ohne Gewähr." as OZD ends its articles.</summary>
    public const string Disclaimer = "Alle Angaben ohne Gewähr.";

    [GeneratedRegex(@"^OZD-Kommentar\b\s*(?:[:–—-]\s*)?(?<rest>.*)$")]
    private static partial Regex CommentaryPattern();

    [GeneratedRegex(@"^Mini-Infobox\b\s*:?\s*(?<rest>.*)$")]
    private static partial Regex InfoboxPattern();

    [GeneratedRegex(@"^OZD-Analyse\b\s*:?\s*(?<rest>.*)$")]
    private static partial Regex AnalysisPattern();

    [GeneratedRegex(@"^Alle Angaben ohne Gewähr\.?")]
    private static partial Regex DisclaimerPattern();

    [GeneratedRegex(@"^Titelbild:?\s+(?<credit>[^.]{1,200}?)\.?$")]
    private static partial Regex CreditPattern();

    [GeneratedRegex(@"^(?:Wer|Was)\s+(?:ist|sind|war|waren|bedeutet|bedeuten|heißt)\s+(?<term>.+?)\s*\?$")]
    private static partial Regex QuestionPattern();
}
