using System.Net;
using Microsoft.AspNetCore.Hosting;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Newsroom;

/// <summary>The lead image as data, and the article's address on the website.</summary>
public sealed class LeadImageTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Image = """
        {"url": "https://bilder.ozd.example/a.jpg", "width": 1920, "height": 1080, "alt": "Ein Verhandlungstisch",
         "caption": "Am Tisch", "credit": "dpa", "copyright": "© dpa", "focalPoint": {"x": 0.25, "y": 0.75},
         "renditions": [{"url": "https://bilder.ozd.example/a-1280.jpg", "width": 1280, "height": 720},
                        {"url": "https://bilder.ozd.example/a-640.jpg", "width": 640, "height": 360}]}
        """;

    [Fact]
    public async Task A_lead_image_is_stored_with_the_article_renditions_narrowest_first_and_the_credit_follows_it()
    {
        var writer = await api.ClientWithScopesAsync("write");

        var created = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Mit Bild", "leadImage": {{Image}}}""");
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);

        var image = article.GetProperty("leadImage");
        Assert.Equal(("https://bilder.ozd.example/a.jpg", 1920, 1080), (image.GetProperty("url").GetString(), image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        Assert.Equal((0.25, 0.75), (image.GetProperty("focalPoint").GetProperty("x").GetDouble(), image.GetProperty("focalPoint").GetProperty("y").GetDouble()));
        Assert.Equal([640, 1280], image.GetProperty("renditions").EnumerateArray().Select(r => r.GetProperty("width").GetInt32()));
        Assert.False(image.GetProperty("decorative").GetBoolean());
        Assert.Equal("dpa", article.GetProperty("imageCredit").GetString());

        var id = article.GetProperty("id").GetString();
        var revision = await (await writer.GetAsync($"/v1/articles/{id}/revisions/1")).ReadJsonAsync();
        Assert.Equal(image.GetRawText(), revision.GetProperty("leadImage").GetRawText());

        // A replace without it removes it, as every field of a PUT.
        var replaced = await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Ohne Bild"}""", created.ETag())).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, replaced.GetProperty("leadImage").ValueKind);
    }

    [Fact]
    public async Task A_lead_image_that_breaks_a_rule_is_a_400_at_each_path()
    {
        var writer = await api.ClientWithScopesAsync("write");

        var response = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Falsches Bild", "imageCredit": "AFP",
             "leadImage": {"url": "/relativ.jpg", "width": 0, "height": 100001, "focalPoint": {"x": 1.5, "y": -0.1}, "credit": "dpa",
                           "renditions": [{"url": "ftp://bilder.ozd.example/a.jpg", "width": 10, "height": 10}]}}
            """);

        await response.ReadValidationProblemAsync("imageCredit", "leadImage.alt", "leadImage.focalPoint.x", "leadImage.focalPoint.y",
            "leadImage.height", "leadImage.renditions[0].url", "leadImage.url", "leadImage.width");
    }

    [Theory]
    [InlineData("https://bilder.ozd.example/x.jpg\n")]
    [InlineData(" https://bilder.ozd.example/x.jpg")]
    [InlineData("https://bilder.ozd.example/x.jpg\t")]
    [InlineData("https://bilder.ozd.example/mit leerzeichen.jpg")]
    [InlineData("https://bilder.ozd.example/x\u200b.jpg")]
    [InlineData("https://bilder.ozd.example/\u202egpj.x")]
    [InlineData("https://nutzer:geheim@bilder.ozd.example/x.jpg")]
    public async Task A_URL_with_white_space_invisible_characters_or_user_info_is_a_400_not_stored_as_sent(string url)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            title = "Bild mit Rand", leadImage = new { url, width = 10, height = 10, alt = "Bild", renditions = new[] { new { url, width = 10, height = 10 } } },
        });

        await (await writer.PostJsonAsync("/v1/articles", body)).ReadValidationProblemAsync("leadImage.url", "leadImage.renditions[0].url");
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_a_400()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var response = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Breite als Text", "leadImage": {"url": "https://bilder.ozd.example/b.jpg", "width": "10", "height": 10, "alt": "Bild"}}
            """);

        await response.ReadValidationProblemAsync("leadImage.width");
    }

    [Fact]
    public async Task A_decorative_image_needs_no_alt()
    {
        var writer = await api.ClientWithScopesAsync("write");

        var article = await (await writer.PostJsonAsync("/v1/articles", """
            {"title": "Schmuckbild", "leadImage": {"url": "http://bilder.ozd.example/s.png", "width": 10, "height": 10, "decorative": true}}
            """)).ReadJsonAsync(HttpStatusCode.Created);

        Assert.True(article.GetProperty("leadImage").GetProperty("decorative").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, article.GetProperty("leadImage").GetProperty("alt").ValueKind);
    }

    [Fact]
    public async Task The_demo_content_shows_every_new_field_and_no_address_when_none_is_configured()
    {
        var eu = await (await api.CreateClient().GetAsync($"/v1/articles/{EuArticleSlug}")).ReadJsonAsync();
        var sample = await (await api.CreateClient().GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();

        Assert.Equal("AFP", eu.GetProperty("leadImage").GetProperty("credit").GetString());
        Assert.Equal("2025-12-19T18:00:00Z", eu.GetProperty("embargoedUntil").GetString());
        Assert.Equal(EuCorrectionId, eu.GetProperty("corrections")[0].GetProperty("id").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, eu.GetProperty("canonicalUrl").ValueKind);
        // The sample offers a credit and no image: no lead image is invented.
        Assert.Equal(("AFP", System.Text.Json.JsonValueKind.Null), (sample.GetProperty("imageCredit").GetString(), sample.GetProperty("leadImage").ValueKind));
    }
}

/// <summary>The service with the website address configured.</summary>
public sealed class SiteContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Site:ArticleUrl", "https://www.ozd.example/artikel/{slug}");
    }
}

public sealed class CanonicalUrlTests(SiteContentApiFactory api) : IClassFixture<SiteContentApiFactory>
{
    [Fact]
    public async Task Every_article_carries_its_address_from_the_configured_template()
    {
        var writer = await api.ClientWithScopesAsync("write");

        var sample = await (await api.CreateClient().GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();
        var created = await (await writer.PostJsonAsync("/v1/articles", """{"title": "Adresse mit Umlaut: Größe"}""")).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"https://www.ozd.example/artikel/{Slug}", sample.GetProperty("canonicalUrl").GetString());
        Assert.Equal("https://www.ozd.example/artikel/adresse-mit-umlaut-groesse", created.GetProperty("canonicalUrl").GetString());
    }

    [Theory]
    [InlineData("www.ozd.example/artikel/{slug}")]
    [InlineData("https://www.ozd.example/artikel/")]
    [InlineData("ftp://www.ozd.example/{slug}")]
    public async Task A_template_that_cannot_make_an_address_stops_the_start_saying_where_to_set_it(string template)
    {
        var server = await TestPostgres.GetAsync();
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Content"] = server.ConnectionString(database),
                ["Site__ArticleUrl"] = template,
            });
            Assert.NotEqual(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Site__ArticleUrl", service.Output + service.Errors);
            Assert.Contains("{slug}", service.Output + service.Errors);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
