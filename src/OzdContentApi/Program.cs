using FluentValidation;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Changes;
using OzdContentApi.DemoContent;
using OzdContentApi.Feeds;
using OzdContentApi.Formats;
using OzdContentApi.Health;
using OzdContentApi.Imports;
using OzdContentApi.Keys;
using OzdContentApi.Persons;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Validation;
using OzdContentApi.Revisions;
using OzdContentApi.Search;
using OzdContentApi.Webhooks;

// A time PostgreSQL reads as ±infinity has no place in the API: fail instead of mapping it.
AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);

// A word that is no command (a misspelt one) is not taken for a start of the service; settings
// on the command line (--Key value, Key=value) are.
if (args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=')
    && !(ApiKeyCommands.IsCommand(args) || ArticleCommands.IsCommand(args) || ImportCommand.IsCommand(args)))
{
    Console.Error.WriteLine($"'{first}' is not a command. Commands: {ApiKeyCommands.CreateKeyVerb}, {ApiKeyCommands.RevokeDevelopmentKeysVerb}, " +
                            $"{ArticleCommands.RebuildVerb}, {ImportCommand.Verb}; without one the service starts.");
    return 2;
}

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Find() });

    // A bulk command's statements repeat: prepared once per connection (see ContentDatabaseSetup).
    if (ImportCommand.IsCommand(args))
        builder.Configuration["Database:AutoPrepare"] ??= "50";
    // Lives as long as the program: stopped when Run returns or start-up fails.
    using var embeddedDatabase = builder.AddContentDatabase();

    builder.AddRequestLimits();
    builder.AddProtection();
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddContentJson();
    builder.Services.AddContentProblemDetails();
    builder.Services.AddContentOpenApi(openApi =>
    {
        openApi.SelectSubTypesUsing(SectionUnionFilter.SubTypesOf);
        openApi.DocumentFilter<SectionUnionFilter>();
        openApi.DocumentFilter<SampleExamplesFilter>();
        openApi.OperationFilter<ImportExamplesFilter>();
        openApi.OperationFilter<FormatExamplesFilter>();
    });
    builder.Services.AddApiKeyAuthentication();
    builder.Services.AddDeliveryCache(builder.Configuration);
    builder.Services.AddBrowserAccess(builder.Configuration);

    // Articles with their sections: one aggregate, one write transaction.
    builder.Services.AddSingleton<ArticleQueries>();
    builder.Services.AddSingleton<ArticleTransaction>();
    builder.Services.AddSingleton<ArticleWriter>();
    builder.Services.AddSingleton<ArticleRepresentations>();
    builder.Services.AddSingleton<ArticleCache>();
    builder.Services.AddSingleton<IValidator<ArticleInput>, ArticleInputValidator>();
    builder.Services.AddSingleton<IValidator<CorrectionInput>, CorrectionInputValidator>();
    builder.Services.AddSingleton<SiteUrls>();
    builder.Services.AddSingleton<FormatCache>();
    builder.Services.AddSingleton<NewsSitemap>();
    builder.Services.AddSingleton<IValidator<PublishInput>, PublishInputValidator>();
    builder.Services.AddSingleton<IValidator<SectionInput>, SectionInputValidator>();
    builder.Services.AddSingleton<IValidator<SectionOrderInput>, SectionOrderInputValidator>();
    // What every article write records in its own transaction
    builder.Services.AddSingleton<IArticleWriteRecorder, RevisionRecorder>();
    builder.Services.AddSingleton<IArticleWriteRecorder, ChangeLog>();
    // Revisions, persons, search, delta sync, keys, demo content
    builder.Services.AddSingleton<RevisionStore>();
    builder.Services.AddSingleton<PersonStore>();
    builder.Services.AddSingleton<PersonWriter>();
    builder.Services.AddSingleton<IValidator<PersonInput>, PersonInputValidator>();
    builder.Services.AddSingleton<QueryReadings>();
    builder.Services.AddSingleton<SearchAnswers>();
    builder.Services.AddSingleton<SearchStore>();
    builder.Services.AddSingleton<LexemeShares>();
    builder.Services.AddSingleton<ChangeFeed>();
    builder.Services.AddSingleton<IValidator<ApiKeyInput>, ApiKeyInputValidator>();
    builder.Services.AddSingleton<DemoContentSeeder>();
    builder.Services.AddSingleton<OzdTextImporter>();
    builder.Services.AddSingleton<IValidator<ImportInput>, ImportInputValidator>();
    // Webhooks: the outbox is written by the database; every instance dispatches it.
    builder.Services.AddSingleton<WebhookStore>();
    builder.Services.AddSingleton<WebhookAddresses>();
    builder.Services.AddSingleton<IValidator<WebhookInput>, WebhookInputValidator>();
    builder.Services.AddHostedService<WebhookDispatcher>();

    var app = builder.Build();
    // A wrong website address template, cache size or search concurrency stops the start here, with a line saying where to fix it.
    app.Services.GetRequiredService<SiteUrls>();
    app.Services.GetRequiredService<SearchStore>();
    app.Services.GetRequiredService<ArticleCache>();
    app.Services.GetRequiredService<FormatCache>();
    var loadDemoContent = Settings.Bool(app.Configuration, "DemoContent:LoadWhenEmpty", false);
    // Background services read their settings when they are made (the webhook dispatcher's times): made now, before the database is touched.
    _ = app.Services.GetServices<IHostedService>().ToList();

    // The pipeline, in order. Every answer carries the security headers and every error is a
    // problem detail; HEAD runs as GET; the client address comes from trusted proxies only;
    // CORS answers preflights before any key is looked at; a key's requests count against the
    // key, anyone else's against their address, bad keys included; an If-Modified-Since in the
    // future is ignored, a GET's If-None-Match takes any encoding's tag; request bodies are UTF-8 and read whole within the request timeout.
    app.UseSecurityHeaders();
    app.UseHeadAsGet();
    app.UseContentProblemDetails();
    app.UseTrustedProxies();
    app.UseSingleValuedQuery();
    app.UseValidConditionalHeaders();
    app.UseRequestLimits();
    app.UseSwaggerUiWhereConfigured();
    app.UseRouting();
    app.UseCors();
    app.UseKeyAuthentication();
    app.UseRateLimiter();
    app.UseRefusedKeys();
    app.UseRequestTimeouts();
    app.UseAuthorization();
    app.UseUtf8Bodies();
    app.UseWholeBodies();
    app.UseOutputCache();
    app.EvictDeliveryCacheOnChanges();

    // The routes: delivery (no key needed, micro-cached, any origin) and management (a key
    // with a scope, editors' origins, writes empty the delivery cache).
    app.MapOpenApiDocument();
    app.MapHealth();
    var delivery = app.MapDelivery();
    delivery.MapArticleDelivery();
    delivery.MapCorrectionDelivery();
    delivery.MapFormats();
    delivery.MapFeeds();
    delivery.MapPersons();
    delivery.MapSearch();
    delivery.MapChanges();
    var management = app.MapManagement();
    management.MapArticleManagement();
    management.MapCorrectionManagement();
    management.MapRevisions();
    management.MapPersonManagement();
    management.MapKeys();
    management.MapImports();
    management.MapWebhooks();

    await app.MigrateContentDatabaseAsync();
    // The stored bytes' format is the service's to set: a key command leaves it alone, and a
    // command that writes bytes refuses to write them in another format than the service's.
    if (ApiKeyCommands.IsCommand(args))
        return await ApiKeyCommands.RunAsync(app.Services, args);
    var representations = app.Services.GetRequiredService<ArticleRepresentations>();
    if (ArticleCommands.IsCommand(args) || ImportCommand.IsCommand(args))
        await representations.RequireCurrentAsync(app.Lifetime.ApplicationStopping);
    else
        await representations.EnsureCurrentAsync(app.Lifetime.ApplicationStopping);
    if (ArticleCommands.IsCommand(args))
        return await ArticleCommands.RunAsync(app.Services, args);
    if (ImportCommand.IsCommand(args))
        return await ImportCommand.RunAsync(app.Services, args);
    if (!app.Environment.IsDevelopment())
        await ApiKeyCommands.RefuseDevelopmentKeysAsync(app.Services);
    if (loadDemoContent)
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
catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
{
    Console.Error.WriteLine($"OZD Content API cannot start: the content database (ConnectionStrings__Content) refused or did not answer: {e.Message}");
    return 1;
}
// A setting that cannot be read: a connection string with an unknown keyword or a port out of
// range, a number or time that is not one.
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException
                          || e is InvalidOperationException && e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    var setting = System.Text.RegularExpressions.Regex.Match(e.Message, "configuration value '.*' at '([^']+)'") is { Success: true } match
        ? match.Groups[1].Value.Replace(":", "__")
        : "ConnectionStrings__Content or another one";
    Console.Error.WriteLine($"OZD Content API cannot start: a setting is not valid ({setting}): {e.Message}");
    return 1;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
