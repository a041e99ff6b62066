using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Reliability;
using Swashbuckle.AspNetCore.Swagger;

namespace OzdContentApi.Tests.Hardening;

/// <summary>The service with Swagger UI switched on, as Development has it.</summary>
public sealed class SwaggerUiContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OpenApi:SwaggerUi", "true");
    }
}

public sealed class OpenApiServingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task The_document_is_served_as_one_cached_representation_with_ETag_304_and_compression()
    {
        var client = api.CreateClient();
        var first = await client.GetAsync("/openapi/v1.json");
        var second = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(first.ETag(), second.ETag());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        var compressed = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        compressed.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        var brotli = await api.CreateUncheckedClient().SendAsync(compressed);
        Assert.Equal("br", brotli.Content.Headers.ContentEncoding.Single());
        Assert.True((await brotli.Content.ReadAsByteArrayAsync()).Length < (await first.Content.ReadAsByteArrayAsync()).Length / 4);
    }

    // Every test class starts its own service in one process, and each builds its document on
    // first use: a filter's shared state raced there (a static NullabilityInfoContext, not
    // thread-safe) and the document answered 500 in one CI run.
    [Fact]
    public async Task Documents_built_at_the_same_time_are_all_whole_and_alike()
    {
        var provider = api.Services.GetRequiredService<ISwaggerProvider>();
        var expected = Serialized(provider.GetSwagger(OpenApiSetup.DocumentName));

        for (var round = 0; round < 10; round++)
        {
            var built = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Serialized(provider.GetSwagger(OpenApiSetup.DocumentName)))));
            Assert.All(built, document => Assert.Equal(expected, document));
        }
    }

    private static string Serialized(OpenApiDocument document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    [Fact]
    public async Task Swagger_UI_is_off_in_Production()
    {
        await (await api.CreateUncheckedClient().GetAsync("/swagger/index.html")).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class SwaggerUiTests(SwaggerUiContentApiFactory api) : IClassFixture<SwaggerUiContentApiFactory>
{
    [Fact]
    public async Task Swagger_UI_shows_the_document_where_it_is_configured()
    {
        var client = api.CreateClient();
        Assert.Contains("swagger-ui", await client.GetStringAsync("/swagger/index.html"));
        Assert.Contains("/openapi/v1.json", await client.GetStringAsync("/swagger/index.js"));
    }
}

public sealed class OpenApiRateLimitTests(RateLimitedContentApiFactory api) : IClassFixture<RateLimitedContentApiFactory>
{
    [Fact]
    public async Task The_document_counts_against_the_rate_limit_like_any_read()
    {
        var client = api.CreateUncheckedClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await client.GetAsync("/openapi/v1.json")).StatusCode);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
