using System.Diagnostics;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Polling;

/// <summary>
/// One poll cycle: plan, register, run every collector with bounded concurrency and a per-collector
/// deadline, and store each collector's observations as one batch. A collector that fails marks only
/// its own vantage points failed; the others go on.
/// </summary>
public sealed class CollectionCycle(
    RouteStore store,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<CollectionCycle> logger,
    AlertEngine? alerts = null,
    LaneMeter? lanes = null,
    PollTelemetry? telemetry = null)
{
    // Full cycles and targeted reads take turns: each stamps its polls after the last, and history is append-only.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private DateTimeOffset? _lastPolledAt;
    private SourcePlan? _lastPlan;

    public Task<CycleResult> RunAsync(IRoutingSource source, CancellationToken cancellationToken) =>
        InTurnAsync(CycleKind.Full, source, async cancellationToken =>
        {
            var started = time.GetTimestamp();
            var plan = await source.PlanAsync(cancellationToken);
            _lastPlan = plan;
            var polledAt = await NextPollTimeAsync(cancellationToken);
            await store.RegisterAsync(plan.VantagePoints, plan.Topology, polledAt, cancellationToken);
            lanes?.Count(ReadLane.Tables, false, plan.Collectors.Count);
            var results = await CollectAsync(plan.Collectors, polledAt, options.Value.MaxConcurrency, options.Value.CollectorTimeout, live: true, cancellationToken);
            await EvaluateAlertsAsync(results, polledAt, cancellationToken);
            return new CycleResult(polledAt, results, time.GetElapsedTime(started));
        }, cancellationToken);

    /// <summary>
    /// A full read of just these vantage points, now: the collectors of the last plan that cover them (no new plan, so
    /// no discovery or session refresh is paid for it). Alerts follow for what was read; the topology rules are not
    /// asked, as no new topology was seen. Before any full cycle has run, there is nothing to target: it reads nothing.
    /// </summary>
    public Task<CycleResult> RunTargetedAsync(IRoutingSource source, IReadOnlyCollection<string> vantageIds, CancellationToken cancellationToken) =>
        InTurnAsync(CycleKind.Targeted, source, async cancellationToken =>
        {
            var started = time.GetTimestamp();
            var wanted = vantageIds.ToHashSet(StringComparer.Ordinal);
            var collectors = _lastPlan?.Collectors.Where(c => c.VantageIds.Any(wanted.Contains)).ToArray() ?? [];
            if (collectors.Length == 0)
            {
                return null;
            }

            var polledAt = await NextPollTimeAsync(cancellationToken);
            lanes?.Count(ReadLane.Targeted, false, collectors.Length);
            IReadOnlyList<IngestResult> results;
            using (ReadLanes.Enter(ReadLane.Targeted))
            {
                results = await CollectAsync(collectors, polledAt, options.Value.MaxConcurrency, options.Value.CollectorTimeout, live: true, cancellationToken);
            }

            await EvaluateAlertsAsync(results, polledAt, cancellationToken, targeted: true);
            return new CycleResult(polledAt, results, time.GetElapsedTime(started));
        }, cancellationToken);

    /// <summary>
    /// Runs a cycle in its turn, inside its span, and records how it ended. A read that had nothing to read (null) answers
    /// an empty result and stays out of the duration metric.
    /// </summary>
    private async Task<CycleResult> InTurnAsync(CycleKind kind, IRoutingSource source, Func<CancellationToken, Task<CycleResult?>> cycle,
        CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        using var span = PollTelemetry.StartCycle(kind.SpanName, source.Name);
        CycleResult? result = null;
        Exception? error = null;
        try
        {
            result = await cycle(cancellationToken);
            return result ?? new CycleResult(time.GetUtcNow(), [], TimeSpan.Zero);
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            telemetry?.CycleEnded(span, kind.Tag, result, error);
            _turn.Release();
        }
    }

    /// <summary>
    /// Now, unless the clock has stepped back before the newest stored poll (an NTP correction, a VM restored): history is
    /// append-only, so the cycle is stamped just after that poll instead of failing every write until the clock catches up.
    /// </summary>
    private async Task<DateTimeOffset> NextPollTimeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _lastPolledAt ??= await store.LatestPollAtAsync(cancellationToken);
        if (_lastPolledAt is { } last && now < last)
        {
            logger.LogWarning("The clock reads {Now:O}, before the newest stored poll {Last:O}; this cycle is stamped just after it", now, last);
            now = last.AddTicks(1);
        }

        _lastPolledAt = now;
        return now;
    }

    /// <summary>
    /// Alerts follow every stored cycle, live or backfilled, and every targeted read (which saw no topology, so the topology
    /// rules are not asked); a failing evaluation never loses the poll.
    /// </summary>
    public async Task EvaluateAlertsAsync(IReadOnlyList<IngestResult> results, DateTimeOffset at, CancellationToken cancellationToken, bool notify = true,
        bool targeted = false)
    {
        if (alerts is null)
        {
            return;
        }

        try
        {
            await alerts.EvaluateAsync(results, at, cancellationToken, notify, topologyObserved: !targeted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Evaluating alerts after the {Read} at {At} failed", targeted ? "targeted read" : "poll", at);
        }
    }

    /// <summary>Runs collectors and stores their observations, for the backfill: replayed history is neither traced nor counted.</summary>
    public Task<IReadOnlyList<IngestResult>> CollectAsync(
        IReadOnlyList<ICollector> collectors, DateTimeOffset polledAt, int maxConcurrency, TimeSpan timeout, CancellationToken cancellationToken) =>
        CollectAsync(collectors, polledAt, maxConcurrency, timeout, live: false, cancellationToken);

    private async Task<IReadOnlyList<IngestResult>> CollectAsync(
        IReadOnlyList<ICollector> collectors, DateTimeOffset polledAt, int maxConcurrency, TimeSpan timeout, bool live, CancellationToken cancellationToken)
    {
        var results = new List<IngestResult>();
        var gate = new Lock();
        await Parallel.ForEachAsync(collectors, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            async (collector, ct) =>
            {
                var observations = await ObserveAsync(collector, polledAt, timeout, live, ct);
                IReadOnlyList<IngestResult> stored;
                try
                {
                    stored = await store.IngestAsync(observations, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // One batch that cannot be written (a database error) loses only itself: the other collectors go on,
                    // and alerts still follow what was committed.
                    logger.LogError(ex, "Storing the observations of {VantageIds} failed; they are not recorded this cycle", collector.VantageIds);
                    return;
                }

                lock (gate)
                {
                    results.AddRange(stored);
                }
            });
        return results;
    }

    private async Task<IReadOnlyList<Observation>> ObserveAsync(ICollector collector, DateTimeOffset polledAt, TimeSpan timeout, bool live, CancellationToken cancellationToken)
    {
        if (!live)
        {
            return await ObserveWithinAsync(collector, polledAt, timeout, cancellationToken);
        }

        using var span = PollTelemetry.StartCollect(collector);
        var observations = await ObserveWithinAsync(collector, polledAt, timeout, cancellationToken);
        telemetry?.Collected(span, observations);
        return observations;
    }

    private async Task<IReadOnlyList<Observation>> ObserveWithinAsync(ICollector collector, DateTimeOffset polledAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The deadline runs on the injected clock, so tests drive it without waiting.
        using var timer = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            var observations = await collector.CollectAsync(polledAt, deadline.Token);
            // A collector must answer for every vantage it owns: anything it left out is unknown, not empty.
            var missing = collector.VantageIds.Except(observations.Select(o => o.VantageId)).ToArray();
            return [.. observations, .. missing.Select(id => Observation.Failed(id, polledAt, FailureReason.MalformedResponse,
                "The source returned no data for this vantage point."))];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(collector, polledAt, FailureReason.Timeout, $"No answer within {timeout.TotalSeconds:0} s.");
        }
        catch (CollectionException ex)
        {
            logger.LogWarning("Collector for {VantageIds} failed: {Reason}: {Message}", collector.VantageIds, ex.Reason, ex.Message);
            return Fail(collector, polledAt, ex.Reason, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Collector for {VantageIds} failed unexpectedly", collector.VantageIds);
            return Fail(collector, polledAt, FailureReason.Unknown, $"Unexpected error: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static Observation[] Fail(ICollector collector, DateTimeOffset at, FailureReason reason, string message) =>
        collector.VantageIds.Select(id => Observation.Failed(id, at, reason, message)).ToArray();

    /// <summary>A kind of cycle: its span and the tag its metrics carry, kept together.</summary>
    private sealed record CycleKind(string SpanName, string Tag)
    {
        public static readonly CycleKind Full = new(PollTelemetry.CycleSpan, "cycle");
        public static readonly CycleKind Targeted = new(PollTelemetry.TargetedSpan, "targeted");
    }
}

public sealed record CycleResult(DateTimeOffset PolledAt, IReadOnlyList<IngestResult> Results, TimeSpan Duration)
{
    public int Failed => Results.Count(r => r.Status == ObservationStatus.Failed);

    public int Changed => Results.Count(r => !r.Unchanged);
}
