using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>The route that would carry an on-prem or AVS prefix at a spoke NIC is listed Invalid, and nothing else carries it.</summary>
public sealed class InvalidRouteRule : DataPlaneRule
{
    public const string RuleName = "invalid-route";

    protected override Core.Alerts.AlertSeverity Severity => Core.Alerts.AlertSeverity.Warning;

    public override string Name => RuleName;

    protected override ReasonCode Reason => ReasonCode.InvalidRoute;

    protected override string Title(string nic) => $"Invalid route at {nic}";

    protected override string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate)
    {
        var routes = affected.Select(f => f.Route).OfType<Core.Route>().DistinctBy(r => r.Key).Select(r => $"{r.Prefix} ({r.Origin} → {r.NextHopType} {r.NextHop})".TrimEnd());
        return $"{nic.Name} lists {string.Join(", ", routes)} but Azure marks it Invalid, so {NicEvaluation.Prefixes(affected)} is not carried. "
            + "Check the route's next hop (a gateway that does not exist, an address outside the VNet and its peerings).";
    }
}
