using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Management;

public sealed class ArticleWriteTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Draft = """
        {"title": "Gespräche über Sicherheitsgarantien", "teaser": "Ein Entwurf.",
         "sections": [{"type": "report", "paragraphs": ["Eins."], "byline": "OZD"},
                      {"type": "infobox", "title": "Mini-Infobox", "items": ["a", "b"]},
                      {"type": "commentary", "label": "OZD-Kommentar", "title": "Meinung", "paragraphs": ["Zwei."]}]}
        """;

    [Fact]
    public async Task Unpublishing_a_draft_is_a_409_that_writes_nothing()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Noch ein Entwurf"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var problem = await (await writer.PostJsonAsync($"/v1/articles/{id}/unpublish", null, created.ETag())).ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("draft", problem.GetProperty("detail").GetString());
        var after = await writer.GetAsync($"/v1/articles/{id}");
        Assert.Equal(1, (await after.ReadJsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(created.ETag(), after.ETag());
        var revisions = await (await writer.GetAsync($"/v1/articles/{id}/revisions")).ReadJsonAsync();
        Assert.Equal(1, revisions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Creating_a_draft_answers_201_with_Location_ETag_and_a_transliterated_slug()
    {
        var writer = await api.ClientWithScopesAsync("write");

        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);

        var id = article.GetProperty("id").GetString()!;
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal($"/v1/articles/{id}", created.Headers.Location?.ToString());
        Assert.Equal(ETagOfBody(await created.Content.ReadAsByteArrayAsync()), created.ETag());
        Assert.StartsWith("gespraeche-ueber-sicherheitsgarantien", article.GetProperty("slug").GetString());
        Assert.Equal("draft", article.GetProperty("status").GetString());
        Assert.Equal(1, article.GetProperty("version").GetInt32());
        Assert.Equal([1, 2, 3], article.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("position").GetInt32()));
        Assert.True(created.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {created.Headers.CacheControl}");

        // A draft stays invisible to delivery.
        await (await api.CreateClient().GetAsync($"/v1/articles/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        var preview = await (await writer.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        Assert.Equal("draft", preview.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_generated_slug_that_is_taken_gets_a_number_and_an_explicit_one_is_a_409()
    {
        var writer = await api.ClientWithScopesAsync("write");
        const string title = """{"title": "Über Miami – ein Rückblick"}""";

        var first = await (await writer.PostJsonAsync("/v1/articles", title)).ReadJsonAsync(HttpStatusCode.Created);
        var second = await (await writer.PostJsonAsync("/v1/articles", title)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("ueber-miami-ein-rueckblick", first.GetProperty("slug").GetString());
        Assert.Equal("ueber-miami-ein-rueckblick-2", second.GetProperty("slug").GetString());

        var before = await api.SnapshotAsync();
        var conflict = await (await writer.PostJsonAsync("/v1/articles", """{"title": "x", "slug": "ueber-miami-ein-rueckblick"}"""))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("ueber-miami-ein-rueckblick", conflict.GetProperty("detail").GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_replace_needs_the_current_ETag()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var etag = created.ETag();
        var changed = Draft.Replace("Ein Entwurf.", "Geändert.");

        var missing = await (await writer.PutJsonAsync($"/v1/articles/{id}", changed, null)).ReadProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Contains("If-Match", missing.GetProperty("detail").GetString());
        await (await writer.PutJsonAsync($"/v1/articles/{id}", changed, "*")).ReadProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await writer.PutJsonAsync($"/v1/articles/{id}", changed, "\"stale\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await writer.PutJsonAsync($"/v1/articles/{id}", changed, "W/" + etag)).ReadProblemAsync(HttpStatusCode.PreconditionFailed);

        var replaced = await writer.PutJsonAsync($"/v1/articles/{id}", changed, etag);
        var article = await replaced.ReadJsonAsync();
        Assert.Equal("Geändert.", article.GetProperty("teaser").GetString());
        Assert.Equal(2, article.GetProperty("version").GetInt32());
        Assert.NotEqual(etag, replaced.ETag());

        // The tag that was current a moment ago is stale now.
        var stale = await (await writer.PutJsonAsync($"/v1/articles/{id}", Draft, etag)).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains(replaced.ETag(), stale.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Sections_that_keep_their_id_on_replace_keep_it_and_unknown_ids_are_refused()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = article.GetProperty("id").GetString();
        var infoboxId = article.GetProperty("sections")[1].GetProperty("id").GetString();

        var replaced = await (await writer.PutJsonAsync($"/v1/articles/{id}",
            $$"""{"title": "Neu", "sections": [{"type": "infobox", "id": "{{infoboxId}}", "title": "Box", "items": ["c"]}, {"type": "report", "paragraphs": ["p"]}]}""",
            created.ETag())).ReadJsonAsync();

        var sections = replaced.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(infoboxId, sections[0].GetProperty("id").GetString());
        Assert.Equal(["c"], sections[0].GetProperty("items").Strings());
        Assert.NotEqual(infoboxId, sections[1].GetProperty("id").GetString());

        await (await writer.PutJsonAsync($"/v1/articles/{id}",
            $$"""{"title": "Neu", "sections": [{"type": "report", "id": "{{SampleArticle.CommentaryId}}", "paragraphs": ["p"]}]}""",
            "\"whatever\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await writer.GetAsync($"/v1/articles/{id}");
        await (await writer.PutJsonAsync($"/v1/articles/{id}",
            $$"""{"title": "Neu", "sections": [{"type": "report", "id": "{{SampleArticle.CommentaryId}}", "paragraphs": ["p"]}]}""",
            current.ETag())).ReadValidationProblemAsync("sections[0].id");
    }

    [Fact]
    public async Task Section_writes_add_replace_reorder_and_delete_under_the_articles_ETag()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var etag = created.ETag();

        await (await writer.PostJsonAsync($"/v1/articles/{id}/sections", """{"type": "report", "paragraphs": ["x"]}""")).ReadProblemAsync(HttpStatusCode.PreconditionRequired);
        var added = await writer.PostJsonAsync($"/v1/articles/{id}/sections",
            $$"""{"type": "glossary", "entries": [{"term": "Selenskyj", "question": "Wer ist er?", "answer": "Präsident.", "personId": "{{SampleArticle.SelenskyjId}}"}]}""", etag);
        var glossary = await added.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(4, glossary.GetProperty("position").GetInt32());
        Assert.Equal($"/v1/articles/{id}/sections/{glossary.GetProperty("id").GetString()}", added.Headers.Location?.ToString());
        etag = added.ETag();

        var replaced = await writer.PutJsonAsync($"/v1/articles/{id}/sections/{glossary.GetProperty("id").GetString()}",
            """{"type": "infobox", "title": "Jetzt eine Box", "items": ["1"]}""", etag);
        var box = await replaced.ReadJsonAsync();
        Assert.Equal("infobox", box.GetProperty("type").GetString());
        Assert.Equal(glossary.GetProperty("id").GetString(), box.GetProperty("id").GetString());
        etag = replaced.ETag();

        var article = await (await writer.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        var ids = article.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        var reversed = Enumerable.Reverse(ids).ToList();
        await (await writer.PutJsonAsync($"/v1/articles/{id}/sections/order", JsonSerializer.Serialize(new { sectionIds = ids.Take(2) }), etag))
            .ReadValidationProblemAsync("sectionIds");
        var reordered = await writer.PutJsonAsync($"/v1/articles/{id}/sections/order", JsonSerializer.Serialize(new { sectionIds = reversed }), etag);
        var list = await reordered.ReadJsonAsync();
        Assert.Equal(reversed, list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        Assert.Equal([1, 2, 3, 4], list.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("position").GetInt32()));
        etag = reordered.ETag();

        var deleted = await writer.DeleteAsync($"/v1/articles/{id}/sections/{reversed[0]}", etag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var after = await (await writer.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        Assert.Equal(reversed.Skip(1), after.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        Assert.Equal([1, 2, 3], after.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("position").GetInt32()));
        Assert.Equal(5, after.GetProperty("version").GetInt32());
        Assert.Equal(deleted.ETag(), (await writer.GetAsync($"/v1/articles/{id}")).ETag());

        await (await writer.DeleteAsync($"/v1/articles/{id}/sections/{Guid.NewGuid()}", deleted.ETag())).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Publishing_scheduling_unpublishing_and_deleting_are_logged_in_order()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var anonymous = api.CreateClient();
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        Assert.Equal("published", (await published.ReadJsonAsync()).GetProperty("status").GetString());
        await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();

        var changed = await writer.PutJsonAsync($"/v1/articles/{id}", Draft.Replace("Eins.", "Eins, korrigiert."), published.ETag());
        await changed.ReadJsonAsync();

        var unpublished = await writer.PostJsonAsync($"/v1/articles/{id}/unpublish", null, changed.ETag());
        Assert.Equal("draft", (await unpublished.ReadJsonAsync()).GetProperty("status").GetString());
        await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);

        var scheduled = await writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"publishAt": "2099-01-01T06:00:00Z"}""", unpublished.ETag());
        var scheduledArticle = await scheduled.ReadJsonAsync();
        Assert.Equal("scheduled", scheduledArticle.GetProperty("status").GetString());
        Assert.Equal("2099-01-01T06:00:00Z", scheduledArticle.GetProperty("publishedAt").GetString());
        await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);

        var republished = await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", scheduled.ETag());
        var deleted = await writer.DeleteAsync($"/v1/articles/{id}", republished.ETag());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await writer.GetAsync($"/v1/articles/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);

        var log = await api.QueryAsync<string>(
            "select kind || ' v' || version from content_changes where article_id = @id::uuid order by seq", ("id", id));
        // The publication scheduled for 2099 (v5) never took effect: publishing now (v6) withdrew it.
        Assert.Equal(["published v2", "changed v3", "unpublished v4", "published v6", "deleted v6"], log);
    }

    [Fact]
    public async Task A_draft_change_is_not_logged_for_delivery()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await writer.PutJsonAsync($"/v1/articles/{id}", Draft, created.ETag())).ReadJsonAsync();

        Assert.Empty(await api.QueryAsync<long>("select seq from content_changes where article_id = @id::uuid", ("id", id)));
    }

    [Fact]
    public async Task Revisions_keep_every_version_whole()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var original = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = original.GetProperty("id").GetString();
        var changed = await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Ganz anders"}""", created.ETag());
        await changed.ReadJsonAsync();

        var list = await (await writer.GetAsync($"/v1/articles/{id}/revisions")).ReadJsonAsync();
        Assert.Equal([2, 1], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
        Assert.Equal("Ganz anders", list.GetProperty("items")[0].GetProperty("title").GetString());

        var first = await (await writer.GetAsync($"/v1/articles/{id}/revisions/1")).ReadJsonAsync();
        Assert.Equal(original.GetRawText(), first.GetRawText());

        var paged = await (await writer.GetAsync($"/v1/articles/{id}/revisions?limit=1")).ReadJsonAsync();
        var next = await (await writer.GetAsync($"/v1/articles/{id}/revisions?limit=1&cursor={paged.GetProperty("nextCursor").GetString()}")).ReadJsonAsync();
        Assert.Equal(1, next.GetProperty("items")[0].GetProperty("version").GetInt32());

        await (await writer.GetAsync($"/v1/articles/{id}/revisions/3")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await writer.GetAsync($"/v1/articles/{id}/revisions/zwei")).ReadValidationProblemAsync("version");
        await (await api.CreateClient().GetAsync($"/v1/articles/{id}/revisions")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_demo_articles_have_their_first_revision()
    {
        var preview = await api.ClientWithScopesAsync("preview");

        var first = await (await preview.GetAsync($"/v1/articles/{SampleArticle.Slug}/revisions/1")).ReadJsonAsync();
        Assert.Equal(SampleArticle.Title, first.GetProperty("title").GetString());
    }

    private static string ETagOfBody(byte[] body) => OzdContentApi.Platform.Http.ETags.OfJson(body);
}
