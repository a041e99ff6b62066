using OzdContentApi.Articles.Sections;
using OzdContentApi.Imports;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Imports;

/// <summary>The OZD layout parser on its own: no HTTP, no database.</summary>
public sealed class OzdTextParserTests
{
    public static readonly IReadOnlyList<KnownPerson> SamplePersons =
    [
        new(Guid.Parse("019b4023-1680-7516-9e32-2f9ef3524d35"), "Rustem Umerow"),
        new(Guid.Parse("019b4023-1a68-7638-ae3e-3b7644e4a848"), "Steve Witkoff"),
        new(Guid.Parse("019b4023-1e50-7f1b-85ed-21f7eddb3a73"), "Donald Trump"),
        new(Guid.Parse("019b4023-2238-7a17-80b0-27198c56a068"), "Dmitri Peskow"),
        new(Guid.Parse("019b4023-2620-7f22-b28f-1330400880c2"), "Kirill Dmitrijew"),
        new(Guid.Parse("019b4023-2a08-74cc-b0db-ee7acbedd832"), "Jared Kushner"),
        new(Guid.Parse(SelenskyjId), "Wolodymyr Selenskyj"),
    ];

    public static string SampleText => File.ReadAllText(Repository.File("db", "seed", "ozd-miami-talks.txt"));

    private static ParsedArticle Parse(string text, string? title = null, IReadOnlyList<KnownPerson>? persons = null)
    {
        var (article, failure) = OzdTextParser.Parse(text, title, persons ?? SamplePersons);
        Assert.True(failure is null, failure?.Message);
        return article!;
    }

    [Fact]
    public void The_sample_text_gives_every_part_of_the_sample_article()
    {
        var parsed = Parse(SampleText);
        var article = parsed.Article;
        var sections = article.Sections!;

        var report = Assert.IsType<ReportSectionInput>(sections[0]);
        Assert.Equal(ReportParagraphs, report.Paragraphs);
        Assert.Equal("OZD", report.Byline);
        var commentary = Assert.IsType<CommentarySectionInput>(sections[1]);
        Assert.Equal(("OZD-Kommentar", CommentaryTitle), (commentary.Label, commentary.Title));
        Assert.Equal([CommentaryParagraph], commentary.Paragraphs);
        var infobox = Assert.IsType<InfoboxSectionInput>(sections[2]);
        Assert.Equal(("Mini-Infobox", InfoboxItems), (infobox.Title, infobox.Items!.ToArray()), TupleOfArrays);
        var analysis = Assert.IsType<AnalysisSectionInput>(sections[3]);
        Assert.Equal("OZD-Analyse", analysis.Title);
        Assert.Equal(AnalysisGroups.Select(g => g.Heading), analysis.Groups!.Select(g => g.Heading));
        Assert.Equal(AnalysisGroups.Select(g => g.Points), analysis.Groups!.Select(g => g.Points!.ToArray()));
        var glossary = Assert.IsType<GlossarySectionInput>(sections[4]);
        Assert.Equal(["Wolodymyr Selenskyj", "US-Friedensplan"], glossary.Entries!.Select(e => e.Term));
        Assert.Equal(["Wer ist Wolodymyr Selenskyj?", "Was ist der US-Friedensplan?"], glossary.Entries!.Select(e => e.Question));
        Assert.Equal([SelenskyjAnswer, PeacePlanAnswer], glossary.Entries!.Select(e => e.Answer));
        Assert.Equal([Guid.Parse(SelenskyjId), (Guid?)null], glossary.Entries!.Select(e => e.PersonId));
        Assert.Equal(5, sections.Count);

        Assert.Equal("Alle Angaben ohne Gewähr.", article.Disclaimer);
        Assert.Equal("AFP", article.ImageCredit);
        Assert.Equal([Extra], article.Extras);
        Assert.Equal("OZD", article.Source);
    }

    private static bool TupleOfArrays((string?, string[]) a, (string?, string[]) b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2);

    [Fact]
    public void The_sample_names_its_seven_persons_once_each_in_order_of_first_appearance_with_the_roles_before_their_names()
    {
        var persons = Parse(SampleText).Article.Persons!;

        // "… Rustem Umerow und der Sondergesandte von US-Präsident Donald Trump, Steve Witkoff …": Trump's
        // name comes before Witkoff's, so he is mentioned first (the demo content lists them the other way).
        Assert.Equal(["Rustem Umerow", "Donald Trump", "Steve Witkoff", "Dmitri Peskow", "Kirill Dmitrijew", "Jared Kushner", "Wolodymyr Selenskyj"],
            persons.Select(p => SamplePersons.Single(k => k.Id == p.PersonId).Name));
        Assert.Equal(["ukrainischer Chefunterhändler", "US-Präsident", null, "Kreml-Sprecher", "russischer Gesandter", null, "ukrainischer Präsident"],
            persons.Select(p => p.Role));
    }

    [Fact]
    public void Without_a_title_the_first_sentence_of_the_report_is_one_with_a_warning_and_a_given_title_is_the_fallback()
    {
        var parsed = Parse(SampleText);
        Assert.Equal("Die USA und die Ukraine haben ihre jüngsten Gespräche in Miami über ein mögliches Ende des russischen " +
                     "Angriffskriegs als „produktiv und konstruktiv“ bezeichnet", parsed.Article.Title);
        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal(1, warning.Line);
        Assert.Contains("no title", warning.Message);

        var titled = Parse(SampleText, title: Title);
        Assert.Equal(Title, titled.Article.Title);
        Assert.Empty(titled.Warnings);

        var headline = Parse(Title + "\n" + SampleText);
        Assert.Equal(Title, headline.Article.Title);
        Assert.Equal(ReportParagraphs, ((ReportSectionInput)headline.Article.Sections![0]).Paragraphs);

        // The text's own headline wins over a title sent with it, and the one not used is named.
        var both = Parse(Title + "\n" + SampleText, title: "Ein anderer Titel");
        Assert.Equal(Title, both.Article.Title);
        var notUsed = Assert.Single(both.Warnings);
        Assert.Equal(1, notUsed.Line);
        Assert.Contains("\"Ein anderer Titel\", is not used", notUsed.Message);
        Assert.Empty(Parse(Title + "\n" + SampleText, title: Title).Warnings);
    }

    [Fact]
    public void Line_endings_a_byte_order_mark_trailing_spaces_and_rewrapped_answers_change_nothing()
    {
        var expected = Json(Parse(SampleText).Article);
        var crlf = "\uFEFF" + string.Join("\r\n", SampleText.Split('\n').Select(l => l + "  \t"));
        var rewrapped = SampleText.Replace(
            "Wolodymyr Selenskyj ist seit 2019 Präsident der Ukraine. Seit Beginn des\nrussischen Angriffskriegs ist er die zentrale politische Figur der\nukrainischen Verteidigung und internationalen Diplomatie.",
            "Wolodymyr Selenskyj ist seit 2019\nPräsident der Ukraine. Seit Beginn des russischen Angriffskriegs ist er die zentrale\npolitische Figur der ukrainischen Verteidigung und internationalen Diplomatie.");
        Assert.NotEqual(SampleText, rewrapped);

        Assert.Equal(expected, Json(Parse(crlf).Article));
        Assert.Equal(expected, Json(Parse(SampleText.Replace("\n", "\r")).Article));
        Assert.Equal(expected, Json(Parse(rewrapped).Article));
    }

    [Theory]
    [InlineData("OZD-Kommentar – Titel")]
    [InlineData("OZD-Kommentar — Titel")]
    [InlineData("OZD-Kommentar - Titel")]
    [InlineData("OZD-Kommentar: Titel")]
    [InlineData("OZD-Kommentar\nTitel")]
    public void The_commentary_title_follows_any_dash_a_colon_or_its_own_line(string marker)
    {
        var article = Parse($"Ein Absatz.\n{marker}\nMeinung.").Article;

        var commentary = Assert.IsType<CommentarySectionInput>(article.Sections![1]);
        Assert.Equal(("Titel", "Meinung."), (commentary.Title, commentary.Paragraphs!.Single()));
    }

    [Theory]
    [InlineData("a)", "b)")]
    [InlineData("a.", "b.")]
    [InlineData("A)", "B)")]
    public void Analysis_points_may_be_lettered_any_way_and_the_letters_are_dropped(string first, string second)
    {
        var article = Parse($"Ein Absatz.\nOZD-Analyse\nÜberschrift\n{first} Erster Punkt\n{second} Zweiter Punkt").Article;

        var group = Assert.IsType<AnalysisSectionInput>(article.Sections![1]).Groups!.Single();
        Assert.Equal(("Überschrift", new[] { "Erster Punkt", "Zweiter Punkt" }), (group.Heading, group.Points!.ToArray()), HeadingAndPoints);
    }

    private static bool HeadingAndPoints((string?, string[]) a, (string?, string[]) b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2);

    [Fact]
    public void Every_part_but_the_report_may_be_missing()
    {
        var article = Parse("Nur ein Bericht.\nMit zwei Absätzen.").Article;

        var report = Assert.IsType<ReportSectionInput>(Assert.Single(article.Sections!));
        Assert.Equal(["Nur ein Bericht.", "Mit zwei Absätzen."], report.Paragraphs);
        Assert.Null(report.Byline);
        Assert.Null(article.Disclaimer);
        Assert.Null(article.ImageCredit);
        Assert.Empty(article.Extras!);
        Assert.Empty(article.Persons!);
    }

    // A part with its heading and nothing under it made an article the service refuses (a 400
    // naming no line); it is left out, with a warning naming its line.
    [Theory]
    [InlineData("OZD-Kommentar\nText.", "commentary")]
    [InlineData("OZD-Kommentar – Nur ein Titel", "commentary")]
    [InlineData("Mini-Infobox", "infobox")]
    [InlineData("OZD-Analyse\nEine Überschrift ohne Punkte", "analysis")]
    public void A_part_without_content_is_left_out_with_a_warning_naming_its_line(string part, string type)
    {
        var parsed = Parse($"Bericht.\nOZD\n\n{part}\n\nAlle Angaben ohne Gewähr.");

        Assert.DoesNotContain(parsed.Article.Sections!, s => SectionKinds.Of(s).Name == type);
        Assert.Contains(parsed.Warnings, w => w.Line == 4 && w.Message.Contains("left out"));
        Assert.Equal(OzdContentApi.Imports.OzdTextLines.Disclaimer, parsed.Article.Disclaimer);
    }

    [Fact]
    public void A_line_that_fits_nowhere_is_a_warning_naming_it_and_nothing_is_dropped_silently()
    {
        var parsed = Parse("Ein Absatz.\nOZD\nVerirrte Zeile nach dem Kürzel\nMini-Infobox\nEin Fakt\nAlle Angaben ohne Gewähr.\nNoch eine verirrte Zeile\nWer ist Max Mustermann?\nEin Unbekannter.", title: "Titel");

        Assert.Equal([3, 7, 8], parsed.Warnings.Select(w => w.Line));
        Assert.Contains("Verirrte Zeile", parsed.Warnings[0].Message);
        Assert.Contains("Noch eine verirrte Zeile", parsed.Warnings[1].Message);
        Assert.Contains("Max Mustermann", parsed.Warnings[2].Message);
        var entry = Assert.IsType<GlossarySectionInput>(parsed.Article.Sections![^1]).Entries!.Single();
        Assert.Null(entry.PersonId);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("\n\n  \n", 1, "empty")]
    [InlineData("Mini-Infobox\nEin Fakt", 1, "No report")]
    [InlineData("\n\nOZD-Kommentar – Titel\nMeinung.", 3, "No report")]
    [InlineData("Ein Absatz.\nZwei\u0000Drei", 2, "not text")]
    [InlineData("OZD", 1, "No report: line 1 is the byline")]
    [InlineData("Titel\nOZD\nOZD-Kommentar – Meinung\nEin Kommentar.", 2, "No report: line 2 is the byline \"OZD\"")]
    [InlineData("Titel\n\nOZD/dpa\nMini-Infobox\nFakt", 3, "No report")]
    public void Text_that_is_no_OZD_article_is_refused_naming_the_line(string text, int line, string reason)
    {
        var (article, failure) = OzdTextParser.Parse(text, null, SamplePersons);

        Assert.Null(article);
        Assert.Equal(line, failure!.Line);
        Assert.Contains(reason, failure.Message);
    }

    internal static string Json(object value) =>
        System.Text.Json.JsonSerializer.Serialize(value, Platform.Http.ContentJson.Options);
}
