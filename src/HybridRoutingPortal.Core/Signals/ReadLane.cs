namespace HybridRoutingPortal.Core.Signals;

/// <summary>Which lane a source read belongs to, so its cost can be told apart.</summary>
public enum ReadLane
{
    /// <summary>The slow lane: full route-table cycles every Routing:PollInterval.</summary>
    Tables,

    /// <summary>The fast lane: metrics every Routing:SignalInterval.</summary>
    Signals,

    /// <summary>Route-table reads of just the vantage points a signal concerns, and their confirming reads.</summary>
    Targeted,
}

/// <summary>
/// The lane the current asynchronous flow reads for. The lanes set it around their reads; a source's HTTP pipeline
/// reads it to count its requests per lane without every call passing it along.
/// </summary>
public static class ReadLanes
{
    private static readonly AsyncLocal<ReadLane?> CurrentLane = new();

    public static ReadLane Current => CurrentLane.Value ?? ReadLane.Tables;

    public static IDisposable Enter(ReadLane lane)
    {
        var before = CurrentLane.Value;
        CurrentLane.Value = lane;
        return new Restore(before);
    }

    private sealed class Restore(ReadLane? before) : IDisposable
    {
        public void Dispose() => CurrentLane.Value = before;
    }
}

/// <summary>Requests one lane made in the last hour (or extrapolated to an hour when the meter is younger).</summary>
public sealed record LaneUsage(ReadLane Lane, double ReadsPerHour, double WritesPerHour, long Reads, long Writes);

/// <summary>Counts requests per lane over a sliding hour, by minute: small and thread-safe.</summary>
public sealed class LaneMeter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly Queue<(long Minute, ReadLane Lane, bool Write, long Count)> _buckets = new();
    private readonly Dictionary<(ReadLane, bool), long> _totals = [];
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public void Count(ReadLane lane, bool write, long count = 1)
    {
        var now = time.GetUtcNow();
        var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
        lock (_gate)
        {
            Trim(now);
            _buckets.Enqueue((minute, lane, write, count));
            _totals[(lane, write)] = _totals.GetValueOrDefault((lane, write)) + count;
        }
    }

    public IReadOnlyList<LaneUsage> Snapshot()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Trim(now);
            // A meter younger than an hour extrapolates what it has seen (at least a minute, so one burst does not read as thousands).
            var seen = now - _started;
            var scale = seen >= Window ? 1 : Window / (seen < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : seen);
            return Enum.GetValues<ReadLane>().Select(lane =>
            {
                var reads = _buckets.Where(b => b.Lane == lane && !b.Write).Sum(b => b.Count);
                var writes = _buckets.Where(b => b.Lane == lane && b.Write).Sum(b => b.Count);
                return new LaneUsage(lane, reads * scale, writes * scale, _totals.GetValueOrDefault((lane, false)), _totals.GetValueOrDefault((lane, true)));
            }).ToArray();
        }
    }

    private void Trim(DateTimeOffset now)
    {
        var oldest = (now - Window).UtcTicks / TimeSpan.TicksPerMinute;
        while (_buckets.Count > 0 && _buckets.Peek().Minute < oldest)
        {
            _buckets.Dequeue();
        }
    }
}
