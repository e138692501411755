namespace HybridRoutingPortal.Core;

/// <summary>
/// A source that can say how its last discovery went and how close it runs to its provider's request
/// limits, so the Overview and /metrics can show it. Sources without such state (the demo) don't implement it.
/// </summary>
public interface IDiagnosedSource
{
    SourceDiagnostics Diagnostics { get; }
}

/// <summary>What a source knows about its own health, beside the per-vantage observations.</summary>
/// <param name="Lanes">Requests per hour each read lane spends (slow tables, fast signals, targeted reads), where the source counts them.</param>
public sealed record SourceDiagnostics(
    DateTimeOffset? DiscoveredAt,
    IReadOnlyList<DiscoveryPart> Discovery,
    IReadOnlyList<RequestBudget> Budgets,
    IReadOnlyList<SkippedRows> SkippedRows,
    IReadOnlyList<Signals.LaneUsage>? Lanes = null)
{
    public static readonly SourceDiagnostics Empty = new(null, [], [], []);

    /// <summary>The parts of discovery that did not simply succeed.</summary>
    public IEnumerable<DiscoveryPart> Problems => Discovery.Where(p => p.Status != DiscoveryPartStatus.Ok);
}

public enum DiscoveryPartStatus
{
    /// <summary>Read as planned.</summary>
    Ok,

    /// <summary>The first way failed or was incomplete; another way read it completely.</summary>
    FellBack,

    /// <summary>Read, but something in it was left out or is not usable yet (said in the message).</summary>
    Warning,

    /// <summary>Could not be read; what was known before is kept as unknown, never dropped.</summary>
    Failed,
}

/// <summary>
/// One part of discovery: a way of finding resources (Resource Graph, the subscription list), or one
/// resource type in one scope (a subscription, a resource group), or one resource's details.
/// </summary>
/// <param name="Part">What was read, e.g. "Resource Graph" or "Microsoft.Network/connections".</param>
/// <param name="Scope">Where: a subscription id, a resource group id or a resource id; null for tenant-wide parts.</param>
/// <param name="Reason">Why it failed, when it did.</param>
/// <param name="Message">What happened and what it means, in words a user can act on.</param>
/// <param name="KeptUnknown">Resources known from before that are kept (as unknown) because this part failed.</param>
public sealed record DiscoveryPart(
    string Part,
    string? Scope,
    DiscoveryPartStatus Status,
    FailureReason? Reason,
    string Message,
    int KeptUnknown = 0);

public enum BudgetKind
{
    Reads,
    Writes,
    /// <summary>Azure Resource Graph's own per-user query quota.</summary>
    ResourceGraphQueries,
}

/// <summary>
/// The provider's request budget as its last answer reported it (ARM: x-ms-ratelimit-remaining-*,
/// Resource Graph: x-ms-user-quota-*), and how long the source waited to stay inside it.
/// </summary>
/// <param name="SubscriptionId">The subscription the budget belongs to; null for tenant- or user-wide budgets.</param>
/// <param name="Remaining">Requests left, as last reported.</param>
/// <param name="ResetsAfter">When the quota resets (Resource Graph), as last reported.</param>
/// <param name="Throttled">429 answers seen for this budget since start.</param>
/// <param name="Paced">Wall time during which requests were held back so as not to be throttled (not summed over requests).</param>
public sealed record RequestBudget(
    string? SubscriptionId,
    BudgetKind Kind,
    long Remaining,
    TimeSpan? ResetsAfter,
    DateTimeOffset ObservedAt,
    int Throttled,
    TimeSpan Paced);

/// <summary>Rows of a vantage point's answer that were left out because they could not be read (counted, never silent).</summary>
public sealed record SkippedRows(string VantageId, int Count, string Reason, DateTimeOffset At);
