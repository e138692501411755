using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Signals;

/// <summary>
/// The reads signals ask for: per vantage point, one read now and confirming reads Routing:Signals:ConfirmAfter
/// apart, enough for the alert lifecycle's consecutive polls to be met in seconds rather than poll intervals. A vantage
/// point with reads already on their way is not scheduled again, and no vantage point gets more than
/// Routing:Signals:MaxTriggersPerHour sequences an hour, so a flapping signal cannot spend the read budget.
/// </summary>
public sealed class TargetedReads(IOptions<RoutingOptions> routing, IOptions<AlertOptions> alerts)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _due = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sequences = new(StringComparer.Ordinal);

    /// <summary>Confirming reads after the first: configured, or what the lifecycle needs.</summary>
    public int ConfirmReads => routing.Value.Signals.ConfirmReads ?? Math.Max(0, Math.Max(alerts.Value.FireAfter, alerts.Value.ResolveAfter) - 1);

    /// <summary>Schedules reads of these vantage points; returns those newly scheduled and those refused by the hourly cap.</summary>
    public (IReadOnlyList<string> Scheduled, IReadOnlyList<string> Capped) Schedule(IEnumerable<string> vantageIds, DateTimeOffset now)
    {
        var o = routing.Value.Signals;
        var scheduled = new List<string>();
        var capped = new List<string>();
        lock (_gate)
        {
            foreach (var id in vantageIds.Distinct(StringComparer.Ordinal))
            {
                if (_due.TryGetValue(id, out var pending) && pending.Count > 0)
                {
                    continue;
                }

                var started = _sequences.TryGetValue(id, out var s) ? s : _sequences[id] = new Queue<DateTimeOffset>();
                while (started.Count > 0 && now - started.Peek() >= Hour)
                {
                    started.Dequeue();
                }

                if (started.Count >= o.MaxTriggersPerHour)
                {
                    capped.Add(id);
                    continue;
                }

                started.Enqueue(now);
                _due[id] = new Queue<DateTimeOffset>(Enumerable.Range(0, ConfirmReads + 1).Select(i => now + (o.ConfirmAfter * i)));
                scheduled.Add(id);
            }
        }

        return (scheduled, capped);
    }

    public DateTimeOffset? NextDueAt
    {
        get
        {
            lock (_gate)
            {
                var next = _due.Values.Where(q => q.Count > 0).Select(q => q.Peek()).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                return next == DateTimeOffset.MaxValue ? null : next;
            }
        }
    }

    /// <summary>
    /// The vantage points with a read due, each once. A read that fell behind (the slow lane held the turn) leaves its
    /// later confirmations due at once: every scheduled read still happens, so the lifecycle gets its consecutive polls.
    /// </summary>
    public IReadOnlyList<string> TakeDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            var due = new List<string>();
            foreach (var (id, queue) in _due)
            {
                if (queue.Count > 0 && queue.Peek() <= now)
                {
                    queue.Dequeue();
                    due.Add(id);
                }
            }

            foreach (var done in _due.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToArray())
            {
                _due.Remove(done);
            }

            return due.Order(StringComparer.Ordinal).ToArray();
        }
    }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _due.Values.Sum(q => q.Count);
            }
        }
    }
}
