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

// A time PostgreSQL reads as ±infinity has no place in the API: fail instead of mapping it.
AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);

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

    // The pipeline, in order. Every answer carries the security headers and every error is a
    // problem detail; HEAD runs as GET; the client address comes from trusted proxies only;
    // CORS answers preflights before any key is looked at; a key's requests count against the
    // key, anyone else's against their address, bad keys included.
    app.UseSecurityHeaders();
    app.UseContentProblemDetails();
    app.UseHeadAsGet();
    app.UseTrustedProxies();
    app.UseSingleValuedQuery();
    app.UseRequestLimits();
    app.UseSwaggerUiWhereConfigured();
    app.UseRouting();
    app.UseCors();
    app.UseAuthentication();
    app.UseRateLimiter();
    app.UseRefusedKeys();
    app.UseRequestTimeouts();
    app.UseAuthorization();
    app.UseOutputCache();

    app.MapOpenApiDocument();
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
    if (ApiKeyCommands.IsCommand(args))
        return await ApiKeyCommands.RunAsync(app.Services, args);
    if (!app.Environment.IsDevelopment())
        await ApiKeyCommands.RefuseDevelopmentKeysAsync(app.Services);
    if (app.Configuration.GetValue<bool>("DemoContent:LoadWhenEmpty"))
        await app.Services.GetRequiredService<DemoContentSeeder>().SeedIfEmptyAsync();
    // The well-known key only ever goes into the database this run created itself.
    if (embeddedDatabase is not null && app.Configuration["ApiKeys:DevelopmentKey"] is { Length: > 0 } developmentKey)
        await ApiKeyCommands.EnsureDevelopmentKeyAsync(app.Services, developmentKey);

    await app.StartListeningAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (StartupException e)
{
    Console.Error.WriteLine($"OZD Content API cannot start: {e.Message}");
    return 1;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
