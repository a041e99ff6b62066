namespace OzdContentApi.Webhooks;

/// <summary>A receiver of events. Its signing secret is shown only when it is made (creation, rotation).</summary>
public record Webhook
{
    /// <summary>The webhook's UUID.</summary>
    public required Guid Id { get; init; }

    /// <summary>Where events are POSTed (http or https).</summary>
    public required string Url { get; init; }

    /// <summary>The event types it receives.</summary>
    public required string[] Events { get; init; }

    /// <summary>What it is for.</summary>
    public required string? Description { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>Until when deliveries also carry the signature of the secret before the last rotation; null when they do not.</summary>
    public required DateTime? PreviousSecretValidUntil { get; init; }

    /// <summary>When deliveries stopped because the receiver answered 410 Gone; null while it receives.</summary>
    public required DateTime? DisabledAt { get; init; }

    /// <summary>Why deliveries stopped.</summary>
    public required string? DisabledReason { get; init; }
}

/// <summary>A webhook just created, with its signing secret: shown this once.</summary>
public sealed record CreatedWebhook : Webhook
{
    /// <summary>The Standard Webhooks signing secret (whsec_ and base64). Store it now: it cannot be read again.</summary>
    public required string Secret { get; init; }
}

/// <summary>A new signing secret. Deliveries carry the signatures of both secrets until previousSecretValidUntil.</summary>
/// <param name="Secret">The new secret (whsec_ and base64), shown this once.</param>
/// <param name="PreviousSecretValidUntil">Until when the previous secret also signs (24 hours).</param>
public sealed record RotatedSecret(string Secret, DateTime PreviousSecretValidUntil);

/// <summary>A webhook to create.</summary>
public sealed record WebhookInput
{
    /// <summary>Absolute http(s) URL, at most 2000 characters; it must not resolve to a loopback, private, link-local or metadata address.</summary>
    public string? Url { get; init; }

    /// <summary>One or more of the event types, each once.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>What it is for, at most 500 characters.</summary>
    public string? Description { get; init; }
}

/// <summary>One event for one webhook: what was sent, how often, and what came back.</summary>
public sealed record WebhookDelivery
{
    /// <summary>The delivery's UUID (redeliver it by this).</summary>
    public required Guid Id { get; init; }

    /// <summary>The webhook-id header of every attempt: the receiver's idempotency key.</summary>
    public required string MessageId { get; init; }

    /// <summary>The event type.</summary>
    public required string Type { get; init; }

    /// <summary>The article or person the event is about.</summary>
    public required Guid SubjectId { get; init; }

    /// <summary>When the event happened for the public (a scheduled publication: its time).</summary>
    public required DateTime DueAt { get; init; }

    /// <summary>pending (not yet, or being retried), delivered (a 2xx came back) or failed (retries used up, or 410).</summary>
    public required string State { get; init; }

    /// <summary>Attempts so far.</summary>
    public required int Attempts { get; init; }

    /// <summary>The HTTP status of the last attempt; null when none came back.</summary>
    public required int? LastStatus { get; init; }

    /// <summary>Why the last attempt failed (timeout, refused address, status…).</summary>
    public required string? LastError { get; init; }

    /// <summary>The first characters (at most 500) of the last response's body.</summary>
    public required string? LastResponse { get; init; }

    /// <summary>When the last attempt was made.</summary>
    public required DateTime? LastAttemptAt { get; init; }

    /// <summary>When the next attempt is due, while pending.</summary>
    public required DateTime? NextAttemptAt { get; init; }

    /// <summary>When a 2xx came back.</summary>
    public required DateTime? DeliveredAt { get; init; }
}

/// <summary>The event types a webhook can take.</summary>
public static class WebhookEventTypes
{
    public static readonly string[] All =
    [
        "article.published", "article.changed", "article.corrected", "article.unpublished", "article.deleted",
        "person.changed", "person.deleted",
    ];
}
