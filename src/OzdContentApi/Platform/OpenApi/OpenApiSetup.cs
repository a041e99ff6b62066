using Microsoft.OpenApi;
using OzdContentApi.Sections;

namespace OzdContentApi.Platform.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddContentOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "OZD Content API",
                Version = "1.0.0",
                Description = "Headless content API of the OZD newsroom: articles with typed sections " +
                              "(report, commentary, infobox, analysis, glossary) and the people they mention.",
            });
            options.IncludeXmlComments(typeof(OpenApiSetup).Assembly);
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            // Sections are the one polymorphic type; everything else is a plain, flat object.
            options.UseOneOfForPolymorphism();
            options.SelectSubTypesUsing(SectionUnionFilter.SubTypesOf);
            options.SchemaFilter<ValidationRulesSchemaFilter>();
            options.DocumentFilter<SectionUnionFilter>();
            options.AddSecurityDefinition(ManagementEndpoints.SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key as Authorization: Bearer <key>. Scopes: preview (read drafts), write " +
                              "(create, change, publish, delete; includes preview), admin (manage keys).",
            });
            options.OperationFilter<SecurityRequirementFilter>();
            options.OperationFilter<AlwaysPossibleProblemsFilter>();
            options.OperationFilter<ParameterTypesFilter>();
            options.OperationFilter<HttpHeadersFilter>();
        });
        return services;
    }

    public static WebApplication UseContentOpenApi(this WebApplication app)
    {
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint(DocumentPath, "OZD Content API v1");
            o.RoutePrefix = "swagger";
        });
        return app;
    }
}
