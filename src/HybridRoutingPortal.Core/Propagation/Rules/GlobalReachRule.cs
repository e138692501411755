namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// ExpressRoute Global Reach: two circuits' private peerings exchange what their customer sides announce, MSEE to
/// MSEE, without the gateway. The only way a circuit's routes reach another circuit directly.
/// </summary>
internal sealed class GlobalReachRule : IHopRule
{
    public StationKind From => StationKind.CircuitEdge;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (!PropagationContext.FromCustomerSide(arrival) || context.Estate.Circuit(arrival.At.NodeId) is not { } circuit)
        {
            return;
        }

        foreach (var peer in circuit.GlobalReachPeers.Where(p => !context.OriginCircuits.Contains(p)))
        {
            steps.Add(new Step(new Station(StationKind.CircuitEdge, peer, null, arrival.At.Index), arrival.Path, HopRule.GlobalReach));
        }
    }
}
