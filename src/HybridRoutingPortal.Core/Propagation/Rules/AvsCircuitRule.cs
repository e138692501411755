namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>AVS → its managed circuit: the private cloud's NSX-T edge announces the block and segments to both MSEEs.</summary>
internal sealed class AvsCircuitRule : IHopRule
{
    public StationKind From => StationKind.PrivateCloud;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.Previous is not null || context.Estate.PrivateCloud(arrival.At.NodeId)?.CircuitNodeId is not { } circuit)
        {
            return;
        }

        foreach (var path in CircuitPaths.Both)
        {
            steps.Add(new Step(new Station(StationKind.CircuitEdge, circuit, null, (int)path), arrival.Path, HopRule.AvsCircuit));
        }
    }
}
