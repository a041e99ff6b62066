using Npgsql;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Database;

/// <summary>
/// The database refuses what no reader could render, whoever writes it: the API's validation
/// is the first line, these constraints the last.
/// </summary>
public sealed class SchemaConstraintTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string ArticleId = "019b4023-31d8-7c72-9d2a-a15cda7b9a3f";

    [Theory]
    [InlineData("infobox", """{"title": "Mini-Infobox", "items": []}""")]
    [InlineData("report", """{"paragraphs": "not a list"}""")]
    [InlineData("commentary", """{"title": "ohne Label", "paragraphs": ["x"]}""")]
    [InlineData("analysis", """{"title": "OZD-Analyse"}""")]
    [InlineData("glossary", """{"entries": []}""")]
    [InlineData("report", """{"paragraphs": ["x"], "type": "report"}""")]
    [InlineData("poll", """{"question": "?"}""")]
    public async Task A_section_body_of_the_wrong_shape_is_refused(string type, string body)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteSqlAsync(
            "insert into sections (id, article_id, position, type, body) values (gen_random_uuid(), @article::uuid, 99, @type, @body::jsonb)",
            ("article", ArticleId), ("type", type), ("body", body)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Theory]
    [InlineData("Mit Leerzeichen")]
    [InlineData("umlaut-ä")]
    [InlineData("-leading")]
    [InlineData("double--hyphen")]
    public async Task A_slug_outside_the_pattern_is_refused(string slug)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteSqlAsync(
            "insert into persons (id, slug, name) values (gen_random_uuid(), @slug, 'X')", ("slug", slug)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task A_mentioned_person_cannot_be_deleted()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteSqlAsync(
            "delete from persons where slug = 'wolodymyr-selenskyj'"));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }

    [Fact]
    public async Task A_published_article_needs_a_publication_time()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteSqlAsync(
            "insert into articles (id, slug, title, status) values (gen_random_uuid(), 'ohne-zeit', 'Ohne Zeit', 'published')"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}
