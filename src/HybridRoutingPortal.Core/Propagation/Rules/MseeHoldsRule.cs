namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>What the gateway advertises to an MSEE is in that MSEE's route table.</summary>
internal sealed class MseeHoldsRule : IHopRule
{
    public StationKind From => StationKind.GatewayToCircuit;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.At.PeerNodeId is { } circuit && context.Estate.Circuit(circuit) is not null)
        {
            steps.Add(new Step(new Station(StationKind.CircuitEdge, circuit, null, arrival.At.Index), arrival.Path, HopRule.MseeHolds));
        }
    }
}
