using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Newsroom;

/// <summary>
/// An embargoed article: partners with the syndication scope read it, nobody else learns anything
/// of it (not its id, not its slug) in any endpoint until the time, and then it is public without a
/// job. Real time, a few seconds: the change feed orders entries by the database's clock.
/// </summary>
public sealed class EmbargoTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Word = "Quarkfusionsgipfel";

    [Fact]
    public async Task Before_the_time_only_syndication_and_preview_keys_see_it_and_afterwards_everyone_does()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var syndication = await api.ClientWithScopesAsync("syndication");
        var anonymous = api.CreateClient();
        var token = await LastTokenAsync(anonymous);

        var person = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Emma Embargo"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var created = await writer.PostJsonAsync("/v1/articles", $$"""
            {"title": "Der {{Word}} beginnt", "persons": [{"personId": "{{person.GetProperty("id").GetString()}}"}],
             "sections": [{"type": "report", "paragraphs": ["Beim {{Word}} wird verhandelt."]}]}
            """);
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);
        var (id, slug) = (article.GetProperty("id").GetString()!, article.GetProperty("slug").GetString()!);
        var sectionId = article.GetProperty("sections")[0].GetProperty("id").GetString();
        var until = DateTime.UtcNow.AddSeconds(6);

        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"embargoedUntil": "2020-01-01T00:00:00Z"}""", created.ETag()))
            .ReadValidationProblemAsync("embargoedUntil");
        var publishing = await writer.PostJsonAsync($"/v1/articles/{id}/publish",
            $$"""{"embargoedUntil": "{{until:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""", created.ETag());
        var published = await publishing.ReadJsonAsync();
        Assert.Equal("published", published.GetProperty("status").GetString());
        var correction = await (await writer.PostJsonAsync($"/v1/articles/{id}/corrections",
            """{"kind": "correction", "text": "Richtig ist: am Montag."}""", publishing.ETag())).ReadJsonAsync(HttpStatusCode.Created);
        var correctionPath = $"/v1/articles/{id}/corrections/{correction.GetProperty("id").GetString()}";
        await (await anonymous.GetAsync(correctionPath)).ReadProblemAsync(HttpStatusCode.NotFound);

        var anonymousPaths = new[]
        {
            $"/v1/articles/{id}", $"/v1/articles/{slug}", "/v1/articles?limit=100", $"/v1/search?q={Word}",
            $"/v1/persons/{person.GetProperty("slug").GetString()}/articles", $"/v1/articles/{id}/sections",
            $"/v1/articles/{id}/sections/{sectionId}", "/v1/sections?type=report&limit=100", $"/v1/changes?since={token}&limit=100",
            $"/v1/articles/{slug}/jsonld", $"/v1/articles/{slug}/ninjs", "/v1/feeds/articles.atom?limit=100", "/v1/feeds/articles.rss?limit=100",
        };
        foreach (var path in anonymousPaths)
        {
            var response = await anonymous.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (path.Contains(id) || path.Contains(slug))  // the request names it; the answer must not confirm it
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {body}");
            else
                Assert.False(body.Contains(id) || body.Contains(slug), $"{path} names the embargoed article: {body}");
        }

        // A partner finds it wherever delivery shows articles; only the change feed stays public
        // (it is the public's history: the article enters it at the embargo's end).
        foreach (var path in anonymousPaths.Where(p => !p.StartsWith("/v1/changes")))
        {
            var response = await syndication.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK && (body.Contains(id) || body.Contains(sectionId!)),
                $"{path} for a partner before the embargo's end: {(int)response.StatusCode} {body}");
        }
        Assert.Equal(HttpStatusCode.OK, (await syndication.GetAsync(correctionPath)).StatusCode);
        var partnerRead = await (await syndication.GetAsync($"/v1/articles/{slug}")).ReadJsonAsync();
        Assert.Equal(until.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), partnerRead.GetProperty("embargoedUntil").GetDateTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
        Assert.Contains(id, await (await syndication.GetAsync("/v1/articles?limit=100")).Content.ReadAsStringAsync());
        var ninjs = await (await syndication.GetAsync($"/v1/articles/{slug}/ninjs")).ReadJsonAsync();
        Assert.Equal(until.ToString("yyyy-MM-ddTHH:mm:ssZ"), ninjs.GetProperty("embargoedUntil").GetString());
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync($"/v1/articles/{id}")).StatusCode);
        // A partner reads what is published: a draft stays hidden from it.
        var draft = await (await writer.PostJsonAsync("/v1/articles", """{"title": "Nur ein Entwurf"}""")).ReadJsonAsync(HttpStatusCode.Created);
        await (await syndication.GetAsync($"/v1/articles/{draft.GetProperty("id").GetString()}")).ReadProblemAsync(HttpStatusCode.NotFound);

        var wait = until - DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);

        foreach (var path in anonymousPaths)
        {
            var response = await anonymous.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK && (body.Contains(id) || body.Contains(sectionId!)),
                $"{path} after the embargo: {(int)response.StatusCode} {body}");
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(correctionPath)).StatusCode);
    }

    [Fact]
    public async Task Scheduled_and_embargoed_partners_read_it_from_its_publication_time_and_the_public_from_the_later_of_both()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var syndication = await api.ClientWithScopesAsync("syndication");
        var anonymous = api.CreateClient();
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Geplant und gesperrt"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var start = DateTime.UtcNow;
        var (publishAt, until) = (start.AddSeconds(2), start.AddSeconds(4));

        var scheduled = await (await writer.PostJsonAsync($"/v1/articles/{id}/publish",
            $$"""{"publishAt": "{{publishAt:yyyy-MM-ddTHH:mm:ss.fffZ}}", "embargoedUntil": "{{until:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""",
            created.ETag())).ReadJsonAsync();
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await syndication.GetAsync($"/v1/articles/{id}")).StatusCode);
        await WaitUntil(publishAt);
        Assert.Equal(HttpStatusCode.OK, (await syndication.GetAsync($"/v1/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/v1/articles/{id}")).StatusCode);
        await WaitUntil(until);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/v1/articles/{id}")).StatusCode);
    }

    private static async Task WaitUntil(DateTime time)
    {
        var wait = time - DateTime.UtcNow + TimeSpan.FromMilliseconds(300);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }

    [Fact]
    public async Task A_syndication_key_can_be_created_and_the_scope_is_documented()
    {
        var admin = await api.ClientWithScopesAsync("admin");

        var key = await (await admin.PostJsonAsync("/v1/keys", """{"name": "Partner", "scopes": ["syndication"]}""")).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(["syndication"], key.GetProperty("scopes").Strings());
        var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.Contains("syndication", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey")
            .GetProperty("description").GetString());
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
