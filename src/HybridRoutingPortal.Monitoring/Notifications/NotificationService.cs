using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.Notifications;

/// <summary>Notification use-cases the API and the Alerts page share.</summary>
public sealed class NotificationService(NotificationComposer composer, AlertStore store, TimeProvider time)
{
    public bool AnyChannel => composer.Any;

    /// <summary>Queues a test message to every configured channel; null when none is configured.</summary>
    public async Task<IReadOnlyList<string>?> QueueTestAsync(CancellationToken ct)
    {
        if (!composer.Any)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var queued = composer.Compose(new AlertMessage("Test", AlertSeverity.Info, "HybridRoutingPortal test notification",
            "If you read this, alerts reach this channel.", "test", "", now, null));
        await store.EnqueueAsync(queued, now, ct);
        return queued.Select(q => q.Channel).ToArray();
    }
}
