using Microsoft.Extensions.Configuration;
using OzdContentApi.Formats;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Tests.Formats;

public sealed class FormatCacheTests
{
    [Fact]
    public void A_format_is_built_once_and_read_back_from_the_file_as_built_in_every_encoding()
    {
        var directory = Directory.CreateTempSubdirectory("ozd-format-cache-test").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Caching:Directory"] = directory,
            }).Build();
            using var cache = new FormatCache(configuration);
            var builds = 0;
            var bytes = System.Text.Encoding.UTF8.GetBytes("{\"@type\":\"NewsArticle\",\"headline\":\"Gespräche in Miami\"}");
            Representation Build()
            {
                builds++;
                return Representation.OfBytes(bytes, "application/ld+json; charset=utf-8", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), null);
            }

            var first = cache.Get("jsonld http://api \"a\"", Build);
            var reads = Enumerable.Range(0, 5).Select(_ => cache.Get("jsonld http://api \"a\"", Build)).ToList();

            Assert.Equal(1, builds);
            Assert.All(reads, read =>
            {
                Assert.Equal(bytes, read.Json);
                Assert.Equal(first.ETag, read.ETag);
                Assert.Equal("application/ld+json; charset=utf-8", read.MediaType);
                Assert.Equal(first.LastModified, read.LastModified);
                using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(read.Encoded("gzip")), System.IO.Compression.CompressionMode.Decompress);
                using var unpacked = new MemoryStream();
                gzip.CopyTo(unpacked);
                Assert.Equal(bytes, unpacked.ToArray());
            });
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
            Assert.Contains(OpenFilesIn(directory), target => target.Contains("ozd-format-cache-") && target.EndsWith(" (deleted)"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void With_no_budget_a_format_is_built_on_every_request_and_no_file_is_made()
    {
        var directory = Directory.CreateTempSubdirectory("ozd-format-cache-test").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Caching:Directory"] = directory,
                ["Caching:FormatBytes"] = "0",
            }).Build();
            using var cache = new FormatCache(configuration);
            var builds = 0;
            Representation Build()
            {
                builds++;
                return Representation.OfBytes("{}"u8.ToArray(), "application/ld+json", null, null);
            }
            for (var i = 0; i < 4; i++)
                Assert.Equal("{}"u8.ToArray(), cache.Get("jsonld http://api \"a\"", Build).Json);

            Assert.Equal(4, builds);
            Assert.Empty(OpenFilesIn(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The files this process holds open in the folder, deleted or not (Linux).</summary>
    public static IEnumerable<string> OpenFilesIn(string directory) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => { try { return fd.LinkTarget; } catch (IOException) { return null; } })
            .OfType<string>().Where(target => target.StartsWith(directory + "/", StringComparison.Ordinal)).ToList();
}
