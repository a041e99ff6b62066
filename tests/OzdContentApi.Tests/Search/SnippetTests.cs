using OzdContentApi.Search;

namespace OzdContentApi.Tests.Search;

public sealed class SnippetTests
{
    [Fact]
    public void A_snippet_starts_a_few_words_before_the_first_match_and_escapes_and_marks_every_word_a_lexeme_begins()
    {
        var before = string.Join(" ", Enumerable.Range(1, 12).Select(i => $"Wort{i}"));
        var after = string.Join(" ", Enumerable.Range(13, 40).Select(i => $"Wort{i}"));
        var texts = new[] { "Ohne Treffer & ohne <Marke>", $"{before} „Gespräche“ über <Ärger> & Kreml-Sprecher's \"Zitat\" – ÄRGERLICH {after}" };

        var snippet = Snippets.Cut(texts, ["gespräch", "ärger", "kreml", "x"]);

        // 35 words from five before the first match; "s" after the apostrophe is a word of its own, unmarked.
        Assert.Equal("""
            … Wort8 Wort9 Wort10 Wort11 Wort12 „<mark>Gespräche</mark>“ über &lt;<mark>Ärger</mark>&gt; &amp; <mark>Kreml-Sprecher</mark>&#39;s &quot;Zitat&quot; – <mark>ÄRGERLICH</mark> Wort13 Wort14 Wort15 Wort16 Wort17 Wort18 Wort19 Wort20 Wort21 Wort22 Wort23 Wort24 Wort25 Wort26 Wort27 Wort28 Wort29 Wort30 Wort31 Wort32 Wort33 Wort34 Wort35 …
            """, snippet);
    }

    [Fact]
    public void Without_a_match_the_first_text_with_words_is_cut_and_text_without_words_is_escaped_whole()
    {
        Assert.Equal("Nichts &amp; niemand &lt;hier&gt;", Snippets.Cut(["", "Nichts & niemand <hier>"], ["kreml"]));
        Assert.Equal("&lt;&amp;&gt; &quot;&#39;", Snippets.Cut(["<&> \"'"], ["kreml"]));
    }

    [Fact]
    public void A_section_body_gives_its_strings_in_order_without_person_ids()
    {
        var body = """
            {"title": "Wer ist \u00e4?", "entries": [{"name": "Steve \"Zitat\" Witkoff", "personId": "0b9f7c4e-5b1a-4f7e-9a51-1d2c3b4a5f60",
             "text": "Sondergesandter", "count": 3, "tags": ["a", {"personId": {"nested": "nicht"}}]}]}
            """u8;

        Assert.Equal(["Wer ist ä?", "Steve \"Zitat\" Witkoff", "Sondergesandter", "a"], Snippets.TextOf(body));
    }

    [Fact]
    public void The_first_text_with_a_match_is_cut_even_when_an_earlier_text_has_more_words()
    {
        var snippet = Snippets.Cut(["Lange Einleitung ohne das gesuchte Wort", "Der Kreml schweigt"], ["kreml"]);

        Assert.Equal("Der <mark>Kreml</mark> schweigt", snippet);
    }

    [Fact]
    public void Words_are_folded_as_the_german_stemmer_folds_them()
    {
        var snippet = Snippets.Cut(["Der Präsident sprach über die Straße und Öl"], ["prasident", "strass", "ol", "uber"]);

        Assert.Equal("Der <mark>Präsident</mark> sprach <mark>über</mark> die <mark>Straße</mark> und <mark>Öl</mark>", snippet);
    }

    [Theory]
    [InlineData("kreml")] // in the third paragraph
    [InlineData("selenskyj")] // in a person's name only, after the id that is skipped
    [InlineData("zitat")] // inside an escaped quotation
    [InlineData("ärger")] // written as \u00c4 in the JSON
    [InlineData("nirgends")] // no match: the first text with characters
    [InlineData("wort3")] // in a string longer than the first buffer
    public void A_section_body_is_cut_as_its_texts_are(string lexeme)
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 80).Select(i => $"Wort{i}"));
        var body = System.Text.Encoding.UTF8.GetBytes($$"""
            {"title": "", "paragraphs": ["<Einleitung> & mehr", "Ohne Treffer", "Der Kreml schweigt – \"Zitat\" über \u00c4rger", "{{paragraph}}"],
             "entries": [{"personId": "0b9f7c4e-5b1a-4f7e-9a51-1d2c3b4a5f60", "term": "Wolodymyr Selenskyj"}], "empty": []}
            """);
        var marks = Snippets.Marking([lexeme]);

        Assert.Equal(Snippets.Cut(Snippets.TextOf(body), marks), Snippets.Cut(body, marks));
    }

    [Fact]
    public void A_section_body_without_text_gives_an_empty_snippet()
    {
        Assert.Equal("", Snippets.Cut("""{"items": [], "title": ""}"""u8, Snippets.Marking(["kreml"])));
        Assert.Equal("", Snippets.Cut(Array.Empty<string>(), Snippets.Marking(["kreml"])));
    }
}
