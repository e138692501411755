using HybridRoutingPortal.Data;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Polling;

/// <summary>The History:* settings.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>How long history is kept. Zero or negative keeps everything.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per transaction; small batches keep the writer free for polls.</summary>
    public int PruneBatchSize { get; set; } = 5000;
}

/// <summary>Removes history older than History:Retention in the background, in small batches.</summary>
public sealed class HistoryPruner(RouteStore store, IOptions<HistoryOptions> options, TimeProvider time, ILogger<HistoryPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Retention <= TimeSpan.Zero)
        {
            logger.LogInformation("History retention is off: everything is kept");
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PruneOnceAsync(stoppingToken);
                await Task.Delay(o.PruneInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<PruneResult?> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        try
        {
            var result = await store.PruneAsync(cutoff, options.Value.PruneBatchSize, cancellationToken);
            if (result.Intervals + result.Polls + result.TopologySnapshots > 0)
            {
                logger.LogInformation("Pruned history before {Cutoff:u}: {Intervals} route intervals, {Polls} polls, {Snapshots} topology snapshots",
                    cutoff, result.Intervals, result.Polls, result.TopologySnapshots);
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
