namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>
/// One alert rule (after Prometheus's rules/: a type per rule). It reads the context of one evaluation and
/// says, for every subject it watches at the vantage points polled, whether this poll violates it,
/// satisfies it, or tells nothing (a failed poll: unknown).
/// </summary>
public interface IAlertRule
{
    /// <summary>The rule's stable name, the first part of every alert key it produces.</summary>
    string Name { get; }

    Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken);
}
