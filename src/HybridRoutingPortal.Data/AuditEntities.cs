namespace HybridRoutingPortal.Data;

/// <summary>
/// One line of the audit trail: who did (or tried to do) what to which subject, when, and the subject before and
/// after. Append-only: rows are never updated, and history pruning leaves them alone.
/// </summary>
public sealed class AuditRow
{
    public long Id { get; set; }

    public long At { get; set; }

    /// <summary>The person's display name from their token ("local user" in local mode).</summary>
    public required string ActorName { get; set; }

    /// <summary>The identity provider's stable id for the person (Entra's oid, else sub); null in local mode.</summary>
    public string? ActorId { get; set; }

    /// <summary>A stable action name, e.g. <c>alert.acknowledge</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What the action was on: an alert id, an expectation id, a channel list.</summary>
    public required string Target { get; set; }

    /// <summary>False for an attempt the person's roles did not allow (nothing changed).</summary>
    public bool Allowed { get; set; }

    /// <summary>The subject before, as JSON; null when it did not exist or the attempt was refused.</summary>
    public string? Before { get; set; }

    /// <summary>The subject after, as JSON; null when it was deleted or the attempt was refused.</summary>
    public string? After { get; set; }
}
