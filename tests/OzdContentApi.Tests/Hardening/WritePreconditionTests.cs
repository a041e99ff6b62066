using System.Net;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>A write with the current If-Match and an If-None-Match is refused, not applied (RFC 9110 13.2.2).</summary>
public sealed class WritePreconditionTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("*")]
    [InlineData("\"other\"")]
    public async Task If_None_Match_on_a_write_is_a_400_and_nothing_changes(string ifNoneMatch)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Bedingung Person"}""");
        var personId = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var article = await writer.PostJsonAsync("/v1/articles", """{"title": "Bedingung Artikel"}""");
        var articleId = (await article.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var before = await api.SnapshotAsync();

        foreach (var (method, path, body, etag) in new[]
                 {
                     ("PUT", $"/v1/persons/{personId}", """{"name": "Geändert"}""", person.ETag()),
                     ("PUT", $"/v1/articles/{articleId}", """{"title": "Geändert"}""", article.ETag()),
                     ("POST", $"/v1/articles/{articleId}/publish", "{}", article.ETag()),
                     ("DELETE", $"/v1/articles/{articleId}", "", article.ETag()),
                 })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body.Length > 0)
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            var problem = await (await writer.SendAsync(request)).ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("If-None-Match", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(before, await api.SnapshotAsync());
    }
}
