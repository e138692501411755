using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Hosting;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Signals;

/// <summary>
/// The hosted fast lane: once the poller is polling live (after the demo's backfill, which writes the past), it runs
/// <see cref="TwoSpeedRunner"/> on the clock. A source without metrics leaves it idle; Routing:Signals:Enabled=false too.
/// </summary>
public sealed class SignalPoller(
    IRoutingSourceProvider sources,
    TwoSpeedRunner runner,
    PollerStatus status,
    IOptions<RoutingOptions> routing,
    BackgroundHealth health,
    TimeProvider time,
    ILogger<SignalPoller> logger,
    Leadership leadership) : ResilientBackgroundService(health, routing, time, logger, leadership)
{
    protected override string ServiceName => "Signal poller";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!Routing.Signals.Enabled)
        {
            logger.LogInformation("The fast lane is off (Routing:Signals:Enabled=false): route tables are read every {Interval} only", Routing.EffectivePollInterval);
            return;
        }

        var source = await sources.GetAsync(stoppingToken);
        if (source is not ISignalSource)
        {
            logger.LogInformation("The {Source} source has no metrics: route tables are read every {Interval} only", source.Name, Routing.EffectivePollInterval);
            return;
        }

        await LivePollingAsync(stoppingToken);
        logger.LogInformation("Reading the {Source} source's metrics every {Interval}", source.Name, Routing.SignalInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            await runner.RunDueAsync(source, stoppingToken);
            var wait = runner.NextDueAt - Time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, Time, stoppingToken);
            }
        }
    }

    /// <summary>Waits until the poller polls live: a targeted read stamped now would make the backfill's older polls out of order.</summary>
    private async Task LivePollingAsync(CancellationToken ct)
    {
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (status.Current.Phase == PollerPhase.Polling && status.Current.CyclesCompleted > 0)
            {
                live.TrySetResult();
            }
        }

        status.Changed += Check;
        try
        {
            Check();
            await live.Task.WaitAsync(ct);
        }
        finally
        {
            status.Changed -= Check;
        }
    }
}
