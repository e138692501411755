using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A spoke NIC's VNet is peered without using the hub's gateway and Route Server (or the hub offers no transit).</summary>
public sealed class NoRemoteGatewayRule : DataPlaneRule
{
    public const string RuleName = "no-remote-gateway";

    public override string Name => RuleName;

    protected override ReasonCode Reason => ReasonCode.NoRemoteGateway;

    protected override string Title(string nic) => $"Spoke of {nic} does not use the hub's gateway";

    protected override string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate)
    {
        var spoke = estate.VnetOf(nic.Nic);
        var why = spoke?.UseRemoteGateways == false
            ? $"{spoke.Name}'s peering has \"use the remote virtual network's gateway or Route Server\" off"
            : $"{estate.NameOf(spoke?.HubNodeId)}'s peering to {spoke?.Name ?? "the spoke"} does not allow gateway transit";
        return $"{why}: {nic.Name} gets no route from the hub's gateway or Route Server for {NicEvaluation.Prefixes(affected)}. Set both flags on the peering.";
    }
}
