using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Management;

/// <summary>No write can slip in open: every one the service has refuses a request without a key.</summary>
public sealed class EveryWriteNeedsAKeyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Every_non_GET_operation_in_the_served_document_refuses_a_request_without_a_key()
    {
        var client = api.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var before = await api.SnapshotAsync();
        var checkedOperations = new List<string>();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is not ("get" or "parameters")))
            {
                var url = path.Name
                    .Replace("{idOrSlug}", SampleArticle.Id)
                    .Replace("{sectionId}", SampleArticle.CommentaryId)
                    .Replace("{id}", Guid.NewGuid().ToString())
                    .Replace("{version}", "1");
                var response = await client.SendJsonAsync(new HttpMethod(operation.Name.ToUpperInvariant()), url, "{}", "\"any\"");

                await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
                Assert.True(operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0,
                    $"{operation.Name} {path.Name} does not declare its security requirement");
                checkedOperations.Add($"{operation.Name} {path.Name}");
            }
        }

        Assert.True(checkedOperations.Count >= 14, string.Join(", ", checkedOperations));
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public void Every_write_endpoint_of_the_service_demands_an_authorization_policy()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var writes = endpoints
            .Select(e => (Endpoint: e, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Methods.Any(m => m is not ("GET" or "HEAD")))
            .ToList();

        Assert.NotEmpty(writes);
        foreach (var (endpoint, methods) in writes)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            Assert.True(policies.Any(p => p.Policy is not null) && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null,
                $"{string.Join(',', methods)} {endpoint.RoutePattern.RawText} is not protected by a scope");
        }
    }
}
