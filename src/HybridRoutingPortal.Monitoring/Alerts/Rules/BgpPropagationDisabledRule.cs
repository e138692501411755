using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A spoke NIC's route table has "Propagate gateway routes" off: no route from the gateway or Route Server reaches it.</summary>
public sealed class BgpPropagationDisabledRule : DataPlaneRule
{
    public const string RuleName = "bgp-propagation-disabled";

    public override string Name => RuleName;

    protected override ReasonCode Reason => ReasonCode.BgpPropagationDisabled;

    protected override string Title(string nic) => $"Gateway routes not propagated to {nic}";

    protected override string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate) =>
        $"{estate.NameOf(nic.Nic?.RouteTableNodeId)} has \"Propagate gateway routes\" off (disableBgpRoutePropagation): {nic.Name} has no route from the gateway or "
        + $"Route Server for {NicEvaluation.Prefixes(affected)}. Turn it back on, or add user routes that send these prefixes to the NVA.";
}
