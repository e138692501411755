using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>
/// What a rule says about one alert (one rule, one subject, one vantage point) after a poll: the evidence
/// this poll gives and the words to show. The engine runs it through the lifecycle.
/// </summary>
/// <param name="Key">rule|subject|vantage: groups and de-duplicates an alert across polls.</param>
public sealed record AlertCandidate(
    string Key,
    string Rule,
    string Subject,
    string VantageId,
    AlertSeverity Severity,
    string Title,
    string? Detail,
    Evidence Evidence,
    LifecycleOptions Lifecycle);
