using FluentValidation;
using OzdContentApi.Articles;
using OzdContentApi.Changes;
using OzdContentApi.DemoContent;
using OzdContentApi.Health;
using OzdContentApi.Keys;
using OzdContentApi.Persons;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;
using OzdContentApi.Revisions;
using OzdContentApi.Search;
using OzdContentApi.Sections;

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Find() });

    // Lives as long as the program: stopped when Run returns or start-up fails.
    using var embeddedDatabase = builder.AddContentDatabase();

    builder.AddRequestLimits();
    builder.AddProtection();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddContentJson();
    builder.Services.AddContentProblemDetails();
    builder.Services.AddContentOpenApi();
    builder.Services.AddApiKeyAuthentication();
    builder.Services.AddDeliveryCache(builder.Configuration);
    builder.Services.AddBrowserAccess(builder.Configuration);
    ValidationSetup.UseJsonPropertyNames();

    // Articles and their sections
    builder.Services.AddSingleton<ArticleStore>();
    builder.Services.AddSingleton<PublishedArticleCache>();
    builder.Services.AddSingleton<IDeliveryCachePart>(sp => sp.GetRequiredService<PublishedArticleCache>());
    builder.Services.AddSingleton<ArticleEdits>();
    builder.Services.AddSingleton<ArticleWriter>();
    builder.Services.AddSingleton<SectionStore>();
    builder.Services.AddSingleton<SectionWrites>();
    builder.Services.AddSingleton<RevisionStore>();
    builder.Services.AddSingleton<IValidator<ArticleInput>, ArticleInputValidator>();
    builder.Services.AddSingleton<IValidator<PublishInput>, PublishInputValidator>();
    builder.Services.AddSingleton<IValidator<SectionInput>, SectionInputValidator>();
    builder.Services.AddSingleton<IValidator<SectionOrderInput>, SectionOrderInputValidator>();
    // Persons
    builder.Services.AddSingleton<PersonStore>();
    builder.Services.AddSingleton<PersonWriter>();
    builder.Services.AddSingleton<IValidator<PersonInput>, PersonInputValidator>();
    // Search and delta sync
    builder.Services.AddSingleton<SearchStore>();
    builder.Services.AddSingleton<ChangeFeed>();
    // Keys
    builder.Services.AddSingleton<IValidator<ApiKeyInput>, ApiKeyInputValidator>();
    // Demo content
    builder.Services.AddSingleton<DemoContentSeeder>();

    var app = builder.Build();

    app.UseSecurityHeaders();
    app.UseContentProblemDetails();
    app.UseRequestLimits();
    app.UseContentOpenApi();
    app.UseApiKeys();

    app.MapHealth();
    app.MapArticles();
    app.MapArticleManagement();
    app.MapSections();
    app.MapSectionManagement();
    app.MapRevisions();
    app.MapPersons();
    app.MapPersonManagement();
    app.MapSearch();
    app.MapChanges();
    app.MapKeys();

    await app.MigrateContentDatabaseAsync();
    if (ApiKeyCommands.IsCreateKey(args))
        return await ApiKeyCommands.CreateKeyAsync(app.Services, args);
    if (app.Configuration.GetValue<bool>("DemoContent:LoadWhenEmpty"))
        await app.Services.GetRequiredService<DemoContentSeeder>().SeedIfEmptyAsync();
    if (app.Configuration["ApiKeys:DevelopmentKey"] is { Length: > 0 } developmentKey && app.Environment.IsDevelopment())
        await ApiKeyCommands.EnsureDevelopmentKeyAsync(app.Services, developmentKey);

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
