using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Database;

/// <summary>Revisions saved by an earlier build read back in today's article shape after the upgrade.</summary>
public sealed class RevisionUpgradeTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task A_revision_saved_before_the_newsroom_fields_existed_reads_back_whole_after_migration_0013()
    {
        // As a build before migration 0011 saved it: without the fields added there.
        await api.ExecuteSqlAsync("""
            update article_revisions set snapshot = snapshot - 'leadImage' - 'embargoedUntil' - 'corrections' - 'canonicalUrl'
            where article_id = @Id and version = 1
            """, ("Id", Guid.Parse(Id)));
        Assert.Equal(0L, await api.QueryScalarAsync<long>(
            "select count(*) from article_revisions where article_id = @Id and version = 1 and snapshot ? 'corrections'", ("Id", Guid.Parse(Id))));

        await api.ExecuteSqlAsync(await File.ReadAllTextAsync(Repository.File("db", "migrations", "0013_revision_snapshots_current_shape.sql")));

        var reader = await api.ClientWithScopesAsync("preview");
        var revision = await (await reader.GetAsync($"/v1/articles/{Id}/revisions/1")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Array, revision.GetProperty("corrections").ValueKind);
        Assert.Equal(0, revision.GetProperty("corrections").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, revision.GetProperty("leadImage").ValueKind);
        Assert.Equal(Title, revision.GetProperty("title").GetString());
    }
}
