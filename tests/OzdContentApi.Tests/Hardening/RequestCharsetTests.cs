using System.Net;
using System.Text;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Hardening;

/// <summary>Bodies are UTF-8; the charset parameter may be quoted, anything else is a 415 problem (never a 500).</summary>
public sealed class RequestCharsetTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static HttpContent Json(string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/json; charset=us-ascii")]
    public async Task A_quoted_or_plain_UTF_8_charset_is_taken(string contentType)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostAsync("/v1/persons", Json("""{"name": "Zeichensatz Gäste"}""", contentType));
        Assert.Equal("Zeichensatz Gäste", (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset='utf-8'")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"utf-8")]
    public async Task Any_other_charset_is_a_415_problem_and_nothing_is_written(string contentType)
    {
        var writer = await api.ClientWithScopesAsync("write", "admin");
        var before = await api.SnapshotAsync();
        foreach (var (method, path) in new[] { ("POST", "/v1/persons"), ("POST", "/v1/articles"), ("PUT", $"/v1/articles/{Id}"), ("POST", "/v1/keys") })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("""{"name": "x", "title": "x", "scopes": ["preview"]}""", contentType) };
            request.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
            var problem = await (await writer.SendAsync(request)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
            Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_compressed_request_body_is_a_415_and_an_empty_chunked_one_is_as_empty_as_Content_Length_0()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var encoded = Json("""{"name": "Komprimiert"}""", "application/json");
        encoded.Headers.ContentEncoding.Add("gzip");
        await (await writer.PostAsync("/v1/persons", encoded)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);

        // publish takes an optional body: none, Content-Length: 0, or an empty chunked one alike.
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Leer gestückelt"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var publish = new HttpRequestMessage(HttpMethod.Post, $"/v1/articles/{id}/publish") { Content = new StreamContent(new MemoryStream()) };
        publish.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        publish.Headers.TransferEncodingChunked = true;
        publish.Headers.TryAddWithoutValidation("If-Match", created.ETag());
        Assert.Equal("published", (await (await writer.SendAsync(publish)).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_import_takes_text_with_a_quoted_charset()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var preview = await writer.PostAsync("/v1/imports/ozd-text?dryRun=true",
            Json("Überschrift\n\nErster Absatz des Berichts.\nOZD", "text/plain; charset=\"utf-8\""));
        Assert.Equal("Überschrift", (await preview.ReadJsonAsync()).GetProperty("article").GetProperty("title").GetString());
    }
}
