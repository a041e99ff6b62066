using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Paging;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Keys;

public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Scopes.Admin).WithManagementProblems()
            .RequireCors(BrowserAccess.Editors);

        group.MapPost("/", Create)
            .WithName("createKey")
            .WithSummary("Create an API key")
            .WithDescription("Creates a key with the given scopes and answers its secret. The secret is shown only in " +
                             "this response and stored only as a hash: keep it now.")
            .WithValidation<ApiKeyInput>()
            .WithJsonBodyProblems();

        group.MapGet("/", List)
            .WithName("listKeys")
            .WithSummary("List API keys")
            .WithDescription("Every key, oldest first, revoked ones included; never their secrets.")
            .ProducesValidationProblem();

        group.MapGet("/{id}", Get)
            .WithName("getKey")
            .WithSummary("Get an API key")
            .WithDescription("One key, without its secret.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id}", Revoke)
            .WithName("revokeKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key stops working at once; it stays listed with its revokedAt. Revoking again is harmless.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    public static async Task<Created<CreatedApiKey>> Create(ApiKeyInput input, ApiKeyStore keys, CancellationToken ct)
    {
        var key = (await keys.CreateAsync(input.Name!, input.Scopes!, ct))!;
        return TypedResults.Created($"/v1/keys/{key.Id}", key);
    }

    public static async Task<Results<CachedJson<Page<ApiKey>>, ValidationProblem>> List(
        [AsParameters] PageQuery page, ApiKeyStore keys, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var limit = page.ParseLimit(errors);
        var after = IdCursor.Parse(page.Cursor, IdCursor.KeyKind, errors);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await keys.ListAsync(after, limit + 1, ct);
        var result = Pages.From(rows, limit, k => IdCursor.Encode(IdCursor.KeyKind, k.Id));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<ApiKey>, ValidationProblem, ProblemHttpResult>> Get(
        [Description("The key's UUID.")] string id, ApiKeyStore keys, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (Uuid.Parse(id, "id", errors) is not { } keyId)
            return errors.ToProblem();
        return await keys.FindAsync(keyId, ct) is { } key ? CachedJson.Of(key) : NotFound(keyId);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Revoke(
        [Description("The key's UUID.")] string id, ApiKeyStore keys, CancellationToken ct)
    {
        var errors = new RequestErrors();
        if (Uuid.Parse(id, "id", errors) is not { } keyId)
            return errors.ToProblem();
        return await keys.RevokeAsync(keyId, ct) ? TypedResults.NoContent() : NotFound(keyId);
    }

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"There is no API key {id}.");
}
