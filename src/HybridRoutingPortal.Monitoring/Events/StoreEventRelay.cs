using System.Threading.Channels;
using HybridRoutingPortal.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Monitoring.Events;

/// <summary>
/// Live updates across instances: a store made here is announced on the database's channel, and one announced by
/// another instance (the leader's polls) refreshes the pages open here, so the badge and the Overview are live
/// wherever a user is connected. Announcements coalesce: a busy backfill sends one at a time, never a queue.
/// </summary>
public sealed class StoreEventRelay(StoreEvents events, IStoreChannel channel, TimeProvider time, ILogger<StoreEventRelay> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        events.PublishTo(() => _pending.Writer.TryWrite(true));
        return Task.WhenAll(PublishAsync(stoppingToken), ListenAsync(stoppingToken));
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var _ in _pending.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await channel.PublishAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Pages elsewhere refresh on the next store; the store itself is done.
                    logger.LogWarning("Could not announce a store to other instances: {Message}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await channel.ListenAsync(events.RaiseStoredElsewhere, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Listening for other instances' stores failed; listening again in {Delay}: {Message}", Reconnect, ex.Message);
                try
                {
                    await Task.Delay(Reconnect, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        events.PublishTo(null);
        await base.StopAsync(cancellationToken);
    }
}
