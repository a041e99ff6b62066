using System.Net;
using System.Text;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// A write that takes no body refuses one instead of going ahead without it; nothing, whitespace
/// and {} are no body.
/// </summary>
public sealed class BodylessOperationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Draft = """{"title": "Ohne Körper", "sections": [{"type": "report", "paragraphs": ["Eins."]}]}""";

    [Fact]
    public async Task An_unpublish_with_a_body_is_a_400_and_changes_nothing_and_with_an_empty_object_goes_ahead()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        var before = await api.SnapshotAsync();

        var refused = await writer.PostJsonAsync($"/v1/articles/{id}/unpublish", """{"reason": "Rechtliche Prüfung"}""", published.ETag());
        var problem = await refused.ReadValidationProblemAsync("body");

        Assert.Contains("takes no request body", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(before, await api.SnapshotAsync());
        var unpublished = await writer.PostJsonAsync($"/v1/articles/{id}/unpublish", " { }\n", published.ETag());
        Assert.Equal("draft", (await unpublished.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_delete_with_a_body_is_a_400_and_deletes_nothing()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/persons", """{"name": "Karla Körperlos"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var withBody = await writer.SendJsonAsync(HttpMethod.Delete, $"/v1/persons/{id}", """{"force": true}""", created.ETag());
        await withBody.ReadValidationProblemAsync("body");
        await (await api.CreateClient().GetAsync($"/v1/persons/{id}")).ReadJsonAsync();

        var deleted = await writer.DeleteAsync($"/v1/persons/{id}", created.ETag());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    // Every operation the document gives no requestBody refuses one before it looks at anything
    // else (so made-up ids do not matter); every one that takes a body is not refused for having one.
    [Fact]
    public async Task Every_write_without_a_declared_body_refuses_one()
    {
        var admin = await api.ClientWithScopesAsync("preview", "write", "admin");
        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var refused = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch" or "delete"))
            {
                var url = FillIn(path.Name);
                var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url)
                {
                    Content = new StringContent("""{"unexpected": true}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("If-Match", "\"nothing\"");
                var response = await admin.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var isRefusal = response.StatusCode == HttpStatusCode.BadRequest && body.Contains("takes no request body", StringComparison.Ordinal);
                if (isRefusal)
                    refused.Add($"{operation.Name} {path.Name}");
                Assert.True(isRefusal == !operation.Value.TryGetProperty("requestBody", out _),
                    $"{operation.Name} {path.Name}: {(int)response.StatusCode} {body}");
            }
        }
        Assert.Contains("post /v1/articles/{idOrSlug}/unpublish", refused);
        Assert.Contains("post /v1/webhooks/{id}/rotate-secret", refused);
    }

    private static string FillIn(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\}", m => m.Groups[1].Value.EndsWith("Slug", StringComparison.Ordinal)
            ? "kein-artikel"
            : Guid.NewGuid().ToString());
}
