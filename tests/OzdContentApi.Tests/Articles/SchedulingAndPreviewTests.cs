using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Articles;

/// <summary>A scheduled article goes live at its time with no job running: the tests move the clock.</summary>
public sealed class SchedulingAndPreviewTests(TimeTravelContentApiFactory api) : IClassFixture<TimeTravelContentApiFactory>
{
    [Fact]
    public async Task A_scheduled_article_is_preview_only_until_its_time_then_public_everywhere()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var preview = await api.ClientWithScopesAsync("preview");
        var anonymous = api.CreateClient();
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Morgen früh", "sections": [{"type": "infobox", "title": "Mini-Infobox", "items": ["Zeitgesteuert"]}]}
            """);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var at = api.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        var scheduled = await writer.PostJsonAsync($"/v1/articles/{id}/publish", JsonSerializer.Serialize(new { publishAt = at }), created.ETag());
        Assert.Equal("scheduled", (await scheduled.ReadJsonAsync()).GetProperty("status").GetString());

        await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/v1/articles/{id}/sections")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await anonymous.GetStringAsync("/v1/articles?limit=100"));
        var previewed = await preview.GetAsync($"/v1/articles/{id}");
        Assert.Equal("scheduled", (await previewed.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.True(previewed.Headers.CacheControl is { NoStore: true, Private: true });
        Assert.Contains(id, await preview.GetStringAsync("/v1/articles?status=scheduled"));
        await (await preview.GetAsync($"/v1/articles/{id}/sections")).ReadJsonAsync();

        api.Clock.Advance(TimeSpan.FromHours(2));

        var live = await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        Assert.Equal("published", live.GetProperty("status").GetString());
        Assert.Contains(id, await anonymous.GetStringAsync("/v1/articles?limit=100"));
        Assert.Contains(id, await anonymous.GetStringAsync("/v1/sections?type=infobox&limit=100"));
        Assert.Contains(id, await preview.GetStringAsync("/v1/articles?status=published&limit=100"));
        Assert.DoesNotContain(id, await preview.GetStringAsync("/v1/articles?status=scheduled&limit=100"));
    }

    [Fact]
    public async Task A_cached_article_turns_from_scheduled_to_published_with_a_new_tag()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Übermorgen"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var at = api.Clock.GetUtcNow().UtcDateTime.AddMinutes(30);
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", JsonSerializer.Serialize(new { publishAt = at }), created.ETag())).ReadJsonAsync();

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var first = await api.CreateClient().GetAsync($"/v1/articles/{id}");
        Assert.Equal("published", (await first.ReadJsonAsync()).GetProperty("status").GetString());
    }
}
