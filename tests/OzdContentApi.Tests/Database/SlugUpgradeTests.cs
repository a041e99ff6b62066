using System.Net;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Database;

/// <summary>Slugs in a UUID's form, which earlier builds took, are renamed by migration 0014 and stay writable.</summary>
public sealed class SlugUpgradeTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task A_slug_stored_in_the_form_of_a_UUID_gets_a_suffix_and_the_article_stays_readable_and_writable()
    {
        var uuidSlug = Guid.NewGuid().ToString();
        // As an earlier build's database: the old rule, and a slug in a UUID's form stored under it.
        await api.ExecuteSqlAsync("""
            create or replace function is_slug(value text) returns boolean
            language sql immutable strict parallel safe
            as $$ select value ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(value) <= 200 $$;
            """);
        await api.ExecuteSqlAsync("update articles set slug = @Slug where id = @Id", ("Slug", uuidSlug), ("Id", Guid.Parse(Id)));

        await api.ExecuteSqlAsync(await File.ReadAllTextAsync(Repository.File("db", "migrations", "0014_slugs_are_not_ids.sql")));

        var slug = await api.QueryScalarAsync<string>("select slug from articles where id = @Id", ("Id", Guid.Parse(Id)));
        Assert.StartsWith(uuidSlug + "-", slug);
        var anonymous = api.CreateClient();
        var article = await (await anonymous.GetAsync($"/v1/articles/{slug}")).ReadJsonAsync();
        Assert.Equal(slug, article.GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/v1/articles/{uuidSlug}")).StatusCode);

        var writer = await api.ClientWithScopesAsync("write");
        var read = await writer.GetAsync($"/v1/articles/{Id}");
        var replaced = await writer.PutJsonAsync($"/v1/articles/{Id}", $$"""{"title": "Nach dem Umbenennen", "slug": "{{slug}}"}""", read.ETag());
        Assert.Equal("Nach dem Umbenennen", (await replaced.ReadJsonAsync()).GetProperty("title").GetString());
    }
}
