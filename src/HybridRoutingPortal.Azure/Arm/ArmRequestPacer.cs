using System.Collections.Concurrent;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Arm;

/// <summary>
/// Keeps the portal inside ARM's throttling limits instead of finding them with 429s. ARM throttles
/// per subscription, principal and operation kind with token buckets: reads a bucket of 250 refilling
/// 25 per second, writes (POST actions count here) 200 refilling 10 per second, the same again per
/// tenant (learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
/// The pacer keeps an estimate of each bucket — lowered by every request it lets through and by every
/// x-ms-ratelimit-remaining-* header ARM returns, raised by the refill rate — and holds a request back
/// while the estimate is under a reserve, so other clients of the same principal keep some room.
/// Resource Graph has its own per-user quota (x-ms-user-quota-remaining, x-ms-user-quota-resets-after,
/// "15 queries per 5 seconds" in learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests):
/// when it is spent, the next query waits for the reset if that is near, or fails as throttled at once.
/// </summary>
public sealed class ArmRequestPacer(TimeProvider time, ArmPacingOptions? options = null)
{
    private readonly ArmPacingOptions _options = options ?? new ArmPacingOptions();
    private readonly ConcurrentDictionary<(string? Subscription, BudgetKind Kind), Bucket> _buckets = new();
    private readonly GraphQuota _graph = new();

    /// <summary>ARM requests (every attempt) per read lane over the last hour.</summary>
    public Core.Signals.LaneMeter Lanes { get; } = new(time);

    /// <summary>Waits until a request of this kind may be sent without running the estimated bucket under its reserve.</summary>
    public async Task WaitTurnAsync(string? subscriptionId, BudgetKind kind, CancellationToken ct)
    {
        if (kind == BudgetKind.ResourceGraphQueries)
        {
            await WaitForGraphQuotaAsync(ct);
            return;
        }

        var bucket = BucketFor(subscriptionId, kind);
        var waiting = false;
        try
        {
            while (true)
            {
                var wait = bucket.TryTake(time.GetTimestamp(), time);
                if (wait <= TimeSpan.Zero)
                {
                    return;
                }

                if (!waiting)
                {
                    bucket.StartWaiting(time.GetTimestamp());
                    waiting = true;
                }

                await Task.Delay(wait, time, ct);
            }
        }
        finally
        {
            if (waiting)
            {
                bucket.StopWaiting(time.GetTimestamp(), time);
            }
        }
    }

    /// <summary>What ARM said is left in a bucket after an answer.</summary>
    public void ObserveRemaining(string? subscriptionId, BudgetKind kind, long remaining) =>
        BucketFor(subscriptionId, kind).Observe(remaining, time.GetTimestamp(), time.GetUtcNow(), time);

    /// <summary>
    /// A 429. It is counted; the estimate follows the remaining-budget header that comes with it, not the
    /// status alone: resource providers also answer 429 for a busy resource (RetryableErrorDueToAnotherOperation),
    /// which says nothing about the subscription's bucket. A Resource Graph 429 without quota headers means spent.
    /// </summary>
    public void ObserveThrottled(string? subscriptionId, BudgetKind kind, bool withBudgetHeaders)
    {
        if (kind == BudgetKind.ResourceGraphQueries)
        {
            lock (_graph)
            {
                _graph.Throttled++;
                if (!withBudgetHeaders)
                {
                    _graph.Remaining = 0;
                    _graph.ResetsAt ??= time.GetUtcNow() + _options.ResourceGraphWindow;
                }

                _graph.ObservedAt = time.GetUtcNow();
            }

            return;
        }

        BucketFor(subscriptionId, kind).CountThrottled(time.GetUtcNow());
    }

    /// <summary>Resource Graph's quota headers: queries left in the window and how long until it resets.</summary>
    public void ObserveGraphQuota(long remaining, TimeSpan? resetsAfter)
    {
        lock (_graph)
        {
            var now = time.GetUtcNow();
            _graph.Remaining = remaining;
            _graph.ResetsAt = resetsAfter is { } r ? now + r : null;
            _graph.ObservedAt = now;
        }
    }

    /// <summary>The budgets as last reported, for the Overview and /metrics.</summary>
    public IReadOnlyList<RequestBudget> Snapshot()
    {
        var now = time.GetUtcNow();
        var budgets = _buckets.Where(kv => kv.Value.ObservedAt is not null)
            .Select(kv => kv.Value.Budget(kv.Key.Subscription, kv.Key.Kind))
            .OrderBy(b => b.SubscriptionId, StringComparer.Ordinal).ThenBy(b => b.Kind).ToList();
        lock (_graph)
        {
            if (_graph.ObservedAt is { } at)
            {
                var resets = _graph.ResetsAt is { } r ? (r > now ? r - now : TimeSpan.Zero) : (TimeSpan?)null;
                budgets.Add(new RequestBudget(null, BudgetKind.ResourceGraphQueries, _graph.Remaining ?? 0, resets, at, _graph.Throttled, _graph.Paced));
            }
        }

        return budgets;
    }

    private Bucket BucketFor(string? subscriptionId, BudgetKind kind) =>
        _buckets.GetOrAdd((subscriptionId?.ToLowerInvariant(), kind), _ => kind == BudgetKind.Writes
            ? new Bucket(_options.WriteCapacity, _options.WriteRefillPerSecond, _options.ReserveFraction)
            : new Bucket(_options.ReadCapacity, _options.ReadRefillPerSecond, _options.ReserveFraction));

    private async Task WaitForGraphQuotaAsync(CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_graph)
            {
                var now = time.GetUtcNow();
                if (_graph.ResetsAt is { } resets && now >= resets)
                {
                    // The window has reset: the quota is whatever the next answer says.
                    _graph.Remaining = null;
                    _graph.ResetsAt = null;
                }

                if (_graph.Remaining is not { } remaining || remaining > 0)
                {
                    _graph.Remaining = _graph.Remaining - 1;
                    return;
                }

                wait = (_graph.ResetsAt ?? now + _options.ResourceGraphWindow) - now;
                if (wait > _options.MaxResourceGraphWait)
                {
                    throw new CollectionException(FailureReason.Throttled,
                        $"Azure Resource Graph's query quota for this identity is spent; it resets in {wait.TotalSeconds:0} s (x-ms-user-quota-resets-after).");
                }

                _graph.Paced += wait;
            }

            await Task.Delay(wait, time, ct);
        }
    }

    private sealed class GraphQuota
    {
        public long? Remaining;
        public DateTimeOffset? ResetsAt;
        public DateTimeOffset? ObservedAt;
        public int Throttled;
        public TimeSpan Paced;
    }

    /// <summary>An estimate of one ARM token bucket.</summary>
    private sealed class Bucket(double capacity, double refillPerSecond, double reserveFraction)
    {
        private readonly Lock _gate = new();

        // The reserve is a share of the documented bucket, even when ARM reports a larger one (an older hourly limit).
        private readonly double _reserve = capacity * reserveFraction;
        private double _capacity = capacity;
        private double _tokens = capacity;
        private long _stamp;
        private bool _started;
        private long _reported;
        private int _throttled;
        private TimeSpan _paced;
        private int _waiters;
        private long _waitingSince;

        public DateTimeOffset? ObservedAt { get; private set; }

        /// <summary>Takes a token and returns zero, or returns how long to wait before trying again.</summary>
        public TimeSpan TryTake(long now, TimeProvider time)
        {
            lock (_gate)
            {
                Refill(now, time);
                var reserve = _reserve;
                if (_tokens - 1 >= reserve)
                {
                    _tokens -= 1;
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((reserve + 1 - _tokens) / refillPerSecond);
            }
        }

        /// <summary>
        /// Paced time is wall time during which at least one request was held back, not the sum over
        /// requests: it says how much longer the cycle took to stay inside the bucket.
        /// </summary>
        public void StartWaiting(long now)
        {
            lock (_gate)
            {
                if (_waiters++ == 0)
                {
                    _waitingSince = now;
                }
            }
        }

        public void StopWaiting(long now, TimeProvider time)
        {
            lock (_gate)
            {
                if (--_waiters == 0)
                {
                    _paced += time.GetElapsedTime(_waitingSince, now);
                }
            }
        }

        public void Observe(long remaining, long now, DateTimeOffset at, TimeProvider time)
        {
            lock (_gate)
            {
                Refill(now, time);
                // A bucket larger than documented (an older, hourly limit) widens the estimate; a lower count than
                // ours (other clients of the same principal, or requests ARM counted first) lowers it.
                _capacity = Math.Max(_capacity, remaining);
                _tokens = Math.Min(_tokens, remaining);
                _reported = remaining;
                ObservedAt = at;
            }
        }

        public void CountThrottled(DateTimeOffset at)
        {
            lock (_gate)
            {
                _throttled++;
                ObservedAt ??= at;
            }
        }

        public RequestBudget Budget(string? subscription, BudgetKind kind)
        {
            lock (_gate)
            {
                return new RequestBudget(subscription, kind, _reported, null, ObservedAt!.Value, _throttled, _paced);
            }
        }

        private void Refill(long now, TimeProvider time)
        {
            if (_started)
            {
                _tokens = Math.Min(_capacity, _tokens + (time.GetElapsedTime(_stamp, now).TotalSeconds * refillPerSecond));
            }

            _started = true;
            _stamp = now;
        }
    }
}

/// <summary>ARM's documented bucket sizes and refill rates, and how much of each bucket the portal leaves to others.</summary>
public sealed class ArmPacingOptions
{
    public double ReadCapacity { get; set; } = 250;

    public double ReadRefillPerSecond { get; set; } = 25;

    public double WriteCapacity { get; set; } = 200;

    public double WriteRefillPerSecond { get; set; } = 10;

    /// <summary>Share of each bucket never spent, for other clients of the same principal and for retries.</summary>
    public double ReserveFraction { get; set; } = 0.1;

    /// <summary>Resource Graph's quota window when an answer does not say (documented: 5 seconds).</summary>
    public TimeSpan ResourceGraphWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a Resource Graph query waits for its quota to reset before discovery falls back to listings.</summary>
    public TimeSpan MaxResourceGraphWait { get; set; } = TimeSpan.FromSeconds(10);
}
