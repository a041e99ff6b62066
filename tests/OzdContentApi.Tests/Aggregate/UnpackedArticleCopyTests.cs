using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;
using static OzdContentApi.Tests.Formats.FormatCacheTests;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>
/// Cached articles are filed unpacked too: a client that takes no compression gets them with one
/// read into a pooled buffer, no decompression, and never other bytes when a file was replaced.
/// </summary>
public sealed class UnpackedArticleCopyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ozd-copy-test").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_client_taking_no_compression_gets_the_filed_bytes_from_a_pooled_buffer_that_is_written_once()
    {
        using var cache = Cache();
        var article = Article("einmal", 6000);
        cache.Store(article, cache.Now);
        Assert.Contains(OpenFilesIn(_directory), target => target.Contains("ozd-article-cache-unpacked-") && target.EndsWith(" (deleted)"));

        var plain = cache.Find(Key(article), unpacked: true)!;
        Assert.False(plain.IsGzipNative);
        Assert.Equal(article.ETag, plain.ETag);
        var (length, body) = await WrittenAsync(plain);

        Assert.Equal(article.Json!.Length, length);
        Assert.Equal(article.Json, body);
        // The buffer went back to the pool with the response: nothing may read it after that.
        Assert.Throws<InvalidOperationException>(() => plain.Json);
        // A client that takes gzip still gets the gzip copy.
        Assert.True(cache.Find(Key(article))!.IsGzipNative);
    }

    [Fact]
    public async Task An_unpacked_copy_lost_with_its_replaced_file_is_filed_again_and_no_read_gets_other_bytes()
    {
        // Unpacked files of 16 MiB; articles of 12,000 random bytes. The gzip copies fit in their one file.
        using var cache = Cache(("Caching:ArticleBytes", "67108864"), ("Caching:UnpackedArticleBytes", "16777216"));
        List<StoredArticle> Batch(string name) => Enumerable.Range(0, 1000).Select(i => Article($"{name}-{i}", 12_000, seed: name[0] * 10_000 + i)).ToList();
        var a = Batch("a"); // 12 MB of the first unpacked file
        var b = Batch("b"); // fills it and starts a second
        var c = Batch("c"); // fills the second: a third is started and the first is closed
        foreach (var article in a.Concat(b).Concat(c))
            cache.Store(article, cache.Now);

        async Task AssertServedAsStored(IEnumerable<StoredArticle> batch)
        {
            foreach (var article in batch)
            {
                var (_, body) = await WrittenAsync(cache.Find(Key(article), unpacked: true)!);
                Assert.Equal(article.Json, body);
            }
        }

        await AssertServedAsStored(a);
        // a's copies were in the closed file: the reads above unpacked the gzip copies and filed
        // them again, so the next read comes from a pooled buffer once more.
        var again = cache.Find(Key(a[0]), unpacked: true)!;
        var (_, bytes) = await WrittenAsync(again);
        Assert.Equal(a[0].Json, bytes);
        Assert.Throws<InvalidOperationException>(() => again.Json);
        await AssertServedAsStored(b.Concat(c));
    }

    [Fact]
    public async Task With_no_budget_for_unpacked_copies_no_file_is_made_and_the_gzip_copy_is_unpacked_for_plain_clients()
    {
        using var cache = Cache(("Caching:UnpackedArticleBytes", "0"));
        var article = Article("ohne", 6000);
        cache.Store(article, cache.Now);

        Assert.DoesNotContain(OpenFilesIn(_directory), target => target.Contains("ozd-article-cache-unpacked-"));
        var found = cache.Find(Key(article), unpacked: true)!;
        Assert.True(found.IsGzipNative);
        var (length, body) = await WrittenAsync(found);
        Assert.Equal(article.Json!.Length, length);
        Assert.Equal(article.Json, body);
    }

    private ArticleCache Cache(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(
                settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Append(KeyValuePair.Create("Caching:Directory", (string?)_directory)))
            .Build(), ArticleCacheTests.ListeningChanges());

    private static IdOrSlug Key(StoredArticle article) => new(article.Id, null);

    // Random bytes: gzip cannot shrink them, so sizes in the files are known.
    private static StoredArticle Article(string slug, int size, int seed = 1204)
    {
        var json = new byte[size];
        new Random(seed).NextBytes(json);
        return new StoredArticle(Guid.NewGuid(), slug, json, $"\"{slug}\"", DateTime.UtcNow, []);
    }

    private static async Task<(long? ContentLength, byte[] Body)> WrittenAsync(Representation representation)
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        await representation.WriteAsync(http.Response, "identity", CancellationToken.None);
        return (http.Response.ContentLength, body.ToArray());
    }
}
