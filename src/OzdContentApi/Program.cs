using OzdContentApi.Articles;
using OzdContentApi.DemoContent;
using OzdContentApi.Health;
using OzdContentApi.Persons;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Sections;

try
{
    var builder = WebApplication.CreateBuilder(args);

    // Lives as long as the program: stopped when Run returns or start-up fails.
    using var embeddedDatabase = builder.AddContentDatabase();

    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddContentJson();
    builder.Services.AddContentProblemDetails();
    builder.Services.AddContentOpenApi();
    builder.Services.AddSingleton<ArticleStore>();
    builder.Services.AddSingleton<SectionStore>();
    builder.Services.AddSingleton<PersonStore>();
    builder.Services.AddSingleton<DemoContentSeeder>();

    var app = builder.Build();

    app.UseContentProblemDetails();
    app.UseContentOpenApi();

    app.MapHealth();
    app.MapArticles();
    app.MapSections();
    app.MapPersons();

    await app.MigrateContentDatabaseAsync();
    if (app.Configuration.GetValue<bool>("DemoContent:LoadWhenEmpty"))
        await app.Services.GetRequiredService<DemoContentSeeder>().SeedIfEmptyAsync();

    await app.RunAsync();
    return 0;
}
catch (StartupException e)
{
    Console.Error.WriteLine($"OZD Content API cannot start: {e.Message}");
    return 1;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
