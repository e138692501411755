using HybridRoutingPortal.Monitoring.Notifications;

namespace HybridRoutingPortal.Monitoring.Audit;

/// <summary>The test notification, sent by a known person and written to the audit trail (it reaches every channel).</summary>
public sealed class NotificationChanges(NotificationService notifications, AuditTrail audit)
{
    public const string Target = "notifications";

    /// <summary>The channels it was queued to; null when none is configured (nothing sent, nothing recorded).</summary>
    public async Task<IReadOnlyList<string>?> SendTestAsync(Actor actor, CancellationToken ct)
    {
        var channels = await notifications.QueueTestAsync(ct);
        if (channels is not null)
        {
            await audit.ChangedAsync(actor, AuditActions.SendTestNotification, Target, null, new { queued = channels }, ct);
        }

        return channels;
    }
}
