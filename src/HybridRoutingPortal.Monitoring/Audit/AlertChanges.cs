using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.Audit;

/// <summary>Acknowledging and silencing an alert, each by a known person and written to the audit trail.</summary>
public sealed class AlertChanges(AlertStore alerts, AuditTrail audit, TimeProvider time)
{
    /// <summary>What an acknowledgement or a silence changes on an alert.</summary>
    public sealed record Annotation(string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, DateTimeOffset? SilencedUntil, string? Comment)
    {
        public static Annotation Of(AlertInfo a) => new(a.AcknowledgedBy, a.AcknowledgedAt, a.SilencedUntil, a.Comment);
    }

    /// <summary>False when no alert has the id.</summary>
    public async Task<bool> AcknowledgeAsync(Actor actor, long id, string? comment, CancellationToken ct)
    {
        if (await alerts.AlertAsync(id, ct) is not { } before)
        {
            return false;
        }

        await alerts.AcknowledgeAsync(id, actor.Name, Clean(comment), time.GetUtcNow(), ct);
        await RecordAsync(actor, AuditActions.Acknowledge, id, before, ct);
        return true;
    }

    /// <summary>False when no alert has the id.</summary>
    public async Task<bool> SilenceAsync(Actor actor, long id, DateTimeOffset until, string? comment, CancellationToken ct)
    {
        if (await alerts.AlertAsync(id, ct) is not { } before)
        {
            return false;
        }

        await alerts.SilenceAsync(id, until, actor.Name, Clean(comment), time.GetUtcNow(), ct);
        await RecordAsync(actor, AuditActions.Silence, id, before, ct);
        return true;
    }

    private async Task RecordAsync(Actor actor, string action, long id, AlertInfo before, CancellationToken ct)
    {
        var after = await alerts.AlertAsync(id, ct);
        await audit.ChangedAsync(actor, action, AlertTarget(id), Annotation.Of(before), after is null ? null : Annotation.Of(after), ct);
    }

    public static string AlertTarget(long id) => $"alert/{id}";

    private static string? Clean(string? comment) => string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
}
