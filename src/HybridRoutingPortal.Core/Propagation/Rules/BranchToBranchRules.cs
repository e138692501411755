using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// Gateway → Route Server → peers: Route Server hears what the gateway learned from its circuits only with
/// branch-to-branch on (https://learn.microsoft.com/azure/route-server/expressroute-vpn-support), and advertises it
/// to each peer on each instance with 65515 prepended, over a session that carries the prefix's family.
/// </summary>
internal sealed class BranchToBranchOutRule : IHopRule
{
    public StationKind From => StationKind.GatewayRib;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (PropagationContext.EnteredFrom(arrival) != StationKind.CircuitEdge)
        {
            return;
        }

        foreach (var rs in context.Estate.RouteServersOf(arrival.At.NodeId))
        {
            foreach (var peer in context.Estate.PeersOf(rs.NodeId).Where(p => p.Carries(context.Prefix)))
            {
                for (var i = 0; i < rs.Instances; i++)
                {
                    var to = new Station(StationKind.RouteServerOut, rs.NodeId, peer.NodeId, i);
                    var stop = rs.BranchToBranch ? context.PeerSessionStop(peer, rs, i, to) : new PropagationStop(ReasonCode.BranchToBranchOff, to, rs.NodeId);
                    steps.Add(new Step(to, arrival.Path.Prepend(rs.Asn), HopRule.BranchToBranch, stop));
                }
            }
        }
    }
}

/// <summary>Route Server → gateway: the gateway learns Route Server's peers' routes over iBGP, only with branch-to-branch on.</summary>
internal sealed class BranchToBranchInRule : IHopRule
{
    public StationKind From => StationKind.RouteServerIn;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (context.Estate.RouteServer(arrival.At.NodeId) is not { } rs)
        {
            return;
        }

        foreach (var gateway in rs.GatewayNodeIds)
        {
            var to = new Station(StationKind.GatewayRib, gateway);
            steps.Add(new Step(to, arrival.Path, HopRule.BranchToBranch, rs.BranchToBranch ? null : new PropagationStop(ReasonCode.BranchToBranchOff, to, rs.NodeId)));
        }
    }
}

/// <summary>Route Server → other peers: what one peer announced goes to every other peer (same instance), 65515 prepended.</summary>
internal sealed class RouteServerToPeerRule : IHopRule
{
    public StationKind From => StationKind.RouteServerIn;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (context.Estate.RouteServer(arrival.At.NodeId) is not { } rs)
        {
            return;
        }

        foreach (var peer in context.Estate.PeersOf(rs.NodeId).Where(p => p.NodeId != arrival.At.PeerNodeId && p.Carries(context.Prefix)))
        {
            var to = new Station(StationKind.RouteServerOut, rs.NodeId, peer.NodeId, arrival.At.Index);
            steps.Add(new Step(to, arrival.Path.Prepend(rs.Asn), HopRule.RouteServerToPeer, context.PeerSessionStop(peer, rs, arrival.At.Index, to)));
        }
    }
}
