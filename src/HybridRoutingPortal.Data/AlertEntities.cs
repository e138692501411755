namespace HybridRoutingPortal.Data;

/// <summary>A user's expectation (derived ones are computed, not stored).</summary>
public sealed class ExpectationRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    /// <summary>JSON array of vantage point ids.</summary>
    public required string VantageIds { get; set; }

    public int Severity { get; set; }

    public required string Owner { get; set; }

    public required string Reason { get; set; }

    public long CreatedAt { get; set; }
}

/// <summary>One alert: a rule about a subject at a vantage point, and where it is in its lifecycle.</summary>
public sealed class AlertRow
{
    public long Id { get; set; }

    /// <summary>rule|subject|vantage: the grouping and de-duplication key.</summary>
    public required string Key { get; set; }

    public required string Rule { get; set; }

    public required string Subject { get; set; }

    public required string VantageId { get; set; }

    public int Severity { get; set; }

    public required string Title { get; set; }

    public string? Detail { get; set; }

    /// <summary>Null while inactive; otherwise an <c>AlertState</c>.</summary>
    public int? State { get; set; }

    public int Violations { get; set; }

    public int Satisfactions { get; set; }

    public long? Since { get; set; }

    public long? FiredAt { get; set; }

    public long? ResolvedAt { get; set; }

    public long LastEvaluatedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public long? AcknowledgedAt { get; set; }

    public long? SilencedUntil { get; set; }

    public string? Comment { get; set; }
}

/// <summary>The history of an alert: every state change, acknowledgement and silence.</summary>
public sealed class AlertEventRow
{
    public long Id { get; set; }

    public long AlertId { get; set; }

    public long At { get; set; }

    public required string Kind { get; set; }

    public string? Note { get; set; }
}

/// <summary>
/// A notification waiting to be delivered (the outbox). Written in the same transaction as the alert
/// change that caused it, so a crash cannot lose it; marked delivered once sent, or dead with its reason
/// when it cannot be; pruned with the history.
/// </summary>
public sealed class NotificationRow
{
    public long Id { get; set; }

    /// <summary>Sent with every attempt (Idempotency-Key header, the message's id): a receiver that sees it twice knows it is one notification.</summary>
    public required string IdempotencyKey { get; set; }

    public required string Channel { get; set; }

    public required string Payload { get; set; }

    public long CreatedAt { get; set; }

    public int Attempts { get; set; }

    public long NextAttemptAt { get; set; }

    public long? DeliveredAt { get; set; }

    /// <summary>Given up on (the dead letter): after Notifications:DeadLetterAfter of failures, or when its channel was removed.</summary>
    public long? DeadAt { get; set; }

    public string? LastError { get; set; }
}
