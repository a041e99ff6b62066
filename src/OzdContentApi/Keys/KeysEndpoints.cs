using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Paging;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Keys;

public static class KeysEndpoints
{
    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(Scopes.Admin);

        group.MapPost("/", Create)
            .WithName("createKey")
            .WithSummary("Create an API key")
            .WithDescription("Creates a key with the given scopes and answers its secret. The secret is shown only in " +
                             "this response and stored only as a hash: keep it now.")
            .WithValidation<ApiKeyInput>()
            .WithJsonBodyProblems()
            .AnswersWithoutETag();

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
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AnswersWithoutETag();

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
        var scope = ListScope.Of("/v1/keys");
        var after = page.After<KeyPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await keys.ListAsync(after?.Id, page.Take + 1, ct);
        var result = Pages.From(rows, page.Take, k => Cursor.Encode(new KeyPosition(k.Id), scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<ApiKey>, ProblemHttpResult>> Get(
        [Description("The key's UUID.")] Uuid id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.FindAsync(id.Value, ct) is { } key ? CachedJson.Of(key) : NotFound(id.Value);

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        [Description("The key's UUID.")] Uuid id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.RevokeAsync(id.Value, ct) ? TypedResults.NoContent() : NotFound(id.Value);

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"There is no API key {id}.");
}

/// <summary>Where a list of keys (ordered by their time-ordered ids) stopped.</summary>
public readonly record struct KeyPosition(Guid Id) : ICursorPosition<KeyPosition>
{
    public static byte Kind => (byte)'k';

    public void Write(CursorWriter writer) => writer.Guid(Id);

    public static KeyPosition? TryRead(CursorReader reader) => reader.Guid() is var id && !reader.Failed ? new KeyPosition(id) : null;
}
