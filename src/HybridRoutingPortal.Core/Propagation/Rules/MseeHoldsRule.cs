namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// What the gateway advertises to an MSEE is in that MSEE's route table, unless its AS path already holds the
/// Microsoft edge's 12076: the MSEE drops it (loop prevention), as when an NVA passes on a route it learned from
/// ExpressRoute with its path intact.
/// </summary>
internal sealed class MseeHoldsRule : IHopRule
{
    public StationKind From => StationKind.GatewayToCircuit;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.At.PeerNodeId is { } circuit && context.Estate.Circuit(circuit) is not null)
        {
            var to = new Station(StationKind.CircuitEdge, circuit, null, arrival.At.Index);
            steps.Add(new Step(to, arrival.Path, HopRule.MseeHolds, PropagationContext.Loop(arrival.Path, AzureAsns.MicrosoftEdge, to, circuit)));
        }
    }
}
