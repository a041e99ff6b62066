using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Newsroom;

/// <summary>Corrections: published with the article, in order, never edited or removed.</summary>
public sealed class CorrectionTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private async Task<(HttpClient Writer, string Id, string ETag, string ReportId)> PublishedArticleAsync()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Zu korrigieren", "sections": [{"type": "report", "paragraphs": ["Die Zusage gilt drei Jahre."]}]}
            """);
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = article.GetProperty("id").GetString()!;
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        return (writer, id, published.ETag(), article.GetProperty("sections")[0].GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task A_section_that_a_correction_names_stays_in_its_article()
    {
        var (writer, id, etag, reportId) = await PublishedArticleAsync();
        var added = await writer.PostJsonAsync($"/v1/articles/{id}/sections", """{"type": "infobox", "title": "Fakten", "items": ["Drei Jahre"]}""", etag);
        var infoboxId = (await added.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var corrected = await writer.PostJsonAsync($"/v1/articles/{id}/corrections",
            $$"""{"kind": "correction", "text": "Richtig ist: zwei Jahre.", "sectionId": "{{infoboxId}}"}""", added.ETag());
        await corrected.ReadJsonAsync(HttpStatusCode.Created);
        etag = corrected.ETag();

        var deleted = await writer.SendJsonAsync(HttpMethod.Delete, $"/v1/articles/{id}/sections/{infoboxId}", null, etag);
        Assert.Contains(infoboxId, (await deleted.ReadProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        var withoutIt = $$"""{"title": "Zu korrigieren", "sections": [{"id": "{{reportId}}", "type": "report", "paragraphs": ["Die Zusage gilt zwei Jahre."]}]}""";
        await (await writer.PutJsonAsync($"/v1/articles/{id}", withoutIt, etag)).ReadProblemAsync(HttpStatusCode.Conflict);

        // Kept by id, the section may change; an uncorrected one may go.
        var keptById = $$"""
            {"title": "Zu korrigieren", "sections": [{"id": "{{infoboxId}}", "type": "infobox", "title": "Fakten", "items": ["Zwei Jahre"]},
                                                     {"id": "{{reportId}}", "type": "report", "paragraphs": ["Die Zusage gilt zwei Jahre."]}]}
            """;
        var replaced = await writer.PutJsonAsync($"/v1/articles/{id}", keptById, etag);
        await replaced.ReadJsonAsync();
        var report = await writer.SendJsonAsync(HttpMethod.Delete, $"/v1/articles/{id}/sections/{reportId}", null, replaced.ETag());
        Assert.Equal(HttpStatusCode.NoContent, report.StatusCode);
        var article = await (await api.CreateClient().GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        Assert.Equal(infoboxId, article.GetProperty("corrections")[0].GetProperty("sectionId").GetString());
        Assert.Equal(infoboxId, article.GetProperty("sections")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_correction_becomes_part_of_the_published_article_with_the_version_it_was_published_with()
    {
        var (writer, id, etag, reportId) = await PublishedArticleAsync();

        var response = await writer.PostJsonAsync($"/v1/articles/{id}/corrections",
            $$"""{"kind": "correction", "text": "Richtig ist: zwei Jahre.", "sectionId": "{{reportId}}"}""", etag);
        var correction = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(3, correction.GetProperty("version").GetInt32());
        var article = await (await api.CreateClient().GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        Assert.Equal(3, article.GetProperty("version").GetInt32());
        Assert.Equal(response.ETag(), (await writer.GetAsync($"/v1/articles/{id}")).ETag());
        var shown = Assert.Single(article.GetProperty("corrections").EnumerateArray());
        Assert.Equal(correction.GetRawText(), shown.GetRawText());
        Assert.Equal(("correction", reportId), (shown.GetProperty("kind").GetString(), shown.GetProperty("sectionId").GetString()));
        Assert.Equal(correction.GetRawText(), (await (await api.CreateClient().GetAsync(response.Headers.Location)).ReadJsonAsync()).GetRawText());

        // The revisions before and after: the text it corrects, and the correction.
        var before = await (await writer.GetAsync($"/v1/articles/{id}/revisions/2")).ReadJsonAsync();
        var after = await (await writer.GetAsync($"/v1/articles/{id}/revisions/3")).ReadJsonAsync();
        Assert.Empty(before.GetProperty("corrections").EnumerateArray());
        Assert.Single(after.GetProperty("corrections").EnumerateArray());
    }

    [Fact]
    public async Task Only_published_articles_take_corrections_and_each_needs_If_Match_a_kind_a_text_and_a_real_section()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var draft = await writer.PostJsonAsync("/v1/articles", """{"title": "Entwurf"}""");
        var draftId = (await draft.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{draftId}/corrections", """{"kind": "update", "text": "Neu."}""", draft.ETag()))
            .ReadProblemAsync(HttpStatusCode.Conflict);

        var (published, id, etag, _) = await PublishedArticleAsync();
        await (await published.PostJsonAsync($"/v1/articles/{id}/corrections", """{"kind": "update", "text": "Neu."}""", null))
            .ReadProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await published.PostJsonAsync($"/v1/articles/{id}/corrections", """{"kind": "typo", "text": "Neu."}""", etag))
            .ReadValidationProblemAsync("kind");
        await (await published.PostJsonAsync($"/v1/articles/{id}/corrections", """{"text": " "}""", etag))
            .ReadValidationProblemAsync("kind", "text");
        await (await published.PostJsonAsync($"/v1/articles/{id}/corrections",
                $$"""{"kind": "clarification", "text": "Klarer.", "sectionId": "{{Guid.NewGuid()}}"}""", etag))
            .ReadValidationProblemAsync("sectionId");
        await (await api.ClientWithScopesAsync("preview").ContinueWith(t => t.Result.PostJsonAsync($"/v1/articles/{id}/corrections",
                """{"kind": "update", "text": "Neu."}""", etag)).Unwrap())
            .ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Replacing_the_article_keeps_its_corrections_and_the_database_refuses_to_change_or_remove_one()
    {
        var (writer, id, etag, _) = await PublishedArticleAsync();
        var first = await writer.PostJsonAsync($"/v1/articles/{id}/corrections", """{"kind": "correction", "text": "Erste."}""", etag);
        await first.ReadJsonAsync(HttpStatusCode.Created);
        var second = await writer.PostJsonAsync($"/v1/articles/{id}/corrections", """{"kind": "retraction", "text": "Zweite."}""", first.ETag());
        await second.ReadJsonAsync(HttpStatusCode.Created);

        var replaced = await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Neu geschrieben"}""", second.ETag())).ReadJsonAsync();
        Assert.Equal(["Erste.", "Zweite."], replaced.GetProperty("corrections").EnumerateArray().Select(c => c.GetProperty("text").GetString()));

        var update = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            api.ExecuteSqlAsync("update article_corrections set text = 'Geschönt' where article_id = @Id", ("Id", Guid.Parse(id))));
        Assert.Contains("never changed or removed", update.MessageText);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            api.ExecuteSqlAsync("delete from article_corrections where article_id = @Id", ("Id", Guid.Parse(id))));

        // Deleting the article takes its corrections with it.
        var current = await writer.GetAsync($"/v1/articles/{id}");
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/v1/articles/{id}", current.ETag())).StatusCode);
        Assert.Equal(0L, await api.QueryScalarAsync<long>("select count(*) from article_corrections where article_id = @Id", ("Id", Guid.Parse(id))));
    }

    [Fact]
    public async Task The_change_feed_reports_the_corrected_article()
    {
        var (writer, id, etag, _) = await PublishedArticleAsync();
        var anonymous = api.CreateClient();
        var token = await LastTokenAsync(anonymous);

        await (await writer.PostJsonAsync($"/v1/articles/{id}/corrections", """{"kind": "update", "text": "Nachtrag."}""", etag))
            .ReadJsonAsync(HttpStatusCode.Created);

        var changes = await (await anonymous.GetAsync($"/v1/changes?since={token}")).ReadJsonAsync();
        var item = Assert.Single(changes.GetProperty("items").EnumerateArray(), i => i.GetProperty("articleId").GetString() == id);
        Assert.Equal(3, item.GetProperty("article").GetProperty("version").GetInt32());
    }

    private static async Task<string> LastTokenAsync(HttpClient client)
    {
        string? token = null;
        while (true)
        {
            var page = await (await client.GetAsync(token is null ? "/v1/changes?limit=100" : $"/v1/changes?limit=100&since={token}")).ReadJsonAsync();
            token = page.GetProperty("nextToken").GetString()!;
            if (!page.GetProperty("hasMore").GetBoolean())
                return token;
        }
    }
}
