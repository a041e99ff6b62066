using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Operations;

public sealed class HttpCachingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    public static TheoryData<string> DeliveryGets => new()
    {
        $"/v1/articles/{Slug}",
        "/v1/articles",
        "/v1/articles?person=wolodymyr-selenskyj&limit=1",
        $"/v1/articles/{Slug}/sections",
        $"/v1/articles/{Slug}/sections/{CommentaryId}",
        "/v1/sections?type=infobox",
        "/v1/persons",
        "/v1/persons/wolodymyr-selenskyj",
        "/v1/persons/wolodymyr-selenskyj/articles",
        "/v1/search?q=Ukraine",
        "/v1/changes",
    };

    [Theory]
    [MemberData(nameof(DeliveryGets))]
    public async Task Every_delivery_GET_has_a_strong_ETag_of_its_bytes_public_caching_and_answers_304(string path)
    {
        var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal(OzdContentApi.Platform.Http.ETags.OfJson(body), etag.Tag);
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", response.Headers.GetValues("Cache-Control").Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Contains("Authorization", response.Headers.Vary);

        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await _client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
    }

    [Fact]
    public async Task A_changed_article_answers_200_with_a_new_tag_to_the_old_one()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Zwischenstand"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        var first = await _client.GetAsync($"/v1/articles/{id}");
        var etag = first.Headers.ETag!;

        await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Endstand"}""", published.ETag())).ReadJsonAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{id}");
        request.Headers.IfNoneMatch.Add(etag);
        var changed = await _client.SendAsync(request);
        Assert.Equal("Endstand", (await changed.ReadJsonAsync()).GetProperty("title").GetString());
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Renaming_a_mentioned_person_changes_a_cached_articles_body_and_tag()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Max Vorher"}""");
        var personId = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var created = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Namenswechsel", "persons": [{"personId": "{{personId}}"}]}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag())).ReadJsonAsync();
        var before = await _client.GetAsync($"/v1/articles/{id}");
        await before.ReadJsonAsync();

        await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Max Nachher"}""", person.ETag())).ReadJsonAsync();

        var after = await _client.GetAsync($"/v1/articles/{id}");
        Assert.Equal("Max Nachher", (await after.ReadJsonAsync()).GetProperty("persons")[0].GetProperty("name").GetString());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Bodies_are_compressed_when_asked_and_the_tag_names_the_encoding(string encoding)
    {
        var plain = await _client.GetAsync($"/v1/articles/{Slug}");
        var plainBody = await plain.Content.ReadAsStringAsync();

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        var compressed = await _client.SendAsync(request);

        Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < Encoding.UTF8.GetByteCount(plainBody) / 2, $"{bytes.Length} bytes");
        using Stream decoder = encoding == "br"
            ? new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        Assert.Equal(plainBody, await new StreamReader(decoder, Encoding.UTF8).ReadToEndAsync());
        Assert.Equal(plain.Headers.ETag!.Tag.TrimEnd('"') + $"-{encoding}\"", compressed.Headers.ETag!.Tag);

        var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        revalidate.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        revalidate.Headers.IfNoneMatch.Add(compressed.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(revalidate)).StatusCode);
    }

    // RFC 9110 12.5.3: a coding's own entry decides over "*", q=0 refuses, the higher q wins.
    [Theory]
    [InlineData("br;q=0, *", "gzip")]
    [InlineData("gzip;q=0, *;q=0.5", "br")]
    [InlineData("br;q=0.1, gzip;q=0.9", "gzip")]
    [InlineData("gzip;q=0.2, br", "br")]
    [InlineData("br;q=0, gzip;q=0", "identity")]
    [InlineData("*;q=0", "identity")]
    [InlineData("identity", "identity")]
    [InlineData("gzip, deflate", "gzip")]
    public async Task The_encoding_is_the_one_the_client_ranks_highest_and_never_one_it_refuses(string acceptEncoding, string expected)
    {
        foreach (var path in new[] { $"/v1/articles/{Slug}", "/v1/articles", "/v1/feeds/articles.atom" })
        {
            for (var twice = 0; twice < 2; twice++) // the second answer may come from the one-second cache
            {
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
                var response = await _client.SendAsync(request);

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(expected == "identity" ? [] : [expected], response.Content.Headers.ContentEncoding);
            }
        }
    }

    [Fact]
    public async Task Last_Modified_answers_If_Modified_Since()
    {
        var response = await _client.GetAsync($"/v1/articles/{Slug}");
        var lastModified = response.Content.Headers.LastModified;
        Assert.NotNull(lastModified);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        request.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(request)).StatusCode);

        var older = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        older.Headers.IfModifiedSince = lastModified!.Value.AddDays(-1);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(older)).StatusCode);
    }

    [Fact]
    public async Task Anything_read_with_a_key_is_private_and_not_stored()
    {
        var preview = await api.ClientWithScopesAsync("preview");

        var response = await preview.GetAsync($"/v1/articles/{Slug}");

        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true, Public: false });
        Assert.NotNull(response.Headers.ETag);
    }
}
