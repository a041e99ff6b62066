using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Npgsql;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Database;

namespace OzdContentApi.Webhooks;

/// <summary>
/// Sends the outbox (migration 0012), in every instance. It claims the first due delivery of each
/// webhook under a lease (<c>FOR UPDATE SKIP LOCKED</c>, so two instances never send the same one,
/// and a webhook's next event waits for the one before: commit order), wakes on
/// <c>pg_notify('ozd_webhooks')</c> and polls slowly besides, and sends each one on its own: a slow
/// or dead receiver holds up only its own webhook. 2xx ends a delivery; 410 Gone disables the
/// webhook; anything else (3xx included: redirects are not followed) is retried after the
/// back-off (or the Retry-After of a 429/503) until the attempts are used up, over more than a day.
/// An instance that dies mid-send leaves a lease that runs out: the delivery is sent again (at least once);
/// one that is stopped mid-send hands its lease back.
/// </summary>
public sealed class WebhookDispatcher(
    NpgsqlDataSource db, ContentChanges changes, WebhookAddresses addresses, IConfiguration configuration, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>Standard Webhooks' suggestion: after the first attempt, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (27.6 hours in all).</summary>
    public static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    private const int MaxInFlight = 16;
    private const int ExcerptLength = 500;

    private readonly TimeSpan[] _retryDelays = Settings.PositiveTimes(configuration, "Webhooks:RetryDelays", DefaultRetryDelays);
    private readonly TimeSpan _timeout = Settings.PositiveTime(configuration, "Webhooks:Timeout", TimeSpan.FromSeconds(10));
    private readonly TimeSpan _poll = Settings.PositiveTime(configuration, "Webhooks:PollInterval", TimeSpan.FromSeconds(5));
    private readonly bool _dispatch = Settings.Bool(configuration, "Webhooks:Dispatch", true);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpClient? _http;

    private void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_dispatch)
            return;
        _http = CreateClient();
        changes.WebhooksDue += Wake;
        var inFlight = new List<Task>();
        var pruneAt = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = _wake.Task;
            try
            {
                if (DateTime.UtcNow >= pruneAt)
                {
                    await PruneAsync(stoppingToken);
                    pruneAt = DateTime.UtcNow + PruneEvery;
                }
                inFlight.RemoveAll(t => t.IsCompleted);
                var claimed = inFlight.Count < MaxInFlight ? await ClaimAsync(MaxInFlight - inFlight.Count, stoppingToken) : [];
                foreach (var delivery in claimed)
                    inFlight.Add(SendAsync(delivery, stoppingToken));
                if (claimed.Count > 0)
                    continue;
                var wait = await NextDueInAsync(stoppingToken);
                await Task.WhenAny([wake, Task.Delay(wait, stoppingToken), .. inFlight]);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                logger.LogWarning("Webhook dispatch paused: {Reason}", e.Message);
                await Task.Delay(_poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        changes.WebhooksDue -= Wake;
        await Task.WhenAll(inFlight).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    // The delivery log keeps 30 days; an event leaves once it is a day past due and no delivery refers to it.
    private const string PruneSql = """
        delete from webhook_deliveries
        where state <> 'pending' and coalesce(delivered_at, last_attempt_at, due_at) < now() - interval '30 days';
        delete from webhook_events e
        where e.due_at < now() - interval '1 day' and not exists (select from webhook_deliveries d where d.event_id = e.id);
        """;

    private async Task PruneAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(PruneSql, cancellationToken: ct));
    }

    /// <summary>A lease a little longer than one attempt can take; an instance that dies leaves it to run out.</summary>
    private TimeSpan Lease => _timeout + TimeSpan.FromSeconds(20);

    // The first pending delivery of each enabled webhook whose event is due, if its attempt is due
    // and nobody holds it. The lease condition is repeated on the row being updated, so a row leased
    // by another instance since this statement's snapshot is skipped, not taken twice.
    private const string ClaimSql = """
        with heads as (
            select distinct on (d.webhook_id) d.id
            from webhook_deliveries d join webhooks w on w.id = d.webhook_id and w.disabled_at is null
            where d.state = 'pending' and d.due_at <= now()
            order by d.webhook_id, d.due_at, d.event_seq
        ), claimable as (
            select d.id from webhook_deliveries d join heads h on h.id = d.id
            where d.next_attempt_at <= now() and (d.leased_until is null or d.leased_until < now())
            order by d.next_attempt_at
            limit @Limit
            for update of d skip locked
        )
        update webhook_deliveries d
        set leased_until = now() + @Lease
        from claimable c, webhook_events e, webhooks w
        where d.id = c.id and e.id = d.event_id and w.id = d.webhook_id
          and d.state = 'pending' and (d.leased_until is null or d.leased_until < now())
        returning d.id as Id, d.webhook_id as WebhookId, d.attempts as Attempts, w.url as Url, w.secret as Secret,
                  case when w.previous_secret_until > now() then w.previous_secret end as PreviousSecret,
                  e.id as EventId, e.type as Type, e.subject_id as SubjectId, e.slug as Slug, e.version as Version,
                  e.due_at as DueAt, e.changes_visible_from as ChangesVisibleFrom, e.changes_seq as ChangesSeq
        """;

    private sealed record Claimed
    {
        public Guid Id { get; init; }
        public Guid WebhookId { get; init; }
        public int Attempts { get; init; }
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public string? PreviousSecret { get; init; }
        public Guid EventId { get; init; }
        public string Type { get; init; } = "";
        public Guid SubjectId { get; init; }
        public string Slug { get; init; } = "";
        public int Version { get; init; }
        public DateTime DueAt { get; init; }
        public DateTime? ChangesVisibleFrom { get; init; }
        public long? ChangesSeq { get; init; }
    }

    private async Task<IReadOnlyList<Claimed>> ClaimAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Claimed>(new CommandDefinition(ClaimSql, new { Limit = limit, Lease }, cancellationToken: ct))).AsList();
    }

    // When the next head becomes claimable (its event due, its attempt due, its lease over), at most one poll away.
    private const string NextDueSql = """
        with heads as (
            select distinct on (d.webhook_id) d.due_at, d.next_attempt_at, d.leased_until
            from webhook_deliveries d join webhooks w on w.id = d.webhook_id and w.disabled_at is null
            where d.state = 'pending'
            order by d.webhook_id, d.due_at, d.event_seq
        )
        select extract(epoch from min(greatest(due_at, next_attempt_at, coalesce(leased_until, '-infinity'))) - now())::float8
        from heads
        """;

    private async Task<TimeSpan> NextDueInAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var seconds = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(NextDueSql, cancellationToken: ct));
        if (seconds is not { } s)
            return _poll;
        return TimeSpan.FromSeconds(Math.Clamp(s + 0.01, 0.01, _poll.TotalSeconds));
    }

    private async Task SendAsync(Claimed delivery, CancellationToken stoppingToken)
    {
        var messageId = "msg_" + delivery.EventId.ToString("N");
        var body = WebhookBody.Of(delivery.Type, delivery.SubjectId, delivery.Slug, delivery.Version, delivery.DueAt,
            delivery.ChangesVisibleFrom, delivery.ChangesSeq);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var secrets = delivery.PreviousSecret is { } previous ? [delivery.Secret, previous] : new[] { delivery.Secret };
        Outcome outcome;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.Add("webhook-id", messageId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSignatures.Header(secrets, messageId, timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_timeout);
            using var response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            outcome = Judge(response, excerpt, delivery.Attempts + 1);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            outcome = Retry(delivery.Attempts + 1, null, $"No answer within {_timeout.TotalSeconds:0.#} s.", null, null);
        }
        catch (HttpRequestException e)
        {
            outcome = Retry(delivery.Attempts + 1, null, e.InnerException is RefusedAddressException refused ? refused.Message : e.Message, null, null);
        }
        catch (OperationCanceledException)
        {
            // Stopping mid-attempt: the attempt does not count (the receiver may have it: at least
            // once), and its lease is handed back, so another instance or the next start sends it
            // when it is due instead of a lease's length later.
            await ReleaseAsync(delivery);
            return;
        }
        try
        {
            await RecordAsync(delivery, outcome, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Could not record webhook delivery {Delivery}: {Reason}; it is sent again when its lease runs out", delivery.Id, e.Message);
        }
        Wake();
    }

    private const string ReleaseSql = "update webhook_deliveries set leased_until = null where id = @Id and state = 'pending'";

    private async Task ReleaseAsync(Claimed delivery)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var connection = await db.OpenConnectionAsync(timeout.Token);
            await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { delivery.Id }, cancellationToken: timeout.Token));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Could not hand back the lease of webhook delivery {Delivery}: {Reason}; it is sent again when the lease runs out", delivery.Id, e.Message);
        }
    }

    private sealed record Outcome(string State, int? Status, string? Error, string? Excerpt, TimeSpan? RetryIn, string? DisableReason);

    private Outcome Judge(HttpResponseMessage response, string excerpt, int attempt)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
            return new Outcome("delivered", status, null, excerpt, null, null);
        if (response.StatusCode == HttpStatusCode.Gone)
            return new Outcome("failed", status, "The receiver answered 410 Gone: the webhook is disabled.", excerpt, null,
                "The receiver answered 410 Gone.");
        TimeSpan? retryAfter = null;
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is { } after)
            retryAfter = after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        var reason = status is >= 300 and < 400 ? $"{status}: redirects are not followed." : $"The receiver answered {status}.";
        return Retry(attempt, status, reason, excerpt, retryAfter);
    }

    private Outcome Retry(int attempt, int? status, string error, string? excerpt, TimeSpan? retryAfter)
    {
        if (attempt > _retryDelays.Length)
            return new Outcome("failed", status, $"{error} No attempts left ({attempt}).", excerpt, null, null);
        return new Outcome("pending", status, error, excerpt, NextAttemptAfter(_retryDelays[attempt - 1], retryAfter), null);
    }

    /// <summary>
    /// A receiver's Retry-After may put the next attempt later than the back-off (up to a day),
    /// never sooner: "Retry-After: 0" or a past date must not use up the attempts in seconds.
    /// </summary>
    public static TimeSpan NextAttemptAfter(TimeSpan backOff, TimeSpan? retryAfter) =>
        retryAfter is { } after && after > backOff ? (after < TimeSpan.FromDays(1) ? after : TimeSpan.FromDays(1)) : backOff;

    private const string RecordSql = """
        update webhook_deliveries
        set state = @State, attempts = attempts + 1, last_attempt_at = now(), last_status = @Status, last_error = @Error,
            last_response = @Excerpt, leased_until = null,
            next_attempt_at = case when @RetryIn::interval is null then next_attempt_at else now() + @RetryIn::interval end,
            delivered_at = case when @State = 'delivered' then now() end
        where id = @Id;
        update webhooks set disabled_at = now(), disabled_reason = @DisableReason
        where id = @WebhookId and @DisableReason::text is not null;
        """;

    private async Task RecordAsync(Claimed delivery, Outcome outcome, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RecordSql, new
        {
            delivery.Id, delivery.WebhookId, outcome.State, outcome.Status, outcome.Error, outcome.Excerpt, outcome.RetryIn, outcome.DisableReason,
        }, cancellationToken: ct));
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[2048];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0)
            read += n;
        var text = Encoding.UTF8.GetString(buffer, 0, read).Replace("\0", "");
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength];
    }

    /// <summary>
    /// No redirects, no proxy, and every connection checked where it goes: the host is resolved
    /// here and only an allowed address is dialled, so DNS cannot point a webhook inside later.
    /// </summary>
    private HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = _timeout,
        ConnectCallback = async (context, ct) =>
        {
            var (allowed, refusal) = await addresses.ResolveAsync(context.DnsEndPoint.Host, ct);
            if (refusal is not null)
                throw new RefusedAddressException(refusal);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { { "User-Agent", "OZD-Content-API-Webhooks/1" } },
    };

    public override void Dispose()
    {
        _http?.Dispose();
        base.Dispose();
    }
}

/// <summary>A webhook's host resolved to an address it may not reach.</summary>
public sealed class RefusedAddressException(string message) : IOException($"Refused: {message}");
