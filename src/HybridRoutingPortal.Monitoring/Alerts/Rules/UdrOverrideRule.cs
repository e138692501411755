using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A user route on a spoke NIC's subnet takes on-prem or AVS traffic somewhere other than a known appliance.</summary>
public sealed class UdrOverrideRule : DataPlaneRule
{
    public const string RuleName = "udr-override";

    public override string Name => RuleName;

    protected override ReasonCode Reason => ReasonCode.UdrOverride;

    protected override string Title(string nic) => $"User route overrides on-prem or AVS routes at {nic}";

    protected override string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate)
    {
        var routes = affected.Select(f => f.Route).OfType<Core.Route>().DistinctBy(r => r.Key)
            .Select(r => $"{r.Prefix} → {r.NextHopType}{(r.NextHop.Length == 0 ? "" : " " + r.NextHop)}");
        return $"User route(s) in {estate.NameOf(nic.Nic?.RouteTableNodeId)} ({string.Join(", ", routes)}) send {NicEvaluation.Prefixes(affected)} from {nic.Name} "
            + "elsewhere than the gateway, Route Server or a known NVA. Point them at the NVA or remove them.";
    }
}
