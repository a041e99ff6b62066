using System.Net;
using Npgsql;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Hardening;

/// <summary>A glossary entry's link to a person is protected by the database, like a mention.</summary>
public sealed class GlossaryLinkTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task The_database_itself_refuses_to_delete_a_person_a_glossary_entry_links_to()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await NewPersonAsync(writer, "Nur im Glossar");
        var article = await writer.PostJsonAsync("/v1/articles", Glossary("Glossar-Artikel", person.Id));
        await article.ReadJsonAsync(HttpStatusCode.Created);

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            api.ExecuteSqlAsync("delete from persons where id = @id", ("id", Guid.Parse(person.Id))));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        var problem = await (await writer.DeleteAsync($"/v1/persons/{person.Id}", person.ETag)).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("glossary", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_delete_racing_a_write_that_links_the_person_never_leaves_a_dangling_link()
    {
        var writer = await api.ClientWithScopesAsync("write");
        for (var round = 0; round < 25; round++)
        {
            var person = await NewPersonAsync(writer, $"Umkämpfte Person {round}");
            var article = await writer.PostJsonAsync("/v1/articles", """{"title": "Wettlauf"}""");
            var created = await article.ReadJsonAsync(HttpStatusCode.Created);

            var link = writer.PutJsonAsync($"/v1/articles/{created.GetProperty("id").GetString()}", Glossary("Wettlauf", person.Id), article.ETag());
            var delete = writer.DeleteAsync($"/v1/persons/{person.Id}", person.ETag);
            var (linked, deleted) = (await link, await delete);

            Assert.False(linked.StatusCode == HttpStatusCode.OK && deleted.StatusCode == HttpStatusCode.NoContent,
                $"round {round}: both the link and the delete succeeded");
            Assert.Contains(linked.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.BadRequest });
            Assert.Contains(deleted.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict });
        }

        var dangling = await api.QueryAsync<long>("""
            select count(*) from sections s, jsonb_array_elements(s.body -> 'entries') e
            where s.type = 'glossary' and e ->> 'personId' is not null
              and not exists (select from persons p where p.id = (e ->> 'personId')::uuid)
            """);
        Assert.Equal(0, dangling.Single());
    }

    private static string Glossary(string title, string personId) => $$"""
        {"title": "{{title}}", "sections": [{"type": "glossary", "entries": [
          {"term": "Person", "question": "Wer ist das?", "answer": "Eine Person.", "personId": "{{personId}}"}]}]}
        """;

    private static async Task<(string Id, string ETag)> NewPersonAsync(HttpClient writer, string name)
    {
        var created = await writer.PostJsonAsync("/v1/persons", $$"""{"name": "{{name}}"}""");
        return ((await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!, created.ETag());
    }
}
