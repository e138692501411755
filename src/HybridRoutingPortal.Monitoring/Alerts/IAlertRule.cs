namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>Where a rule's subjects come from, so the engine can tell "not evaluated this time" from "gone".</summary>
public enum AlertScope
{
    /// <summary>Subjects at the vantage points polled in the evaluation (an expectation, a route table).</summary>
    PolledVantages,

    /// <summary>Subjects of the topology (a BGP session, Route Server's branch-to-branch), seen whenever there is a topology.</summary>
    Topology,

    /// <summary>Metric series of the fast lane (a session's state in Azure Monitor), seen at every metrics read, never at a table poll.</summary>
    Signals,
}

/// <summary>
/// One alert rule (after Prometheus's rules/: a type per rule). It reads the context of one evaluation and
/// says, for every subject it watches at the vantage points polled, whether this poll violates it,
/// satisfies it, or tells nothing (a failed poll: unknown).
/// </summary>
public interface IAlertRule
{
    /// <summary>The rule's stable name, the first part of every alert key it produces.</summary>
    string Name { get; }

    /// <summary>What the rule looks at: an active alert of it that the rule no longer produces while that scope was seen has lost its subject.</summary>
    AlertScope Scope => AlertScope.PolledVantages;

    Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken);
}
