using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using OzdContentApi.Platform.Http.Parameters;

namespace OzdContentApi.Platform.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>
    /// The version of the v1 contract: the minor number grows with every addition, a breaking
    /// change needs a new major version under /v2 (OpenApiCompatibilityTests enforce both).
    /// </summary>
    public const string ApiVersion = "1.13.2";

    private const string Description = """
        Headless content API of the OZD newsroom: articles with typed sections (report, commentary, infobox,
        analysis, glossary) and the people they mention, with the roles they play.

        Conventions:
        - JSON only, UTF-8, camelCase. Every property is always present; an absent optional value is null.
          Ids are UUIDs (version 7); times are ISO 8601 in UTC with Z.
        - Every {idOrSlug} takes the UUID or the slug (lowercase ASCII words joined by hyphens).
        - Errors are RFC 9457 problem details (application/problem+json) with type, title, status, detail and
          traceId; a 400 adds errors, mapping each JSON path or parameter (sections[2].items[0], limit) to messages.
        - Lists answer {items, nextCursor} and a Link rel="next" header; pass nextCursor back as cursor. Cursors
          are opaque and bound to their list. limit is 1–100 (default 20).
        - Delivery needs no key and shows published articles only. A key (Authorization: Bearer <key>) with the
          preview scope shows drafts and scheduled articles; management needs the write or admin scope. A request
          that sends an unknown or revoked key is a 401 everywhere.
        - Every write to an existing article or person needs If-Match with the ETag of the last response that
          showed it (428 without, 412 when stale); writes to one section use the article's ETag.
        - Every GET has a strong ETag and answers If-None-Match with 304. Without a key responses are
          Cache-Control: public, max-age=60, stale-while-revalidate=300; with a key private, no-store.
        - Past the rate limit (per key, else per client address) the answer is 429 with Retry-After; a database
          that is unreachable, or a request that runs out of time, is a 503 with Retry-After.
        """;

    /// <param name="features">What the features add: the section union, examples.</param>
    public static IServiceCollection AddContentOpenApi(this IServiceCollection services, Action<SwaggerGenOptions> features)
    {
        services.AddSingleton<OpenApiDocumentCache>();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "OZD Content API",
                Version = ApiVersion,
                Description = Description,
                Contact = new OpenApiContact { Name = "OZD newsroom engineering" },
                License = new OpenApiLicense { Name = "Proprietary: for OZD and its licensed partners" },
            });
            // Relative: the document describes the host that serves it.
            options.AddServer(new OpenApiServer { Url = "/", Description = "The service that serves this document" });
            options.DocumentFilter<DocumentConventionsFilter>();
            options.IncludeXmlComments(typeof(OpenApiSetup).Assembly);
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            // Sections are the one polymorphic type (see the features); everything else is a plain, flat object.
            options.UseOneOfForPolymorphism();
            options.SchemaFilter<ValidationRulesSchemaFilter>();
            options.SchemaFilter<NullableReferencesFilter>();
            ParameterTypes.Describe(options);
            features(options);
            options.AddSecurityDefinition(ManagementEndpoints.SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key as Authorization: Bearer <key>. Scopes: preview (read drafts), write " +
                              "(create, change, publish, delete; includes preview), admin (manage keys), syndication (partners: published " +
                              "articles still under embargo).",
            });
            options.OperationFilter<SecurityRequirementFilter>();
            options.OperationFilter<AlwaysPossibleProblemsFilter>();
            options.OperationFilter<HttpHeadersFilter>();
            options.OperationFilter<ParameterTypesFilter>();
            options.OperationFilter<OperationLinksFilter>();
        });
        return services;
    }

    /// <summary>Swagger UI at /swagger where OpenApi:SwaggerUi is true (Development's default).</summary>
    public static WebApplication UseSwaggerUiWhereConfigured(this WebApplication app)
    {
        if (!Settings.Bool(app.Configuration, "OpenApi:SwaggerUi", app.Environment.IsDevelopment()))
            return app;
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint(DocumentPath, "OZD Content API v1");
            o.RoutePrefix = "swagger";
        });
        return app;
    }
}
