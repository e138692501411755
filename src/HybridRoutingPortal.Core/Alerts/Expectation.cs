namespace HybridRoutingPortal.Core.Alerts;

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

/// <summary>Where an expectation came from: a person, or a rule that derives it from the estate.</summary>
public enum ExpectationSource
{
    User,
    AvsSegment,
    AvsManagementBlock,
    OnPremPrefix,
    DefaultRoute,
}

/// <summary>
/// "Prefix P, or a route covering it, must be present at these vantage points." A covering default
/// route does not count (it carries traffic anywhere, so it proves nothing about P) unless P is itself
/// the default route.
/// </summary>
public sealed record Expectation(
    string Id,
    string Name,
    IpPrefix Prefix,
    IReadOnlyList<string> VantageIds,
    AlertSeverity Severity,
    string Owner,
    ExpectationSource Source,
    string Reason)
{
    /// <summary>The best route at a vantage point that meets the expectation, or null.</summary>
    public Route? MetBy(IEnumerable<Route> routes) =>
        routes.Where(r => r.Prefix.Contains(Prefix) && (r.Prefix.Length > 0 || Prefix.Length == 0))
            .OrderByDescending(r => r.Prefix.Length)
            .FirstOrDefault();
}
