using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Signals;

/// <summary>
/// The fast lane and the reads it sets off, as work that is due at moments: a metrics read every
/// Routing:SignalInterval, and the targeted table reads (and their confirmations) signals asked for. The slow lane
/// (the poller's full cycles) keeps its own interval as the safety net. The hosted <see cref="SignalPoller"/> runs this
/// on the clock; the detect bench runs the same work in simulated time.
/// </summary>
public sealed class TwoSpeedRunner(
    SignalLane lane,
    TargetedReads reads,
    CollectionCycle cycle,
    StoreEvents events,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<TwoSpeedRunner> logger,
    AlertEngine? alerts = null)
{
    private DateTimeOffset? _nextSignalRead;

    /// <summary>When the next piece of work is due: the next metrics read or the next targeted read.</summary>
    public DateTimeOffset NextDueAt
    {
        get
        {
            var signal = _nextSignalRead ?? time.GetUtcNow();
            return reads.NextDueAt is { } read && read < signal ? read : signal;
        }
    }

    /// <summary>The last metrics read's outcome (for the Overview and tests).</summary>
    public SignalOutcome? LastOutcome { get; private set; }

    public TargetedReads Reads => reads;

    /// <summary>Runs whatever is due now: the metrics read first (its triggers are due at once), then the targeted reads.</summary>
    public async Task RunDueAsync(IRoutingSource source, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (source is ISignalSource signals && (_nextSignalRead is not { } next || now >= next))
        {
            await ReadSignalsAsync(signals, now, ct);
            var interval = routing.Value.SignalInterval;
            // A fixed cadence: a slow read does not push the next ones later, and missed ones are not made up.
            var following = (_nextSignalRead ?? now) + interval;
            _nextSignalRead = following > now ? following : now + interval;
        }

        var due = reads.TakeDue(time.GetUtcNow());
        if (due.Count > 0)
        {
            var result = await cycle.RunTargetedAsync(source, due, ct);
            logger.LogInformation("Targeted read of {Count} vantage point(s) at {At}: {Changed} changed, {Failed} failed",
                due.Count, result.PolledAt, result.Changed, result.Failed);
            events.RaiseStored();
        }
    }

    private async Task ReadSignalsAsync(ISignalSource source, DateTimeOffset now, CancellationToken ct)
    {
        var outcome = await lane.ReadAsync(source, now, ct);
        LastOutcome = outcome;
        if (outcome.Triggers.Count > 0)
        {
            var (scheduled, capped) = reads.Schedule(outcome.Triggers.SelectMany(t => t.VantageIds), now);
            foreach (var t in outcome.Triggers)
            {
                logger.LogInformation("Signal {Series} moved {Before} → {After}{Partial}: reading {Vantages}", t.Series.Name, t.Before, t.After,
                    t.FromPartial ? " (partial point)" : "", t.VantageIds);
            }

            if (capped.Count > 0)
            {
                logger.LogWarning("Targeted reads of {Vantages} refused: their hourly cap (Routing:Signals:MaxTriggersPerHour) is spent; the slow lane reads them on schedule", capped);
            }

            _ = scheduled;
        }

        if (alerts is not null)
        {
            try
            {
                await alerts.EvaluateSignalsAsync(outcome.Evaluation, now, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Evaluating the signal alerts at {At} failed", now);
            }
        }

        if (outcome.Changes.Count > 0)
        {
            events.RaiseStored();
        }
    }
}
