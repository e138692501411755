using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HybridRoutingPortal.Data;

/// <summary>
/// The leader lease on PostgreSQL: a session advisory lock, held by a dedicated connection whose session the server
/// ends after <see cref="LeaseTime"/> without a heartbeat (idle_session_timeout), so a dead, frozen or cut-off leader
/// loses the lock on the server's clock, not its own. Standbys try every third of the lease; the one that gets the lock
/// raises the leader term (a row in leaderterms), which waits for the old leader's fenced writes in flight and makes
/// every later one fail. Takeover after the leader dies: at most LeaseTime (server side) + LeaseTime/3 (next try).
/// </summary>
public sealed class PostgresLeadership : Leadership, IAsyncDisposable
{
    /// <summary>The advisory lock key ("HRPL" in ASCII): one leader per database.</summary>
    public const long LockKey = 0x4852504C;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _holder;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _led = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _term;
    private long _termNumber;
    private long _lastHeartbeat;
    private Task? _loop;
    private int _disposing;

    public PostgresLeadership(string connectionString, TimeSpan leaseTime, string holder, TimeProvider time, ILogger<PostgresLeadership> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseTime, TimeSpan.FromSeconds(1));
        // Pooling off: the lock lives and dies with this one session.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = Math.Max(1, (int)(leaseTime.TotalSeconds / 3)) }.ConnectionString;
        LeaseTime = leaseTime;
        _holder = holder;
        _time = time;
        _logger = logger;
    }

    public TimeSpan LeaseTime { get; }

    private TimeSpan Beat => LeaseTime / 3;

    /// <summary>Leading, and the last heartbeat is younger than the lease: a leader that cannot reach the server stops on its own.</summary>
    public override bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is { IsCancellationRequested: false } && _time.GetTimestamp() - _lastHeartbeat < LeaseTime.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
            }
        }
    }

    /// <summary>The current term while leading (0 otherwise); each new leader gets a higher one.</summary>
    public long Term
    {
        get
        {
            lock (_gate)
            {
                return _term is { IsCancellationRequested: false } ? _termNumber : 0;
            }
        }
    }

    public override async Task<CancellationToken> LeadAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> led;
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_disposed.Token));
            led = _led.Task;
        }

        return await led.WaitAsync(cancellationToken);
    }

    public override async Task FenceAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var term = Term;
        if (term != 0)
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            // FOR SHARE: a new leader's term increment waits for this transaction; once it has committed, no row matches.
            cmd.CommandText = "SELECT 1 FROM leaderterms WHERE name = 'leader' AND term = @term FOR SHARE";
            var p = cmd.CreateParameter();
            p.ParameterName = "@term";
            p.Value = term;
            cmd.Parameters.Add(p);
            if (await cmd.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        Lose(term);
        throw new LeaseLostException("This instance no longer holds the leader lease; the write was rolled back.");
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(ct);
                await ExecuteAsync(connection, $"SET idle_session_timeout = {(long)LeaseTime.TotalMilliseconds}", ct);
                await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
                {
                    tryLock.Parameters.AddWithValue("key", LockKey);
                    if (await tryLock.ExecuteScalarAsync(ct) is not true)
                    {
                        await connection.CloseAsync();
                        await Task.Delay(Beat, _time, ct);
                        continue;
                    }
                }

                long term;
                await using (var raise = new NpgsqlCommand(
                    "INSERT INTO leaderterms (name, term, holder, since) VALUES ('leader', 1, @holder, @since) " +
                    "ON CONFLICT (name) DO UPDATE SET term = leaderterms.term + 1, holder = excluded.holder, since = excluded.since RETURNING term", connection))
                {
                    raise.Parameters.AddWithValue("holder", _holder);
                    raise.Parameters.AddWithValue("since", _time.GetUtcNow().UtcTicks);
                    term = (long)(await raise.ExecuteScalarAsync(ct))!;
                }

                var lost = Begin(term);
                _logger.LogInformation("This instance ({Holder}) leads: term {Term}, lease {Lease}", _holder, term, LeaseTime);
                while (!lost.IsCancellationRequested)
                {
                    await Task.Delay(Beat, _time, ct);
                    using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct, lost);
                    beat.CancelAfter(Beat);
                    await ExecuteAsync(connection, "SELECT 1", beat.Token);
                    lock (_gate)
                    {
                        _lastHeartbeat = _time.GetTimestamp();
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is DbException or OperationCanceledException or InvalidOperationException or TimeoutException)
            {
                if (Lose(Term))
                {
                    _logger.LogWarning("This instance ({Holder}) lost the leader lease: {Message}", _holder, ex.Message);
                }

                try
                {
                    await Task.Delay(Beat, _time, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        Lose(Term);
    }

    private CancellationToken Begin(long term)
    {
        lock (_gate)
        {
            _termNumber = term;
            _term = new CancellationTokenSource();
            _lastHeartbeat = _time.GetTimestamp();
            _led.TrySetResult(_term.Token);
            return _term.Token;
        }
    }

    /// <summary>Ends the term (once): cancels the leader's work and makes the next <see cref="LeadAsync"/> wait again.</summary>
    private bool Lose(long term)
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            if (_term is null || _term.IsCancellationRequested || (term != 0 && term != _termNumber))
            {
                return false;
            }

            ended = _term;
            _led = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ended.Cancel();
        return true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        try
        {
            await _disposed.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // A registration of the lease loop (its connection's) went with the connection; the loop still ends.
        }

        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _disposed.Dispose();
    }
}
