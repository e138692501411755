using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Polling;

/// <summary>Removes history older than History:Retention in the background, in small batches: routes, polls, topology, sent notifications and alert events.</summary>
public sealed class HistoryPruner(
    RouteStore store,
    AlertStore alerts,
    IOptions<HistoryOptions> options,
    IOptions<RoutingOptions> routing,
    BackgroundHealth health,
    TimeProvider time,
    ILogger<HistoryPruner> logger,
    Leadership leadership,
    SignalStore? signals = null) : ResilientBackgroundService(health, routing, time, logger, leadership)
{
    protected override string ServiceName => "History pruner";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Retention <= TimeSpan.Zero)
        {
            logger.LogInformation("History retention is off: everything is kept");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await PruneOnceAsync(stoppingToken);
            await Task.Delay(o.PruneInterval, Time, stoppingToken);
        }
    }

    public async Task<PruneResult?> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.Value.Retention;
        try
        {
            var result = await store.PruneAsync(cutoff, options.Value.PruneBatchSize, cancellationToken);
            var (notifications, events) = await alerts.PruneAsync(cutoff, cancellationToken);
            var signalChanges = signals is null ? 0 : await signals.PruneAsync(cutoff, cancellationToken);
            if (result.Intervals + result.Polls + result.TopologySnapshots + notifications + events + signalChanges > 0)
            {
                logger.LogInformation(
                    "Pruned history before {Cutoff:u}: {Intervals} route intervals, {Polls} polls, {Snapshots} topology snapshots, {Notifications} sent or dead notifications, {Events} alert events, {Signals} signal changes",
                    cutoff, result.Intervals, result.Polls, result.TopologySnapshots, notifications, events, signalChanges);
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Pruning history failed; it is retried at the next interval");
            return null;
        }
    }
}
