using System.Net;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Operations;

public sealed class ProblemDetailsTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/nothing-here")]
    [InlineData("/v1/unknown")]
    [InlineData("/v1/articles/a/b/c/d")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        var problem = await (await _client.GetAsync(path)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(path, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var response = await _client.DeleteAsync("/health/live");
        var problem = await response.ReadProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("DELETE", problem.GetProperty("detail").GetString());
        // HEAD works wherever GET does, so the Allow header says so.
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task A_validation_problem_names_every_bad_parameter_at_once()
    {
        var problem = await (await _client.GetAsync("/v1/sections?type=x&limit=0&cursor=y")).ReadValidationProblemAsync("type", "limit", "cursor");
        Assert.Equal("One or more values are invalid; see errors.", problem.GetProperty("detail").GetString());
    }
}
