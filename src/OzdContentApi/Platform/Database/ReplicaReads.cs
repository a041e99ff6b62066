using Npgsql;
using NpgsqlTypes;

namespace OzdContentApi.Platform.Database;

/// <summary>
/// Where a delivery read goes: to a streaming standby when one is configured
/// (<c>ConnectionStrings:ContentReadOnly</c>, or a multi-host <c>ConnectionStrings:Content</c>) and
/// it has replayed every change this instance has heard of; to the primary otherwise.
/// </summary>
/// <remarks>
/// A standby replays the primary's WAL a little later. Every change heard (NOTIFY from any
/// instance, or this instance's own write) raises the position the standby must have replayed:
/// the primary's WAL insert position read after hearing it, which lies past that change's commit.
/// Until the standby's replay position (polled, so known as a lower bound) reaches it, reads go to
/// the primary. So no read can put an older version into a cache after a newer one was served,
/// however far the standby lags (replay paused included). A standby that cannot be reached, or
/// cancels a read (a recovery conflict), is left alone for a few seconds; the read is retried on
/// the primary. Writes, keyed reads, the change feed and the outbox always use the primary.
/// </remarks>
public sealed class ReplicaReads : IDisposable
{
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _replica;
    private readonly ILogger<ReplicaReads> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private long _heard = 1;   // a change "heard" at start: the standby must first reach the primary's position now
    private long _covered;
    private ulong _required;
    private ulong _replayed;
    private DateTime _downUntil;
    private bool _refreshing;
    private bool _again;

    public ReplicaReads(NpgsqlDataSource primary, ReplicaDataSource replica, ContentChanges changes, ILogger<ReplicaReads> logger)
    {
        _primary = primary;
        _replica = replica.DataSource;
        _logger = logger;
        if (_replica is null)
            return;
        changes.Changed += _ => Heard();
        changes.Lost += Heard;
        Refresh();
    }

    public bool HasReplica => _replica is not null;

    /// <summary>True while delivery reads go to the standby.</summary>
    public bool UsingReplica
    {
        get
        {
            lock (_gate)
                return _replica is not null && DateTime.UtcNow >= _downUntil && _covered == _heard && _replayed >= _required;
        }
    }

    /// <summary>
    /// Runs a read on the standby when <paramref name="mayUseStandby"/> (the public's reads) and it is
    /// current enough; else (or when it fails) on the primary.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken ct, bool mayUseStandby = true)
    {
        if (mayUseStandby && UsingReplica)
        {
            try
            {
                await using var connection = await _replica!.OpenConnectionAsync(ct);
                return await read(connection);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                MarkDown(e);
            }
        }
        await using var primary = await _primary.OpenConnectionAsync(ct);
        return await read(primary);
    }

    private void Heard()
    {
        lock (_gate)
            _heard++;
        Refresh();
    }

    private void MarkDown(Exception e)
    {
        lock (_gate)
            _downUntil = DateTime.UtcNow + DownFor;
        _logger.LogWarning("The read-only database failed ({Reason}); reading from the primary for {Seconds} s", e.Message, DownFor.TotalSeconds);
        // Pooled connections to a standby that went away are dead: do not hand them out again.
        _replica!.Clear();
        Refresh();
    }

    // One refresh at a time; a change heard meanwhile makes it go round again.
    private void Refresh()
    {
        lock (_gate)
        {
            if (_refreshing)
            {
                _again = true;
                return;
            }
            _refreshing = true;
            _again = false;
        }
        _ = Task.Run(RefreshAsync);
    }

    private async Task RefreshAsync()
    {
        var wait = TimeSpan.FromMilliseconds(2);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                long heard;
                lock (_gate)
                {
                    heard = _heard;
                    _again = false;
                }
                var position = await PrimaryPositionAsync();
                lock (_gate)
                {
                    _required = Math.Max(_required, position);
                    _covered = Math.Max(_covered, heard);
                }
                while (!_stopping.IsCancellationRequested)
                {
                    var replayed = await ReplayedAsync();
                    bool done;
                    lock (_gate)
                    {
                        _replayed = Math.Max(_replayed, replayed);
                        done = _replayed >= _required || _again;
                    }
                    if (done)
                        break;
                    await Task.Delay(wait, _stopping.Token);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                }
                lock (_gate)
                {
                    if (!_again)
                    {
                        _refreshing = false;
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                lock (_gate)
                    _downUntil = DateTime.UtcNow + DownFor;
                await Task.Delay(DownFor, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<ulong> PrimaryPositionAsync()
    {
        await using var connection = await _primary.OpenConnectionAsync(_stopping.Token);
        await using var command = new NpgsqlCommand("select pg_current_wal_insert_lsn()", connection);
        return (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(_stopping.Token))!;
    }

    // A "read-only" database that is no standby (not in recovery) is as current as the primary.
    private async Task<ulong> ReplayedAsync()
    {
        await using var connection = await _replica!.OpenConnectionAsync(_stopping.Token);
        await using var command = new NpgsqlCommand("select case when pg_is_in_recovery() then pg_last_wal_replay_lsn() end", connection);
        return await command.ExecuteScalarAsync(_stopping.Token) is NpgsqlLogSequenceNumber replayed ? (ulong)replayed : ulong.MaxValue;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}

/// <summary>The standby's data source, when one is configured.</summary>
public sealed record ReplicaDataSource(NpgsqlDataSource? DataSource);
