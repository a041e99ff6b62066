using System.Net;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Management;

public sealed class PersonWriteTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Creating_a_person_transliterates_the_slug()
    {
        var writer = await api.ClientWithScopesAsync("write");

        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Jürgen Groß-Öztürk", "description": "Testperson"}""");
        var person = await created.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("juergen-gross-oeztuerk", person.GetProperty("slug").GetString());
        Assert.Equal($"/v1/persons/{person.GetProperty("id").GetString()}", created.Headers.Location?.ToString());
        var read = await api.CreateClient().GetAsync(created.Headers.Location);
        Assert.Equal(created.ETag(), read.ETag());

        await (await writer.PostJsonAsync("/v1/persons", """{"name": "Wer auch immer", "slug": "juergen-gross-oeztuerk"}"""))
            .ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Renaming_a_person_needs_If_Match_and_changes_the_articles_that_mention_them()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Erika Mustermann"}""");
        var person = await created.ReadJsonAsync(HttpStatusCode.Created);
        var personId = person.GetProperty("id").GetString();
        var article = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Über Erika", "persons": [{"personId": "{{personId}}", "role": "Zeugin"}]}""");
        var articleId = (await article.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Erika Beispiel"}""", null)).ReadProblemAsync(HttpStatusCode.PreconditionRequired);
        var renamed = await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Erika Beispiel"}""", created.ETag());
        var after = await renamed.ReadJsonAsync();
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal("erika-mustermann", after.GetProperty("slug").GetString());

        var reread = await writer.GetAsync($"/v1/articles/{articleId}");
        Assert.Equal("Erika Beispiel", (await reread.ReadJsonAsync()).GetProperty("persons")[0].GetProperty("name").GetString());
        Assert.NotEqual(article.ETag(), reread.ETag());
        await (await writer.PutJsonAsync($"/v1/articles/{articleId}", """{"title": "Veraltet"}""", article.ETag())).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_person_an_article_mentions_cannot_be_deleted_until_it_no_longer_does()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var selenskyj = await writer.GetAsync($"/v1/persons/{SampleArticle.SelenskyjId}");

        var conflict = await (await writer.DeleteAsync($"/v1/persons/{SampleArticle.SelenskyjId}", selenskyj.ETag())).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("referenced", conflict.GetProperty("detail").GetString());

        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Nur im Glossar"}""");
        var personId = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var article = await writer.PostJsonAsync("/v1/articles", $$"""
            {"title": "Glossar", "sections": [{"type": "glossary", "entries": [{"term": "t", "question": "Wer?", "answer": "Sie.", "personId": "{{personId}}"}]}]}
            """);
        var articleId = (await article.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.DeleteAsync($"/v1/persons/{personId}", created.ETag())).ReadProblemAsync(HttpStatusCode.Conflict);

        await (await writer.PutJsonAsync($"/v1/articles/{articleId}", """{"title": "Glossar ohne Person"}""", article.ETag())).ReadJsonAsync();
        await (await writer.DeleteAsync($"/v1/persons/{personId}", "\"stale\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var deleted = await writer.DeleteAsync($"/v1/persons/{personId}", created.ETag());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await writer.GetAsync($"/v1/persons/{personId}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
