using System.Net;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// Browsers, HttpClient with decompression and python-requests all ask for br or gzip; the tag
/// they read must work for the next write.
/// </summary>
public sealed class CompressedETagTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task An_article_read_compressed_can_be_written_with_the_tag_it_came_with(string encoding)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Komprimiert gelesen"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        var tag = await CompressedTagAsync(writer, $"/v1/articles/{id}", encoding);
        Assert.EndsWith($"-{encoding}\"", tag);
        var replaced = await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Komprimiert gelesen, gespeichert"}""", tag);
        await replaced.ReadJsonAsync();

        // The old tag, in any encoding, is now stale.
        await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Zu spät"}""", tag)).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var sectionTag = await CompressedTagAsync(writer, $"/v1/articles/{id}", encoding);
        var section = await writer.PostJsonAsync($"/v1/articles/{id}/sections", """{"type": "infobox", "title": "Mini-Infobox", "items": ["Fakt"]}""", sectionTag);
        await section.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_person_read_compressed_can_be_written_with_that_tag()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Gzip Leser"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        var tag = await CompressedTagAsync(writer, $"/v1/persons/{id}", "gzip");
        await (await writer.PutJsonAsync($"/v1/persons/{id}", """{"name": "Gzip Leserin"}""", tag)).ReadJsonAsync();
    }

    private static async Task<string> CompressedTagAsync(HttpClient client, string path, string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        return response.ETag();
    }
}
