using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A user route on a spoke NIC's subnet sends on-prem or AVS traffic to a virtual appliance address no NIC holds.</summary>
public sealed class NextHopBlackholeRule : DataPlaneRule
{
    public const string RuleName = "next-hop-blackhole";

    public override string Name => RuleName;

    protected override ReasonCode Reason => ReasonCode.NextHopBlackhole;

    protected override string Title(string nic) => $"User route into nothing at {nic}";

    protected override string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate)
    {
        var hops = affected.Select(f => f.Route?.NextHop).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return $"{nic.Name} sends {NicEvaluation.Prefixes(affected)} to the virtual appliance {string.Join(", ", hops)}, which no NIC holds: that traffic is dropped. "
            + "Point the user route at a running appliance's address.";
    }
}
