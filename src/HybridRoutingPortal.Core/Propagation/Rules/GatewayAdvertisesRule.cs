using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// Gateway → MSEE: the gateway advertises its VNets' space and what Route Server gave it (65515 prepended), but never
/// what it learned from one circuit to another circuit: an ExpressRoute gateway does not transit between circuits
/// (https://learn.microsoft.com/azure/expressroute/expressroute-global-reach).
/// </summary>
internal sealed class GatewayAdvertisesRule : IHopRule
{
    public StationKind From => StationKind.GatewayRib;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (context.Estate.Gateway(arrival.At.NodeId) is not { } gateway)
        {
            return;
        }

        var fromCircuit = PropagationContext.EnteredFrom(arrival) == StationKind.CircuitEdge;
        var path = PropagationContext.EnteredFrom(arrival) == StationKind.Vnet ? AsPath.Of(gateway.Asn) : arrival.Path.Prepend(gateway.Asn);
        foreach (var circuit in context.Estate.Circuits)
        {
            var connection = circuit.Connections.FirstOrDefault(c => c.GatewayNodeId == gateway.NodeId);
            if (connection is null || context.OriginCircuits.Contains(circuit.NodeId))
            {
                continue;
            }

            foreach (var p in CircuitPaths.Both)
            {
                var to = new Station(StationKind.GatewayToCircuit, gateway.NodeId, circuit.NodeId, (int)p);
                var stop = fromCircuit
                    ? new PropagationStop(ReasonCode.NoCircuitTransit, to, gateway.NodeId, PeerNodeId: circuit.NodeId)
                    : context.ConnectionStop(gateway, circuit, connection, to);
                steps.Add(new Step(to, path, HopRule.GatewayAdvertises, stop));
            }
        }

        // Advertisements toward MSEEs whose circuit the estate does not name: the same set, minus anything learned from a
        // circuit (it may be that very circuit).
        foreach (var vantage in context.Estate.VantagePoints.Where(v => v.Kind == VantageKind.GatewayAdvertised && v.NodeId == gateway.NodeId))
        {
            if (!fromCircuit && context.Estate.StationOf(vantage.Id) is { PeerNodeId: { } circuitNode } to && RoutingEstate.IsUnknownCircuit(circuitNode))
            {
                steps.Add(new Step(to, path, HopRule.GatewayAdvertises));
            }
        }
    }
}
