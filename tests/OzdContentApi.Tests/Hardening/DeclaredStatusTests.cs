using System.Net;
using System.Text;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// Answers every operation can give are in the document, so a client generated from it knows them:
/// the checked client fails a test on any status the committed document does not declare.
/// </summary>
public sealed class DeclaredStatusTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("/health/live?x=1&x=2")]
    [InlineData("/health/ready?x=1&x=2")]
    [InlineData("/v1/sitemaps/news.xml?x=1&x=2")]
    public async Task A_repeated_query_parameter_is_a_declared_400_everywhere(string path)
    {
        await (await api.CreateClient().GetAsync(path)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_one_MiB_to_an_operation_without_one_is_a_declared_413()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Ohne Körper"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/articles/{id}/unpublish")
        {
            Content = new StringContent(new string('x', 1024 * 1024 + 1), Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", created.ETag());

        await (await writer.SendAsync(request)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
