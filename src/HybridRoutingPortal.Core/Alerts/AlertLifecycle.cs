namespace HybridRoutingPortal.Core.Alerts;

public enum AlertState
{
    /// <summary>The condition holds in fewer than the required consecutive polls.</summary>
    Pending,
    Firing,
    Resolved,
}

/// <summary>What one poll says about one alert condition.</summary>
public enum Evidence
{
    /// <summary>An Ok poll in which the condition holds (the prefix is missing, say).</summary>
    Violated,

    /// <summary>An Ok poll in which the condition does not hold.</summary>
    Satisfied,

    /// <summary>A failed or missing poll: it neither fires nor resolves anything.</summary>
    Unknown,
}

/// <summary>When an alert fires and resolves: after N and M consecutive Ok polls (Alertmanager's "for", in polls).</summary>
public sealed record LifecycleOptions(int FireAfter = 3, int ResolveAfter = 2)
{
    public static readonly LifecycleOptions Default = new();
}

/// <summary>The lifecycle of one alert (one rule, one subject, one vantage point).</summary>
public sealed record AlertStatus(AlertState? State, int Violations, int Satisfactions, DateTimeOffset? Since, DateTimeOffset? FiredAt, DateTimeOffset? ResolvedAt)
{
    public static readonly AlertStatus Inactive = new(null, 0, 0, null, null, null);

    public bool IsActive => State is AlertState.Pending or AlertState.Firing;
}

/// <summary>A change of state worth recording or notifying.</summary>
public sealed record AlertTransition(AlertState? From, AlertState To, DateTimeOffset At);

/// <summary>
/// The pending → firing → resolved machine. Consecutive counts run over Ok polls only: an unknown poll
/// (throttled, failed, missing) leaves every count as it was, so a flaky source can neither fire an alert
/// nor clear one. A condition that clears before it fires drops back to inactive: a flap is not an alert.
/// </summary>
public static class AlertLifecycle
{
    /// <summary>
    /// The alert's subject is gone (its expectation deleted or no longer derived, its vantage point or session no longer
    /// in the estate): a firing alert resolves, a pending one drops back quietly. Nothing is left firing for ever.
    /// </summary>
    public static (AlertStatus Status, AlertTransition? Transition) Retire(AlertStatus status, DateTimeOffset at) => status.State switch
    {
        AlertState.Firing => (status with { State = AlertState.Resolved, Violations = 0, ResolvedAt = at }, new AlertTransition(AlertState.Firing, AlertState.Resolved, at)),
        AlertState.Pending => (AlertStatus.Inactive, null),
        _ => (status, null),
    };

    public static (AlertStatus Status, AlertTransition? Transition) Apply(AlertStatus status, Evidence evidence, DateTimeOffset at, LifecycleOptions options)
    {
        switch (evidence)
        {
            case Evidence.Unknown:
                return (status, null);

            case Evidence.Violated:
                var violations = status.Violations + 1;
                if (status.State == AlertState.Firing)
                {
                    return (status with { Violations = violations, Satisfactions = 0 }, null);
                }

                if (violations >= options.FireAfter)
                {
                    var fired = new AlertStatus(AlertState.Firing, violations, 0, status.IsActive ? status.Since : at, at, null);
                    return (fired, new AlertTransition(status.State, AlertState.Firing, at));
                }

                if (status.State != AlertState.Pending)
                {
                    return (new AlertStatus(AlertState.Pending, violations, 0, at, null, null), new AlertTransition(status.State, AlertState.Pending, at));
                }

                return (status with { Violations = violations, Satisfactions = 0 }, null);

            default:
                if (status.State == AlertState.Firing)
                {
                    var satisfactions = status.Satisfactions + 1;
                    if (satisfactions >= options.ResolveAfter)
                    {
                        return (status with { State = AlertState.Resolved, Violations = 0, Satisfactions = satisfactions, ResolvedAt = at },
                            new AlertTransition(AlertState.Firing, AlertState.Resolved, at));
                    }

                    return (status with { Satisfactions = satisfactions }, null);
                }

                // A resolved alert stays resolved (with its history); one that clears while pending, or was never
                // active, goes back to inactive, quietly.
                return status.State == AlertState.Resolved ? (status, null) : (AlertStatus.Inactive, null);
        }
    }
}
