using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;
using static OzdContentApi.Tests.Formats.AtomValidation;

namespace OzdContentApi.Tests.Formats;

/// <summary>The Atom and RSS feeds: valid, the whole text of every section, paged and filtered like the article list.</summary>
public sealed class FeedTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    [Fact]
    public async Task The_Atom_feed_is_RFC_4287_valid_and_its_entry_of_the_sample_has_every_section_as_XHTML_with_the_whole_text()
    {
        var response = await api.CreateClient().GetAsync("/v1/feeds/articles.atom?limit=100");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Empty(await ProblemsAsync(text));
        var entry = XDocument.Parse(text).Root!.Elements(Atom + "entry").Single(e => (string?)e.Element(Atom + "id") == $"urn:uuid:{Id}");
        Assert.Equal(Title, (string?)entry.Element(Atom + "title"));
        var div = entry.Element(Atom + "content")!.Element(Xhtml + "div")!;
        Assert.Equal(["report", "commentary", "infobox", "analysis", "glossary"],
            div.Elements(Xhtml + "div").Select(d => (string?)d.Attribute("class")));
        var all = entry.Value;
        foreach (var piece in EveryText())
            Assert.True(all.Contains(piece), $"missing: {piece}");
    }

    // "The correction is part of the article from then on (... every format)": a feed reader sees it too.
    [Fact]
    public async Task A_correction_is_in_both_feeds_with_its_article()
    {
        const string euArticle = "urn:uuid:019b4023-4948-7f24-84b4-6fdcd2bc862f";
        const string correction = "In einer früheren Fassung hieß es, die Zusage gelte für drei Jahre.";
        var anonymous = api.CreateClient();
        var atom = XDocument.Parse(await anonymous.GetStringAsync("/v1/feeds/articles.atom?limit=100")).Root!;
        var rss = XDocument.Parse(await anonymous.GetStringAsync("/v1/feeds/articles.rss?limit=100")).Root!;

        var entry = atom.Elements(Atom + "entry").Single(e => (string?)e.Element(Atom + "id") == euArticle);
        var atomCorrection = entry.Element(Atom + "content")!.Element(Xhtml + "div")!.Elements(Xhtml + "p")
            .Single(p => ((string?)p.Attribute("class"))?.Split(' ').Contains("correction") == true);
        Assert.StartsWith(correction, atomCorrection.Value);
        var item = rss.Element("channel")!.Elements("item").Single(i => (string?)i.Element("guid") == euArticle);
        var html = XElement.Parse($"<div>{(string)item.Element(Content + "encoded")!}</div>");
        Assert.StartsWith(correction, html.Elements("p").Single(p => ((string?)p.Attribute("class"))?.Split(' ').Contains("correction") == true).Value);
        Assert.Empty(await ProblemsAsync(atom.ToString()));
    }

    [Fact]
    public async Task The_Atom_check_itself_finds_what_the_grammar_and_the_two_rules_forbid()
    {
        var good = await (await api.CreateClient().GetAsync("/v1/feeds/articles.atom?limit=1")).Content.ReadAsStringAsync();
        var document = XDocument.Parse(good);
        document.Root!.Element(Atom + "author")!.Remove();
        Assert.Contains(await ProblemsAsync(document.ToString()), p => p.Contains("must have an atom:author"));

        var withoutContent = XDocument.Parse(good);
        var entry = withoutContent.Root!.Element(Atom + "entry")!;
        entry.Element(Atom + "content")!.Remove();
        entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "alternate").Remove();
        Assert.Contains(await ProblemsAsync(withoutContent.ToString()), p => p.Contains("without atom:content"));

        var broken = XDocument.Parse(good);
        broken.Root!.Element(Atom + "id")!.Remove();
        Assert.Contains(await ProblemsAsync(broken.ToString()), p => p.StartsWith("RELAX NG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_feeds_page_with_rel_next_like_the_list_and_filter_by_person_and_section_type()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Fiona Feed"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var personId = person.GetProperty("id").GetString()!;
        await PublishAsync(writer, """{"title": "Feed eins", "sections": [{"type": "report", "paragraphs": ["Eins."]}]}""");
        await PublishAsync(writer, $$"""
            {"title": "Feed zwei", "persons": [{"personId": "{{personId}}"}],
             "sections": [{"type": "glossary", "entries": [{"term": "Feed", "question": "Was ist ein Feed?", "answer": "Eine Liste."}]}]}
            """);
        await PublishAsync(writer, """{"title": "Feed drei"}""");
        var anonymous = api.CreateClient();

        var listed = await IdsAsync(anonymous, "/v1/articles?limit=100");
        Assert.Equal(listed, await AllPagesAsync(anonymous, "/v1/feeds/articles.atom?limit=2"));
        Assert.Equal(listed, await AllPagesAsync(anonymous, "/v1/feeds/articles.rss?limit=2"));
        Assert.Equal(await IdsAsync(anonymous, $"/v1/articles?person={personId}"), await AllPagesAsync(anonymous, $"/v1/feeds/articles.atom?person={personId}"));
        Assert.Equal(await IdsAsync(anonymous, "/v1/articles?sectionType=glossary"), await AllPagesAsync(anonymous, "/v1/feeds/articles.rss?sectionType=glossary"));
        Assert.Single(await AllPagesAsync(anonymous, $"/v1/feeds/articles.rss?person={personId}"));

        await (await anonymous.GetAsync("/v1/feeds/articles.atom?limit=0")).ReadValidationProblemAsync("limit");
        await (await anonymous.GetAsync("/v1/feeds/articles.rss?sectionType=video")).ReadValidationProblemAsync("sectionType");
        await (await anonymous.GetAsync("/v1/feeds/articles.atom?cursor=nonsense")).ReadValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task The_RSS_feed_has_guid_RFC_822_dates_and_the_whole_text_in_content_encoded()
    {
        var response = await api.CreateClient().GetAsync("/v1/feeds/articles.rss?limit=100");
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        var rss = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(("rss", "2.0"), (rss.Name.LocalName, (string?)rss.Attribute("version")));
        var channel = rss.Element("channel")!;
        foreach (var required in new[] { "title", "link", "description" })
            Assert.False(string.IsNullOrWhiteSpace((string?)channel.Element(required)), required);
        foreach (var item in channel.Elements("item"))
        {
            Assert.Equal("false", (string?)item.Element("guid")!.Attribute("isPermaLink"));
            Assert.StartsWith("urn:uuid:", (string?)item.Element("guid"));
            DateTime.ParseExact((string)item.Element("pubDate")!, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
        }
        var sample = channel.Elements("item").Single(i => (string?)i.Element("guid") == $"urn:uuid:{Id}");
        var html = XElement.Parse($"<div>{(string)sample.Element(Content + "encoded")!}</div>");
        Assert.Equal(["report", "commentary", "infobox", "analysis", "glossary"], html.Elements("div").Select(d => (string?)d.Attribute("class")));
        foreach (var piece in EveryText())
            Assert.True(html.Value.Contains(piece) || piece == Title, $"missing: {piece}");
        Assert.Equal(Title, (string?)sample.Element("title"));
    }

    [Fact]
    public async Task Feeds_show_only_what_anonymous_delivery_shows_whatever_the_key_and_are_cached_like_the_JSON()
    {
        var preview = await api.ClientWithScopesAsync("preview");
        foreach (var feed in new[] { "/v1/feeds/articles.atom?limit=100", "/v1/feeds/articles.rss?limit=100" })
        {
            var body = await preview.GetStringAsync(feed);
            Assert.DoesNotContain(DraftId, body);
            Assert.Contains(Id, body);
        }

        var anonymous = api.CreateClient();
        var first = await anonymous.GetAsync("/v1/feeds/articles.atom?limit=1");
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", first.Headers.CacheControl?.ToString());
        Assert.Equal("articles", first.Headers.GetValues("Surrogate-Key").Single().Split(' ')[0]);
        var again = new HttpRequestMessage(HttpMethod.Get, "/v1/feeds/articles.atom?limit=1");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);

        // A new article at the top makes a new feed, with a new tag.
        await PublishAsync(await api.ClientWithScopesAsync("write"), """{"title": "Neu im Feed"}""");
        var changed = await anonymous.GetAsync("/v1/feeds/articles.atom?limit=1");
        Assert.NotEqual(first.ETag(), changed.ETag());
        Assert.Contains("Neu im Feed", await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Text_XML_cannot_carry_or_must_escape_still_makes_valid_feeds()
    {
        // JSON takes control characters and U+FFFF; XML 1.0 does not: they become U+FFFD there.
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Steuerzeichen \u0001 und \uffff im Feed <b>&amp;</b> ]]>",
             "sections": [{"type": "report", "paragraphs": ["Glocke \u0007, Tab \t, <script>alert(1)</script> & ]]> 👍"]}]}
            """);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", created.ETag())).ReadJsonAsync();
        var anonymous = api.CreateClient();

        var atom = await anonymous.GetStringAsync("/v1/feeds/articles.atom?limit=100");
        Assert.Empty(await ProblemsAsync(atom));
        var entry = XDocument.Parse(atom).Root!.Elements(Atom + "entry").Single(e => (string?)e.Element(Atom + "id") == $"urn:uuid:{id}");
        Assert.Equal("Steuerzeichen \uFFFD und \uFFFD im Feed <b>&amp;</b> ]]>", (string?)entry.Element(Atom + "title"));
        Assert.Equal("Glocke \uFFFD, Tab \t, <script>alert(1)</script> & ]]> 👍", entry.Element(Atom + "content")!.Value);

        var rss = XDocument.Parse(await anonymous.GetStringAsync("/v1/feeds/articles.rss?limit=100")).Root!;
        var item = rss.Element("channel")!.Elements("item").Single(i => (string?)i.Element("guid") == $"urn:uuid:{id}");
        var html = XElement.Parse($"<div>{(string)item.Element(Content + "encoded")!}</div>");
        Assert.Empty(html.Descendants("script"));
        Assert.Contains("<script>alert(1)</script>", html.Value);
    }

    [Fact]
    public async Task A_page_of_very_long_articles_ends_at_a_megabyte_of_content_and_goes_on_at_rel_next()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Lang Leser"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var personId = person.GetProperty("id").GetString()!;
        // About 420 KB of JSON each: two fit in a page's megabyte, three do not. Backdated, so the
        // other tests' first pages stay as they were.
        var paragraphs = "[" + string.Join(",", Enumerable.Repeat($"\"{new string('ä', 5_000)}\"", 40)) + "]";
        for (var i = 0; i < 3; i++)
        {
            var created = await writer.PostJsonAsync("/v1/articles", $$"""
                {"title": "Sehr lang {{i}}", "persons": [{"personId": "{{personId}}"}],
                 "sections": [{"type": "report", "paragraphs": {{paragraphs}}}]}
                """);
            var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
            await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", $$"""{"publishAt": "2020-01-0{{i + 1}}T08:00:00Z"}""", created.ETag())).ReadJsonAsync();
        }
        var anonymous = api.CreateClient();

        var first = XDocument.Parse(await anonymous.GetStringAsync($"/v1/feeds/articles.atom?person={personId}&limit=100")).Root!;
        Assert.Equal(2, first.Elements(Atom + "entry").Count());
        Assert.NotNull(first.Elements(Atom + "link").SingleOrDefault(l => (string?)l.Attribute("rel") == "next"));
        Assert.Equal(await IdsAsync(anonymous, $"/v1/articles?person={personId}"),
            await AllPagesAsync(anonymous, $"/v1/feeds/articles.rss?person={personId}&limit=100"));
    }

    // A scheduled article goes live without a write: its last write is older than its publication,
    // and "updated"/dateModified read before "published"/datePublished.
    [Fact]
    public async Task A_scheduled_article_that_went_live_was_updated_no_earlier_than_it_was_published()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Pünktlich live", "sections": [{"type": "report", "paragraphs": ["Zur Zeit."]}]}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var publishAt = DateTime.UtcNow.AddSeconds(2).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", $$"""{"publishAt": "{{publishAt}}"}""", created.ETag())).ReadJsonAsync();
        var anonymous = api.CreateClient();
        for (var i = 0; i < 50 && (await anonymous.GetAsync($"/v1/articles/{id}")).StatusCode != HttpStatusCode.OK; i++)
            await Task.Delay(100);

        var entry = XDocument.Parse(await anonymous.GetStringAsync("/v1/feeds/articles.atom")).Root!
            .Elements(Atom + "entry").Single(e => (string?)e.Element(Atom + "id") == $"urn:uuid:{id}");
        var published = DateTime.Parse((string)entry.Element(Atom + "published")!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.True(DateTime.Parse((string)entry.Element(Atom + "updated")!, null, System.Globalization.DateTimeStyles.RoundtripKind) >= published);
        var jsonLd = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync($"/v1/articles/{id}/jsonld")).RootElement;
        Assert.True(jsonLd.GetProperty("dateModified").GetDateTime() >= jsonLd.GetProperty("datePublished").GetDateTime());
    }

    private static async Task PublishAsync(HttpClient writer, string article)
    {
        var created = await writer.PostJsonAsync("/v1/articles", article);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", created.ETag())).ReadJsonAsync();
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path)
    {
        var page = await (await client.GetAsync(path)).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>Every article id of a feed, following rel="next" from page to page (checked against the Link header).</summary>
    private static async Task<List<string>> AllPagesAsync(HttpClient client, string path)
    {
        var ids = new List<string>();
        string? next = path;
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
            var atom = root.Name == Atom + "feed";
            var entries = atom ? root.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!)
                : root.Element("channel")!.Elements("item").Select(i => (string)i.Element("guid")!);
            ids.AddRange(entries.Select(id => id["urn:uuid:".Length..]));
            var links = atom ? root.Elements(Atom + "link") : root.Element("channel")!.Elements(Atom + "link");
            next = links.SingleOrDefault(l => (string?)l.Attribute("rel") == "next")?.Attribute("href")?.Value;
            Assert.Equal(next is null ? null : $"<{next}>; rel=\"next\"",
                response.Headers.TryGetValues("Link", out var link) ? link.Single() : null);
            if (ids.Count > 500)
                throw new InvalidOperationException("The feed does not end.");
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        return ids;
    }
}
