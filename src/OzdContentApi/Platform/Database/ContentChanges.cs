using Npgsql;

namespace OzdContentApi.Platform.Database;

/// <summary>
/// What was committed to the content database, as PostgreSQL announces it to every instance
/// (channel <c>ozd_changes</c>, payload <c>kind:id</c>; see migration 0006). Caches subscribe and
/// evict; <see cref="Lost"/> means notifications may have been missed (the listening connection
/// broke), so everything cached must go.
/// </summary>
/// <remarks>
/// Changes come in batches: a person's rename changes every article naming them (hundreds), and
/// PostgreSQL names them a few hundred to a notification. Subscribers handle a batch at once (the
/// article cache takes its lock once for all of it), and <see cref="Evicted"/> follows each batch.
/// </remarks>
public sealed class ContentChanges(ILogger<ContentChanges>? logger = null)
{
    public const string Channel = "ozd_changes";

    /// <summary>The channel the webhook outbox announces new deliveries on (migration 0012).</summary>
    public const string WebhookChannel = "ozd_webhooks";

    public event Action<IReadOnlyList<ContentChange>>? Changed;
    public event Action? Lost;

    /// <summary>
    /// Raised after the handlers of <see cref="Changed"/> or <see cref="Lost"/> ran: for caches of
    /// answers built from what those handlers evict (the delivery micro-cache), which must move on
    /// only once the data under them is fresh.
    /// </summary>
    public event Action? Evicted;

    /// <summary>Webhook deliveries were added or made due again (also raised when listening starts: what was missed is looked for).</summary>
    public event Action? WebhooksDue;

    /// <summary>True while a connection listens; false between a failure and the next successful LISTEN.</summary>
    public bool Listening { get; private set; }

    /// <summary>When this instance last heard of a change (or began listening).</summary>
    public DateTime? LastHeardAt { get; private set; }

    /// <summary>Announces a change made by this instance at once, before PostgreSQL's notification arrives.</summary>
    public void Announce(string kind, Guid id) => Raise([new ContentChange(kind, id)]);

    /// <summary>Announces changes of several things at once (the caches are emptied once).</summary>
    public void Announce(IReadOnlyList<ContentChange> changes) => Raise(changes);

    /// <summary>What PostgreSQL announced: <c>kind:id</c>, or <c>kind:id,id,…</c> for many of one kind at once (migration 0017).</summary>
    internal void Heard(string payload)
    {
        LastHeardAt = DateTime.UtcNow;
        var changes = new List<ContentChange>();
        var colon = payload.IndexOf(':');
        if (colon > 0)
        {
            var kind = payload[..colon];
            var ids = payload.AsSpan(colon + 1);
            foreach (var range in ids.Split(','))
            {
                if (Guid.TryParse(ids[range], out var id))
                    changes.Add(new ContentChange(kind, id));
            }
        }
        Raise(changes);
    }

    private void Raise(IReadOnlyList<ContentChange> changes)
    {
        // A subscriber that fails must not keep the others from the change (a multicast call stops
        // at the first exception, and PostgreSQL's notifications would not even show it: Npgsql
        // swallows what its handlers throw); what it should have evicted is unknown, so every
        // cache forgets everything, as when notifications may have been missed.
        if (changes.Count > 0 && !EachRan(Changed, handler => handler(changes)))
            EachRan(Lost, handler => handler());
        EachRan(Evicted, handler => handler());
    }

    private bool EachRan<T>(T? handlers, Action<T> invoke) where T : Delegate
    {
        if (handlers is null)
            return true;
        var allRan = true;
        foreach (var handler in handlers.GetInvocationList().Cast<T>())
        {
            try
            {
                invoke(handler);
            }
            catch (Exception e)
            {
                allRan = false;
                logger?.LogError(e, "A subscriber to content changes failed; every cache forgets what it holds");
            }
        }
        return allRan;
    }

    internal void HeardWebhooksDue() => WebhooksDue?.Invoke();

    internal void Listened(bool listening)
    {
        Listening = listening;
        if (listening)
            LastHeardAt = DateTime.UtcNow;
        // Whatever happened while no connection listened was not heard: forget it all.
        EachRan(Lost, handler => handler());
        EachRan(Evicted, handler => handler());
        if (listening)
            WebhooksDue?.Invoke();
    }
}

/// <summary>One thing that changed: its kind ("article", "person") and id.</summary>
public readonly record struct ContentChange(string Kind, Guid Id);

/// <summary>
/// One connection per instance that LISTENs for <see cref="ContentChanges"/>: TCP keepalive, so a
/// dead server is noticed, and a reconnect (with everything cached forgotten) when it breaks.
/// </summary>
public sealed class ChangeListener(ListenerDataSource source, ContentChanges changes, ILogger<ChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == ContentChanges.WebhookChannel)
                        changes.HeardWebhooksDue();
                    else
                        changes.Heard(e.Payload);
                };
                await using (var listen = new NpgsqlCommand($"listen {ContentChanges.Channel}; listen {ContentChanges.WebhookChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                changes.Listened(true);
                delay = TimeSpan.FromMilliseconds(200);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
            {
                if (changes.Listening)
                    logger.LogWarning("Listening for content changes failed ({Reason}); reconnecting", e.Message);
                changes.Listened(false);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}

/// <summary>The connection settings of the listening connection: the service's, with TCP keepalive and no pool.</summary>
public sealed record ListenerDataSource(NpgsqlDataSource DataSource);
