using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using OzdContentApi.Keys;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;
using OzdContentApi.Platform.OpenApi;
using OzdContentApi.Platform.Paging;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Webhooks;

/// <summary>Managing webhooks (admin scope): create, list, read, delete, rotate the secret, the delivery log, redeliver.</summary>
public static class WebhookEndpoints
{
    private const string IdDescription = "The webhook's UUID.";

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Scopes.Admin);

        group.MapPost("/", Create)
            .WithName("createWebhook")
            .WithSummary("Create a webhook")
            .WithDescription("Events of the given types are POSTed to url as Standard Webhooks v1 (headers webhook-id, " +
                             "webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">; body " +
                             "{ type, timestamp, data: { id, slug, version, surrogateKeys, changesToken } }). The answer carries " +
                             "the signing secret, shown only here. The url must not resolve to a loopback, private, link-local " +
                             "or metadata address (checked now and at every delivery) unless Webhooks__AllowPrivateNetworks is set.")
            .WithValidation<WebhookInput>()
            .WithJsonBodyProblems()
            .AnswersWithoutETag();

        group.MapGet("/", List)
            .WithName("listWebhooks")
            .WithSummary("List webhooks")
            .WithDescription("Every webhook, oldest first; never their secrets.")
            .ProducesValidationProblem();

        group.MapGet("/{id}", Get)
            .WithName("getWebhook")
            .WithSummary("Get a webhook")
            .WithDescription("One webhook, without its secret.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id}", Delete)
            .WithName("deleteWebhook")
            .WithSummary("Delete a webhook")
            .WithDescription("Stops its deliveries at once (one already on its way may still arrive) and forgets its log.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AnswersWithoutETag();

        group.MapPost("/{id}/rotate-secret", RotateSecret)
            .WithName("rotateWebhookSecret")
            .WithSummary("Rotate a webhook's signing secret")
            .WithDescription("A new secret, shown only here. For 24 hours deliveries carry two signatures in webhook-signature " +
                             "(the new secret's and the previous one's), so the receiver can switch without missing one.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AnswersWithoutETag();

        group.MapGet("/{id}/deliveries", Deliveries)
            .WithName("listWebhookDeliveries")
            .WithSummary("A webhook's delivery log")
            .WithDescription("Its deliveries, newest event first: the event, the attempts, the last status and error, the " +
                             "first 500 characters of the last response, and when the next attempt is due.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", Redeliver)
            .WithName("redeliverWebhookDelivery")
            .WithSummary("Send one delivery again")
            .WithDescription("The delivery is due again now with fresh attempts, with the same webhook-id (the receiver's " +
                             "idempotency key); it keeps its place in the webhook's order. 202: it is queued. 409 while an " +
                             "attempt of it is being sent, or when the webhook is disabled.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AnswersWithoutETag();

        return routes;
    }

    public static async Task<Results<Created<CreatedWebhook>, ValidationProblem>> Create(WebhookInput input, WebhookStore webhooks,
        WebhookAddresses addresses, CancellationToken ct)
    {
        var (_, refusal) = await addresses.ResolveAsync(new Uri(input.Url!).IdnHost, ct);
        if (refusal is not null)
        {
            var errors = new RequestErrors();
            errors.Add("url", refusal);
            return errors.ToProblem();
        }
        var webhook = await webhooks.CreateAsync(input, ct);
        return TypedResults.Created($"/v1/webhooks/{webhook.Id}", webhook);
    }

    public static async Task<Results<CachedJson<Page<Webhook>>, ValidationProblem>> List(
        [AsParameters] PageQuery page, WebhookStore webhooks, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var scope = ListScope.Of("/v1/webhooks");
        var after = page.After<WebhookPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        var rows = await webhooks.ListAsync(after?.Id, page.Take + 1, ct);
        var result = Pages.From(rows, page.Take, w => Cursor.Encode(new WebhookPosition(w.Id), scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<CachedJson<Webhook>, ProblemHttpResult>> Get(
        [Description(IdDescription)] Uuid id, WebhookStore webhooks, CancellationToken ct) =>
        await webhooks.FindAsync(id.Value, ct) is { } webhook ? CachedJson.Of(webhook) : NotFound(id.Value);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        [Description(IdDescription)] Uuid id, WebhookStore webhooks, CancellationToken ct) =>
        await webhooks.DeleteAsync(id.Value, ct) ? TypedResults.NoContent() : NotFound(id.Value);

    public static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> RotateSecret(
        [Description(IdDescription)] Uuid id, WebhookStore webhooks, CancellationToken ct) =>
        await webhooks.RotateSecretAsync(id.Value, ct) is { } rotated ? TypedResults.Ok(rotated) : NotFound(id.Value);

    public static async Task<Results<CachedJson<Page<WebhookDelivery>>, ValidationProblem, ProblemHttpResult>> Deliveries(
        [Description(IdDescription)] Uuid id, [AsParameters] PageQuery page, WebhookStore webhooks, HttpContext http, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var scope = ListScope.Of("/v1/webhooks/{id}/deliveries", id.Value);
        var after = page.After<DeliveryPosition>(errors, scope);
        if (errors.Any)
            return errors.ToProblem();

        if (await webhooks.DeliveriesAsync(id.Value, after?.EventSeq, page.Take + 1, ct) is not { } rows)
            return NotFound(id.Value);
        var result = Pages.From(rows, page.Take, r => r.Delivery, r => Cursor.Encode(new DeliveryPosition(r.EventSeq), scope));
        Pages.AddNextLink(http, result);
        return CachedJson.Of(result);
    }

    public static async Task<Results<Accepted<WebhookDelivery>, ProblemHttpResult>> Redeliver(
        [Description(IdDescription)] Uuid id, [Description("The delivery's UUID.")] Uuid deliveryId, WebhookStore webhooks, CancellationToken ct) =>
        await webhooks.RedeliverAsync(id.Value, deliveryId.Value, ct) switch
        {
            ({ } delivery, _) => TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", delivery),
            (_, "disabled") => Problems.Conflict($"Webhook {id} is disabled (its receiver answered 410 Gone): nothing would send the delivery. Create the webhook again."),
            (_, "sending") => Problems.Conflict($"Delivery {deliveryId} is being sent right now; redeliver it once that attempt has ended (see its log)."),
            (_, "changed") => Problems.Conflict($"Delivery {deliveryId} changed while it was asked for; read its log and try again."),
            _ => Problems.NotFound($"Webhook {id} has no delivery {deliveryId} that is due (a scheduled event is sent at its time)."),
        };

    private static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"There is no webhook {id}.");
}

public readonly record struct WebhookPosition(Guid Id) : ICursorPosition<WebhookPosition>
{
    public static byte Kind => (byte)'w';

    public void Write(CursorWriter writer) => writer.Guid(Id);

    public static WebhookPosition? TryRead(CursorReader reader) => reader.Guid() is var id && !reader.Failed ? new WebhookPosition(id) : null;
}

public readonly record struct DeliveryPosition(long EventSeq) : ICursorPosition<DeliveryPosition>
{
    public static byte Kind => (byte)'d';

    public void Write(CursorWriter writer) => writer.Int64(EventSeq);

    public static DeliveryPosition? TryRead(CursorReader reader) =>
        reader.Int64() is var seq and >= 0 && !reader.Failed ? new DeliveryPosition(seq) : null;
}
