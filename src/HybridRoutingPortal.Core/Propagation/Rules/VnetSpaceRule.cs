using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// A VNet's address space is advertised by its hub's gateway (toward the circuits) and Route Server (toward its
/// peers, 65515); a spoke's only through a peering that is connected and uses the hub's gateway.
/// </summary>
internal sealed class VnetSpaceRule : IHopRule
{
    public StationKind From => StationKind.Vnet;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.Previous is not null || context.Estate.Vnet(arrival.At.NodeId) is not { } vnet || context.Estate.HubOf(vnet) is not { } hub)
        {
            return;
        }

        // A spoke's space reaches the hub's gateway and Route Server only over a connected peering that uses them.
        PropagationStop? PeeringStop(Station to) =>
            !vnet.IsHub && vnet.PeeringState is { } state && state.IsDown() ? new PropagationStop(ReasonCode.PeeringDisconnected, to, vnet.NodeId, State: state, PeerNodeId: hub)
            : vnet.WithoutRemoteGateway ? new PropagationStop(ReasonCode.NoRemoteGateway, to, vnet.NodeId, PeerNodeId: hub)
            : null;

        foreach (var gateway in context.Estate.Gateways.Where(g => g.HubNodeId == hub))
        {
            var to = new Station(StationKind.GatewayRib, gateway.NodeId);
            steps.Add(new Step(to, AsPath.Empty, HopRule.VnetSpace, PeeringStop(to)));
        }

        foreach (var rs in context.Estate.RouteServers.Where(r => r.HubNodeId == hub))
        {
            foreach (var peer in context.Estate.PeersOf(rs.NodeId).Where(p => p.Carries(context.Prefix)))
            {
                for (var i = 0; i < rs.Instances; i++)
                {
                    var to = new Station(StationKind.RouteServerOut, rs.NodeId, peer.NodeId, i);
                    steps.Add(new Step(to, AsPath.Of(rs.Asn), HopRule.VnetSpace, PeeringStop(to) ?? context.PeerSessionStop(peer, rs, i, to)));
                }
            }
        }
    }
}
