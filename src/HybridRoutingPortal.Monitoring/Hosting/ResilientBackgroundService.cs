using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Hosting;

/// <summary>
/// A background service that never stops the host: whatever escapes its work (a bad setting met at run time,
/// a database error) is logged, reported to <see cref="BackgroundHealth"/> (so /readyz and the Overview show it),
/// and the work starts again after a capped exponential backoff. .NET's default would stop the whole app.
/// The work runs only while this instance leads (<see cref="Leadership"/>): a standby waits, and a leader that loses
/// its lease has its work cancelled and waits again.
/// </summary>
public abstract class ResilientBackgroundService(
    BackgroundHealth health,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger logger,
    Leadership leadership) : BackgroundService
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(5);

    /// <summary>The name the Overview and /readyz show.</summary>
    protected abstract string ServiceName { get; }

    /// <summary>The service's work; it returns only when done or stopping.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected BackgroundHealth Health => health;

    protected TimeProvider Time => time;

    protected RoutingOptions Routing => routing.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!routing.Value.EnablePoller)
        {
            health.Report(ServiceName, s => s with { State = BackgroundState.Disabled });
            return;
        }

        var backoff = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            var lost = CancellationToken.None;
            try
            {
                if (!leadership.IsLeader)
                {
                    health.Report(ServiceName, s => s with { State = BackgroundState.Standby, RetryAt = null });
                }

                lost = await leadership.LeadAsync(stoppingToken);
                using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lost);
                health.Report(ServiceName, s => s with { State = BackgroundState.Running, RetryAt = null });
                await RunAsync(term.Token);
                health.Report(ServiceName, s => s with { State = BackgroundState.Stopped });
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                health.Report(ServiceName, s => s with { State = BackgroundState.Stopped });
                return;
            }
            catch (Exception ex) when (lost.IsCancellationRequested)
            {
                // Another instance leads now: no error, no backoff; wait to lead again.
                logger.LogWarning("{Service} stopped: this instance lost the leader lease ({Reason})", ServiceName, ex.GetType().Name);
                continue;
            }
            catch (Exception ex)
            {
                var now = time.GetUtcNow();
                logger.LogError(ex, "{Service} failed; it starts again in {Backoff}", ServiceName, backoff);
                health.Report(ServiceName, s => s with
                {
                    State = BackgroundState.Retrying, LastError = $"{ex.GetType().Name}: {ex.Message}", LastErrorAt = now, RetryAt = now + backoff, Failures = s.Failures + 1,
                });
            }

            try
            {
                await Task.Delay(backoff, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                health.Report(ServiceName, s => s with { State = BackgroundState.Stopped });
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, backoff.Ticks * 2));
        }
    }
}
