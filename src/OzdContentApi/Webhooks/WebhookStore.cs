using Dapper;
using Npgsql;

namespace OzdContentApi.Webhooks;

/// <summary>Webhooks and their delivery log. The secrets are stored as they are: they must sign.</summary>
public sealed class WebhookStore(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private const string Columns = """
        w.id, w.url, w.events, w.description, w.created_at as CreatedAt,
        case when w.previous_secret_until > now() then w.previous_secret_until end as PreviousSecretValidUntil,
        w.disabled_at as DisabledAt, w.disabled_reason as DisabledReason
        """;

    // A new webhook also gets the events already written but not yet due (a scheduled publication).
    private const string InsertSql = $"""
        with created as (
            insert into webhooks as w (id, url, events, description, secret, created_at)
            values (@Id, @Url, @Events, @Description, @Secret, @Now)
            returning w.*
        ), pending as (
            insert into webhook_deliveries (webhook_id, event_id, event_seq, due_at, next_attempt_at)
            select c.id, e.id, e.seq, e.due_at, e.due_at
            from created c join webhook_events e on e.type = any (c.events) and e.due_at > now()
        )
        select {Columns} from created w
        """;

    public async Task<CreatedWebhook> CreateAsync(WebhookInput input, CancellationToken ct)
    {
        var secret = WebhookSignatures.NewSecret();
        await using var connection = await db.OpenConnectionAsync(ct);
        var webhook = await connection.QuerySingleAsync<Webhook>(new CommandDefinition(InsertSql, new
        {
            Id = Guid.CreateVersion7(), input.Url, Events = input.Events!.ToArray(), input.Description, Secret = secret,
            Now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: ct));
        return new CreatedWebhook
        {
            Id = webhook.Id, Url = webhook.Url, Events = webhook.Events, Description = webhook.Description, CreatedAt = webhook.CreatedAt,
            PreviousSecretValidUntil = null, DisabledAt = null, DisabledReason = null, Secret = secret,
        };
    }

    private const string ListSql = $"select {Columns} from webhooks w where w.id > @After order by w.id limit @Take";

    public async Task<IReadOnlyList<Webhook>> ListAsync(Guid? after, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Webhook>(new CommandDefinition(ListSql, new { After = after ?? Guid.Empty, Take = take },
            cancellationToken: ct))).AsList();
    }

    private const string FindSql = $"select {Columns} from webhooks w where w.id = @Id";

    public async Task<Webhook?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(FindSql, new { Id = id }, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("delete from webhooks where id = @Id", new { Id = id }, cancellationToken: ct)) > 0;
    }

    // The secret in use becomes the previous one, signing alongside the new one for a day.
    private const string RotateSql = """
        update webhooks
        set previous_secret = secret, previous_secret_until = @Until, secret = @Secret
        where id = @Id
        returning previous_secret_until
        """;

    /// <returns>The time as stored (to the microsecond), so that reading the webhook later shows the same time.</returns>
    public async Task<RotatedSecret?> RotateSecretAsync(Guid id, CancellationToken ct)
    {
        var secret = WebhookSignatures.NewSecret();
        var until = clock.GetUtcNow().UtcDateTime + RotationOverlap;
        await using var connection = await db.OpenConnectionAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(RotateSql, new { Id = id, Secret = secret, Until = until },
            cancellationToken: ct));
        return stored is { } kept ? new RotatedSecret(secret, kept) : null;
    }

    private const string DeliveryColumns = """
        d.id, 'msg_' || replace(e.id::text, '-', '') as MessageId, e.type, e.subject_id as SubjectId, d.due_at as DueAt, d.state,
        d.attempts, d.last_status as LastStatus, d.last_error as LastError, d.last_response as LastResponse,
        d.last_attempt_at as LastAttemptAt, case when d.state = 'pending' then d.next_attempt_at end as NextAttemptAt,
        d.delivered_at as DeliveredAt
        """;

    // Newest event first; the webhook's id first, so an unknown webhook (404) differs from an empty log.
    private const string DeliveriesSql = $"""
        select w.id from webhooks w where w.id = @WebhookId;

        select {DeliveryColumns}, d.event_seq as EventSeq
        from webhook_deliveries d join webhook_events e on e.id = d.event_id
        where d.webhook_id = @WebhookId and d.event_seq < @Before
        order by d.event_seq desc
        limit @Take;
        """;

    public sealed record LoggedDelivery(WebhookDelivery Delivery, long EventSeq);

    public async Task<IReadOnlyList<LoggedDelivery>?> DeliveriesAsync(Guid webhookId, long? before, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(DeliveriesSql,
            new { WebhookId = webhookId, Before = before ?? long.MaxValue, Take = take }, cancellationToken: ct));
        if (await results.ReadSingleOrDefaultAsync<Guid?>() is null)
            return null;
        return (await results.ReadAsync<DeliveryRow>()).Select(r => new LoggedDelivery(r.ToDelivery(), r.EventSeq)).ToList();
    }

    // Due again now, with fresh attempts; it keeps its place in the webhook's order. Not while an
    // attempt is being sent (its lease is live: it would go out twice at once) and not for a
    // disabled webhook (nothing would send it).
    private const string RedeliverSql = $"""
        with again as (
            update webhook_deliveries d
            set state = 'pending', attempts = 0, next_attempt_at = now(), leased_until = null, delivered_at = null
            where d.id = @Id and d.webhook_id = @WebhookId and d.due_at <= now()
              and (d.leased_until is null or d.leased_until <= now())
              and not exists (select from webhooks w where w.id = d.webhook_id and w.disabled_at is not null)
            returning d.*)
        select {DeliveryColumns} from again d join webhook_events e on e.id = d.event_id;
        select pg_notify('ozd_webhooks', '');
        select case when w.disabled_at is not null then 'disabled' when d.leased_until > now() then 'sending' else 'changed' end
        from webhook_deliveries d join webhooks w on w.id = d.webhook_id
        where d.id = @Id and d.webhook_id = @WebhookId and d.due_at <= now();
        """;

    /// <summary>The delivery due again, or why not: null for no such due delivery, else "disabled", "sending" or "changed".</summary>
    public async Task<(WebhookDelivery? Delivery, string? Refusal)> RedeliverAsync(Guid webhookId, Guid deliveryId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(RedeliverSql,
            new { Id = deliveryId, WebhookId = webhookId }, cancellationToken: ct));
        if ((await results.ReadSingleOrDefaultAsync<DeliveryRow>())?.ToDelivery() is { } delivery)
            return (delivery, null);
        await results.ReadAsync();
        return (null, await results.ReadSingleOrDefaultAsync<string>());
    }

    private sealed record DeliveryRow
    {
        public Guid Id { get; init; }
        public string MessageId { get; init; } = "";
        public string Type { get; init; } = "";
        public Guid SubjectId { get; init; }
        public DateTime DueAt { get; init; }
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public int? LastStatus { get; init; }
        public string? LastError { get; init; }
        public string? LastResponse { get; init; }
        public DateTime? LastAttemptAt { get; init; }
        public DateTime? NextAttemptAt { get; init; }
        public DateTime? DeliveredAt { get; init; }
        public long EventSeq { get; init; }

        public WebhookDelivery ToDelivery() => new()
        {
            Id = Id, MessageId = MessageId, Type = Type, SubjectId = SubjectId, DueAt = DueAt, State = State, Attempts = Attempts,
            LastStatus = LastStatus, LastError = LastError, LastResponse = LastResponse, LastAttemptAt = LastAttemptAt,
            NextAttemptAt = NextAttemptAt, DeliveredAt = DeliveredAt,
        };
    }
}
