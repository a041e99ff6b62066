using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OzdContentApi.Keys;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Management;

public sealed class ConcurrencyAndAtomicityTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Twenty_writers_with_the_same_ETag_one_wins_nineteen_get_412_and_revisions_have_no_gaps()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Umkämpft"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var etag = created.ETag();

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(n =>
            writer.PutJsonAsync($"/v1/articles/{id}", $$"""{"title": "Fassung {{n}}"}""", etag)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var revisions = await (await writer.GetAsync($"/v1/articles/{id}/revisions?limit=100")).ReadJsonAsync();
        Assert.Equal([2, 1], revisions.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadJsonAsync();
        Assert.Equal(winner.GetProperty("title").GetString(), revisions.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Writers_that_each_reread_before_writing_all_land_in_order_without_gaps()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Viele Hände"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await Task.WhenAll(Enumerable.Range(1, 10).Select(async n =>
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var current = await writer.GetAsync($"/v1/articles/{id}");
                var put = await writer.PutJsonAsync($"/v1/articles/{id}", $$"""{"title": "Hand {{n}}"}""", current.ETag());
                if (put.StatusCode == HttpStatusCode.OK)
                    return;
                Assert.Equal(HttpStatusCode.PreconditionFailed, put.StatusCode);
            }
            Assert.Fail($"writer {n} never got through");
        }));

        var revisions = await (await writer.GetAsync($"/v1/articles/{id}/revisions?limit=100")).ReadJsonAsync();
        Assert.Equal(Enumerable.Range(1, 11).Reverse(), revisions.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task A_replace_that_fails_at_its_fourth_section_leaves_the_previous_version_whole()
    {
        var key = await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync("atomicity", ["write"], CancellationToken.None);
        // The injected failure is a 500, which the document rightly does not declare.
        var writer = api.CreateUncheckedClient();
        writer.DefaultRequestHeaders.Authorization = new("Bearer", key!.Secret);
        var created = await writer.PostJsonAsync("/v1/articles", """
            {"title": "Vorher", "persons": [{"personId": "019b4023-2df0-7646-91ec-ab4622d6ce94", "role": "Präsident"}],
             "sections": [{"type": "report", "paragraphs": ["1"]}, {"type": "report", "paragraphs": ["2"]}, {"type": "report", "paragraphs": ["3"]}]}
            """);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var before = await (await writer.GetAsync($"/v1/articles/{id}")).Content.ReadAsStringAsync();
        var snapshot = await api.SnapshotAsync();

        // The failure comes from the database itself, after three sections were written.
        await api.ExecuteSqlAsync($$"""
            create function fail_fourth_section() returns trigger language plpgsql as $$
            begin
              if new.article_id = '{{id}}' and new.position = 4 then
                raise exception 'injected failure at the fourth section';
              end if;
              return new;
            end $$;
            create trigger fail_fourth_section before insert on sections
              for each row execute function fail_fourth_section();
            """);
        try
        {
            var sections = string.Join(", ", Enumerable.Range(1, 5).Select(n => $$"""{"type": "infobox", "title": "Box {{n}}", "items": ["x"]}"""));
            var response = await writer.PutJsonAsync($"/v1/articles/{id}", $$"""{"title": "Nachher", "sections": [{{sections}}]}""", created.ETag());

            var problem = await response.ReadProblemAsync(HttpStatusCode.InternalServerError);
            Assert.DoesNotContain("injected", problem.GetRawText());
            Assert.DoesNotContain("sections", problem.GetProperty("detail").GetString());
        }
        finally
        {
            await api.ExecuteSqlAsync("drop trigger fail_fourth_section on sections; drop function fail_fourth_section();");
        }

        var after = await writer.GetAsync($"/v1/articles/{id}");
        Assert.Equal(before, await after.Content.ReadAsStringAsync());
        Assert.Equal(created.ETag(), after.ETag());
        Assert.Equal(snapshot, await api.SnapshotAsync());
        var title = JsonDocument.Parse(before).RootElement.GetProperty("title").GetString();
        Assert.Equal("Vorher", title);
    }
}
