using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Hosting;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Polling;

/// <summary>
/// The hosted service that keeps the store current: on start it fills the demo's history, then polls
/// every Routing:PollInterval. A failing cycle is logged and the next one runs on time; anything else that
/// escapes (a database error during the backfill) restarts it after a backoff, and the backfill resumes.
/// </summary>
public sealed class Poller(
    IRoutingSourceProvider sources,
    CollectionCycle cycle,
    RouteStore store,
    RoutingQueries queries,
    PollerStatus status,
    StoreEvents events,
    IOptions<RoutingOptions> routing,
    IOptions<BackfillOptions> backfill,
    BackgroundHealth health,
    TimeProvider time,
    ILogger<Poller> logger,
    Leadership leadership) : ResilientBackgroundService(health, routing, time, logger, leadership)
{
    protected override string ServiceName => "Poller";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            var source = await sources.GetAsync(stoppingToken);
            if (source is IReplayableSource replayable)
            {
                await BackfillAsync(replayable, stoppingToken);
            }

            status.Update(s => s with { Phase = PollerPhase.Polling });
            var interval = Routing.EffectivePollInterval;
            logger.LogInformation("Polling the {Source} source every {Interval}", source.Name, interval);
            // Cycles start on a fixed cadence (a slow cycle does not push the next ones later); the first runs at once.
            using var timer = new PeriodicTimer(interval, Time);
            do
            {
                await RunCycleAsync(source, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            status.Update(s => s with { Phase = PollerPhase.Stopped });
        }
    }

    private async Task RunCycleAsync(IRoutingSource source, CancellationToken stoppingToken)
    {
        try
        {
            var result = await cycle.RunAsync(source, stoppingToken);
            status.Update(s => s with { LastCycleAt = result.PolledAt, LastCycleDuration = result.Duration, CyclesCompleted = s.CyclesCompleted + 1 });
            events.RaiseStored();
            logger.LogDebug("Poll cycle at {At}: {Count} vantage points, {Changed} changed, {Failed} failed, {Ms} ms",
                result.PolledAt, result.Results.Count, result.Changed, result.Failed, (int)result.Duration.TotalMilliseconds);
        }
        catch (CollectionException ex)
        {
            // The source as a whole could not be planned (discovery failed): every vantage point stays as it was.
            logger.LogWarning("Poll cycle could not start: {Reason}: {Message}. The next one runs on schedule.", ex.Reason, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Poll cycle failed; the next one runs on schedule");
        }
    }

    /// <summary>
    /// Writes the demo's history from the newest stored poll (or the start of the backfill window) up to
    /// now. Interrupted, it resumes where it stopped: every step is its own transaction.
    /// </summary>
    private async Task BackfillAsync(IReplayableSource source, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var step = backfill.Value.BackfillInterval;
        var history = await queries.HistoryAsync(cancellationToken);
        var windowStart = now - backfill.Value.Backfill;
        var from = history.Last is { } last ? last + step : windowStart;
        if (from < windowStart)
        {
            from = windowStart;
        }

        from = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % step.Ticks) + (from.UtcTicks % step.Ticks == 0 ? 0 : step.Ticks), TimeSpan.Zero);
        var total = from >= now ? 0 : (int)((now - from).Ticks / step.Ticks) + 1;
        if (total <= 0)
        {
            return;
        }

        status.Update(s => s with { Phase = PollerPhase.Backfilling, BackfillDone = 0, BackfillTotal = total });
        logger.LogInformation("Backfilling {Hours:0.#} hours of demo history ({Steps} polls per vantage point)…", (now - from).TotalHours, total);
        var started = Time.GetTimestamp();
        var lastReported = -1;
        for (var i = 0; i < total; i++)
        {
            var at = from + (step * i);
            var plan = await source.PlanAtAsync(at, cancellationToken);
            await store.RegisterAsync(plan.VantagePoints, plan.Topology, at, cancellationToken);
            var results = await cycle.CollectAsync(plan.Collectors, at, Routing.MaxConcurrency, Routing.CollectorTimeout, cancellationToken);
            await cycle.EvaluateAlertsAsync(results, at, cancellationToken, notify: false);
            var done = i + 1;
            status.Update(s => s with { BackfillDone = done });
            var percent = done * 100 / total;
            if (percent / 10 != lastReported / 10)
            {
                lastReported = percent;
                logger.LogInformation("Backfill {Percent}% ({Done}/{Total})", percent, done, total);
                events.RaiseStored();
            }
        }

        logger.LogInformation("Backfill done in {Seconds:0.0} s", Time.GetElapsedTime(started).TotalSeconds);
    }
}
