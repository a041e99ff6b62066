namespace OzdContentApi.Tests.Articles;

/// <summary>
/// The sample OZD article (shared/samples/ozd-miami-talks.txt) as the demo content must serve
/// it, typed out independently of db/seed so a wrong seed fails the tests.
/// </summary>
public static class SampleArticle
{
    public const string Id = "019b4023-31d8-7c72-9d2a-a15cda7b9a3f";
    public const string Slug = "usa-und-ukraine-nennen-gespraeche-in-miami-produktiv-und-konstruktiv";
    public const string Title = "USA und Ukraine nennen Gespräche in Miami „produktiv und konstruktiv“";

    public static readonly string[] ReportParagraphs =
    [
        "Die USA und die Ukraine haben ihre jüngsten Gespräche in Miami über ein mögliches Ende des russischen Angriffskriegs als „produktiv und konstruktiv“ bezeichnet. Entsprechende Erklärungen veröffentlichten die Delegationen aus Kiew und Washington am Sonntag. Auch Russland, das parallel eigene Gespräche mit der US-Seite führte, sprach von einem konstruktiven Austausch.",
        "In einer gemeinsamen Erklärung erklärten der ukrainische Chefunterhändler Rustem Umerow und der Sondergesandte von US-Präsident Donald Trump, Steve Witkoff, die Gespräche hätten sich über mehrere Tage erstreckt und seien auf zentrale strategische Fragen ausgerichtet gewesen. Im Fokus standen demnach vier Schlüsseldokumente, darunter ein 20-Punkte-Plan, mehrere Rahmenwerke für Sicherheitsgarantien sowie ein Wirtschafts- und Wiederaufbaukonzept für die Ukraine.",
        "Ein besonderer Schwerpunkt habe auf der Abstimmung von Zeitplänen und der Reihenfolge möglicher nächster Schritte gelegen. Konkrete Durchbrüche oder neue Treffen wurden jedoch nicht angekündigt. Auch Vertreter europäischer Partnerstaaten nahmen an den Beratungen teil, um einen abgestimmten transatlantischen Ansatz sicherzustellen.",
        "Russland war ebenfalls in Miami vertreten, jedoch ohne direkte Gespräche mit der ukrainischen Delegation. Kreml-Sprecher Dmitri Peskow erklärte, der russische Gesandte Kirill Dmitrijew sei vor Ort gewesen, um Informationen über Änderungen am US-Friedensplan einzuholen. Dmitrijew traf mehrfach Witkoff sowie Jared Kushner, den Schwiegersohn Trumps. Direkte Gespräche zwischen Russland und der Ukraine dementierte der Kreml erneut.",
        "Der ukrainische Präsident Wolodymyr Selenskyj bestätigte, dass in Miami über ein Kriegsende, Sicherheitsgarantien und den Wiederaufbau gesprochen worden sei. Zugleich bezeichnete er die zurückliegende Woche als historisch, auch mit Blick auf die Zusage der EU, die Ukraine in den kommenden zwei Jahren mit weiteren 90 Milliarden Euro zu unterstützen.",
    ];

    public const string CommentaryTitle = "Diplomatie mit angezogener Handbremse";

    public const string CommentaryParagraph =
        "Die Wortwahl klingt hoffnungsvoll, doch hinter den Kulissen bleibt die Lage hochgradig fragil. „Konstruktiv“ bedeutet in diesem Fall vor allem: reden, ohne sich festzulegen. Solange Gebietsfragen, Sicherheitsgarantien und russische Maximalforderungen ungelöst bleiben, sind solche Treffen eher ein diplomatisches Abtasten als ein echter Durchbruch. Dennoch gilt: Jeder Gesprächstag ohne Eskalation ist ein Gewinn. Frieden entsteht nicht über Nacht – aber er beginnt mit genau solchen Runden.";

    public static readonly string[] InfoboxItems =
    [
        "Gespräche in Miami über mehrere Tage",
        "USA und Ukraine sprechen von „konstruktiv“",
        "Russland ebenfalls mit US-Kontakten vor Ort",
        "Fokus auf Sicherheitsgarantien und Wiederaufbau",
    ];

    public static readonly (string Heading, string[] Points)[] AnalysisGroups =
    [
        ("Inhalt der Gespräche", ["Abstimmung mehrerer strategischer Dokumente", "Fokus auf Sicherheitsgarantien und Wirtschaft", "Keine öffentlichen Durchbruchsmeldungen"]),
        ("Rolle der USA", ["Vermittler zwischen Kiew, Europa und Moskau", "Überarbeiteter Friedensplan weiterhin umstritten", "Balance zwischen Druck und Diplomatie"]),
        ("Politische Bedeutung", ["Gespräche als Signal an die internationale Gemeinschaft", "Fortgesetzte Unterstützung durch EU und USA", "Friedensprozess bleibt langwierig und unsicher"]),
    ];

    public const string SelenskyjAnswer =
        "Wolodymyr Selenskyj ist seit 2019 Präsident der Ukraine. Seit Beginn des russischen Angriffskriegs ist er die zentrale politische Figur der ukrainischen Verteidigung und internationalen Diplomatie.";

    public const string PeacePlanAnswer =
        "Der von den USA vorgelegte Friedensplan umfasst mehrere Punkte zur Beendigung des Krieges, darunter Sicherheitsgarantien und wirtschaftliche Unterstützung. Kritiker werfen ihm vor, Russland zu stark entgegenzukommen, insbesondere bei territorialen Fragen.";

    public const string Extra =
        "Trotz der Gespräche in Miami schließen weder Kiew noch Moskau eine Fortsetzung der Kämpfe kurzfristig aus – Diplomatie und Krieg laufen weiter parallel.";

    public static readonly (string Name, string Slug, string Role)[] MentionedPersons =
    [
        ("Rustem Umerow", "rustem-umerow", "ukrainischer Chefunterhändler"),
        ("Steve Witkoff", "steve-witkoff", "Sondergesandter von US-Präsident Donald Trump"),
        ("Donald Trump", "donald-trump", "US-Präsident"),
        ("Dmitri Peskow", "dmitri-peskow", "Kreml-Sprecher"),
        ("Kirill Dmitrijew", "kirill-dmitrijew", "russischer Gesandter"),
        ("Jared Kushner", "jared-kushner", "Schwiegersohn Trumps"),
        ("Wolodymyr Selenskyj", "wolodymyr-selenskyj", "ukrainischer Präsident"),
    ];

    public const string SelenskyjId = "019b4023-2df0-7646-91ec-ab4622d6ce94";
    public const string CommentaryId = "019b4023-39a8-7c6b-b24d-1e87d9c6ad90";

    public const string EuArticleSlug = "eu-sagt-der-ukraine-weitere-90-milliarden-euro-zu";
    public const string EuInfoboxId = "019b4023-5118-7139-aa40-66d156ddcc3c";
    public const string EuReportId = "019b4023-4d30-7f39-bee9-5539ec571f03";
    public const string EuCorrectionId = "019b4023-5a00-7c3e-9d41-2f6a0e7c1b01";
    public const string DraftId = "019b4023-5500-70d6-af7c-ea68307abb01";
    public const string DraftSlug = "nach-miami-wie-geht-es-weiter-mit-dem-friedensplan";

    /// <summary>Every piece of text of the sample article, which each of its formats must carry.</summary>
    public static IEnumerable<string> EveryText() =>
    [
        .. ReportParagraphs, CommentaryTitle, CommentaryParagraph, .. InfoboxItems,
        .. AnalysisGroups.Select(g => g.Heading), .. AnalysisGroups.SelectMany(g => g.Points),
        "Wer ist Wolodymyr Selenskyj?", SelenskyjAnswer, "Was ist der US-Friedensplan?", PeacePlanAnswer,
        Extra, "Alle Angaben ohne Gewähr.", Title,
    ];
}
