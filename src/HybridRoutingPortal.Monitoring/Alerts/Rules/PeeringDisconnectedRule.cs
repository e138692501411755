using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A spoke NIC's peering with its hub is not connected: nothing from the hub reaches it.</summary>
public sealed class PeeringDisconnectedRule : DataPlaneRule
{
    public const string RuleName = "peering-disconnected";

    public override string Name => RuleName;

    protected override ReasonCode Reason => ReasonCode.PeeringDisconnected;

    protected override string Title(string nic) => $"Peering to the hub down for {nic}";

    protected override string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate)
    {
        var spoke = estate.VnetOf(nic.Nic);
        return $"The peering between {spoke?.Name ?? "the spoke"} and {estate.NameOf(spoke?.HubNodeId)} is {spoke?.PeeringState}: {nic.Name} has no route for "
            + $"{NicEvaluation.Prefixes(affected)}. Reconnect the peering (a Disconnected peering is deleted and created again on both sides).";
    }
}
