using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Infrastructure.Contract;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Operations;

/// <summary>The checker every test client uses must itself refuse what the document does not allow.</summary>
public sealed class ContractValidatorTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly OpenApiContract Contract = OpenApiContract.Committed;

    private async Task<JsonObject> SampleArticleAsync() =>
        JsonNode.Parse(await api.CreateClient().GetStringAsync($"/v1/articles/{Slug}"))!.AsObject();

    private static IReadOnlyList<string> Check(string path, HttpStatusCode status, JsonNode body, string method = "GET") =>
        Contract.Check(method, path, status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()));

    [Fact]
    public async Task The_real_sample_article_passes_each_section_matching_exactly_one_branch()
    {
        Assert.Empty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, await SampleArticleAsync()));
    }

    [Fact]
    public async Task A_response_without_a_header_the_document_requires_is_refused()
    {
        var article = Encoding.UTF8.GetBytes((await SampleArticleAsync()).ToJsonString());

        var without = Contract.Check("GET", $"/v1/articles/{Slug}", HttpStatusCode.OK, "application/json", article, _ => false);
        var with = Contract.Check("GET", $"/v1/articles/{Slug}", HttpStatusCode.OK, "application/json", article,
            name => name is "ETag" or "Surrogate-Key" or "Cache-Tag");
        var created = Contract.Check("POST", "/v1/persons", HttpStatusCode.Created, "application/json",
            Encoding.UTF8.GetBytes("""{"id":"019b4023-2df0-7646-91ec-ab4622d6ce94","slug":"x","name":"X","description":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","version":1}"""),
            name => name == "ETag");

        Assert.Contains(without, v => v.Contains("required header ETag missing"));
        Assert.Empty(with);
        Assert.Contains(created, v => v.Contains("required header Location missing"));
    }

    [Fact]
    public async Task An_extra_property_in_a_section_is_refused()
    {
        var article = await SampleArticleAsync();
        article["sections"]![2]!["label"] = "OZD-Kommentar";

        Assert.NotEmpty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, article));
    }

    [Fact]
    public async Task A_section_missing_a_required_field_or_of_an_unknown_type_is_refused()
    {
        var missing = await SampleArticleAsync();
        missing["sections"]![2]!.AsObject().Remove("items");
        Assert.NotEmpty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, missing));

        var unknown = await SampleArticleAsync();
        unknown["sections"]![0]!["type"] = "poll";
        Assert.NotEmpty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, unknown));
    }

    [Fact]
    public async Task A_wrong_type_a_null_where_none_is_allowed_and_a_bad_format_are_refused()
    {
        var wrongType = await SampleArticleAsync();
        wrongType["version"] = "1";
        Assert.NotEmpty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, wrongType));

        var nulled = await SampleArticleAsync();
        nulled["title"] = null;
        Assert.NotEmpty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, nulled));

        var badId = await SampleArticleAsync();
        badId["id"] = "not-a-uuid";
        Assert.NotEmpty(Check($"/v1/articles/{Slug}", HttpStatusCode.OK, badId));
    }

    [Fact]
    public void An_undeclared_status_or_content_type_is_refused()
    {
        Assert.Contains(Contract.Check("GET", $"/v1/articles/{Slug}", HttpStatusCode.InternalServerError, "application/problem+json", "{}"u8.ToArray()),
            v => v.Contains("status not declared"));
        Assert.Contains(Contract.Check("GET", $"/v1/articles/{Slug}", HttpStatusCode.OK, "text/html", "<p>"u8.ToArray()),
            v => v.Contains("content type"));
    }

    [Fact]
    public void Routes_outside_the_document_are_left_to_the_framework()
    {
        Assert.Empty(Contract.Check("GET", "/v1/nothing/here", HttpStatusCode.NotFound, "application/problem+json", "{}"u8.ToArray()));
    }
}
