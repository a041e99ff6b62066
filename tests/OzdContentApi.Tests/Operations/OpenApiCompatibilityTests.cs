using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Infrastructure.Contract;

namespace OzdContentApi.Tests.Operations;

/// <summary>The v1 contract only grows: removing or renaming anything needs a new major version.</summary>
public sealed class OpenApiCompatibilityTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static JsonObject Committed() => JsonNode.Parse(File.ReadAllText(Repository.File("openapi", "v1.json")))!.AsObject();

    private static Version CommittedVersion => Version.Parse(Committed()["info"]!["version"]!.GetValue<string>());
    private static string NextMinor => $"{CommittedVersion.Major}.{CommittedVersion.Minor + 1}.0";
    private static string NextMajor => $"{CommittedVersion.Major + 1}.0.0";

    [Fact]
    public async Task The_served_document_breaks_nothing_in_the_committed_one_without_the_right_version()
    {
        var served = JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();

        Assert.Empty(OpenApiCompatibility.VersionProblems(Committed(), served));
    }

    [Fact]
    public void Removing_a_property_is_breaking_and_needs_a_new_major_version()
    {
        var changed = Committed();
        changed["components"]!["schemas"]!["Article"]!["properties"]!.AsObject().Remove("teaser");
        changed["info"]!["version"] = NextMinor;

        var problems = OpenApiCompatibility.VersionProblems(Committed(), changed);
        Assert.Contains(problems, p => p.Contains("schema Article: property teaser removed"));

        changed["info"]!["version"] = NextMajor;
        Assert.Empty(OpenApiCompatibility.VersionProblems(Committed(), changed));
    }

    [Fact]
    public void Renaming_an_operation_or_removing_a_path_or_an_enum_value_is_breaking()
    {
        var changed = Committed();
        changed["paths"]!["/v1/articles"]!["get"]!["operationId"] = "getArticles";
        changed["paths"]!.AsObject().Remove("/v1/search");
        changed["components"]!["schemas"]!["ArticleStatus"]!["enum"]!.AsArray().RemoveAt(3);

        var breaks = OpenApiCompatibility.BreakingChanges(Committed(), changed);

        Assert.Contains(breaks, b => b.Contains("operationId listArticles renamed"));
        Assert.Contains(breaks, b => b.Contains("path /v1/search removed"));
        Assert.Contains(breaks, b => b.Contains("enum value \"archived\" removed"));
    }

    [Fact]
    public void A_new_required_request_property_is_breaking_a_new_optional_one_is_not()
    {
        var required = Committed();
        required["components"]!["schemas"]!["PersonInput"]!["required"]!.AsArray().Add("description");
        Assert.Contains(OpenApiCompatibility.BreakingChanges(Committed(), required), b => b.Contains("PersonInput: property description is now required"));

        var added = Committed();
        added["components"]!["schemas"]!["Article"]!["properties"]!["kicker"] = new JsonObject { ["type"] = "string", ["nullable"] = true };
        Assert.Empty(OpenApiCompatibility.BreakingChanges(Committed(), added));
        Assert.Contains(OpenApiCompatibility.VersionProblems(Committed(), added), p => p.Contains("bump the minor version"));
        added["info"]!["version"] = NextMinor;
        Assert.Empty(OpenApiCompatibility.VersionProblems(Committed(), added));
    }
}
