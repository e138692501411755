using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// What keeps a BGP route (from the gateway or Route Server) out of a NIC (DESIGN.md §1, data plane;
/// https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#border-gateway-protocol and
/// https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview#gateways-and-on-premises-connectivity):
/// a spoke gets the hub's gateway and Route Server routes only over a connected peering that uses the remote gateway (the
/// spoke's useRemoteGateways, the hub's allowGatewayTransit), and a subnet whose route table has "Propagate gateway routes"
/// off gets none of them, from the gateway or Route Server alike.
/// </summary>
internal static class NicProgramming
{
    public static PropagationStop? Stop(RoutingEstate estate, NicFacts nic, Station at)
    {
        var spoke = nic.VnetNodeId is { } v ? estate.Vnet(v) : null;
        return estate.WhyNoGatewayRoutes(nic) switch
        {
            ReasonCode.PeeringDisconnected => new PropagationStop(ReasonCode.PeeringDisconnected, at, spoke!.NodeId, State: spoke.PeeringState, PeerNodeId: spoke.HubNodeId),
            ReasonCode.NoRemoteGateway => new PropagationStop(ReasonCode.NoRemoteGateway, at, spoke!.NodeId, PeerNodeId: spoke.HubNodeId),
            ReasonCode.BgpPropagationDisabled => new PropagationStop(ReasonCode.BgpPropagationDisabled, at, nic.RouteTableNodeId!, PeerNodeId: nic.NodeId),
            _ => null,
        };
    }

    /// <summary>Whether a prefix lies inside the address space of the NIC's own VNet (a system route already covers it there).</summary>
    public static bool InsideOwnSpace(RoutingEstate estate, NicFacts nic, IpPrefix prefix) =>
        nic.VnetNodeId is { } v && estate.Vnet(v) is { } vnet && vnet.Prefixes.Any(p => p.Contains(prefix));
}

/// <summary>
/// Gateway → NICs: what the ExpressRoute gateway learned from a circuit is programmed into the NICs of its VNet and of the
/// spokes that use it, next hop the circuit's MSEEs (RouteRendering).
/// </summary>
internal sealed class GatewayProgramsNicRule : IHopRule
{
    public StationKind From => StationKind.GatewayRib;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (PropagationContext.EnteredFrom(arrival) != StationKind.CircuitEdge || context.Estate.Gateway(arrival.At.NodeId)?.HubNodeId is not { } hub)
        {
            return;
        }

        foreach (var nic in context.Estate.NicsServedBy(hub).Where(n => n.Carries(context.Prefix) && !NicProgramming.InsideOwnSpace(context.Estate, n, arrival.Carrier)))
        {
            var to = new Station(StationKind.Nic, nic.NodeId);
            steps.Add(new Step(to, arrival.Path, HopRule.GatewayProgramsNic, NicProgramming.Stop(context.Estate, nic, to)));
        }
    }
}

/// <summary>
/// Route Server → NICs: what a peer announced is programmed into the NICs of Route Server's VNet — the NVA's own included
/// (https://learn.microsoft.com/azure/route-server/troubleshoot-route-server: an NVA advertising 0.0.0.0/0 gets it back as
/// its own next hop, hence a user route to Internet on its subnet) — and of the spokes that use it, next hop the peer; never
/// a prefix equal to or inside the VNet's own space (https://learn.microsoft.com/azure/route-server/route-server-faq).
/// </summary>
internal sealed class RouteServerProgramsNicRule : IHopRule
{
    public StationKind From => StationKind.RouteServerIn;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (context.Estate.RouteServer(arrival.At.NodeId)?.HubNodeId is not { } hub)
        {
            return;
        }

        foreach (var nic in context.Estate.NicsServedBy(hub).Where(n => n.Carries(context.Prefix) && !NicProgramming.InsideOwnSpace(context.Estate, n, arrival.Carrier)))
        {
            var to = new Station(StationKind.Nic, nic.NodeId);
            steps.Add(new Step(to, arrival.Path, HopRule.RouteServerProgramsNic, NicProgramming.Stop(context.Estate, nic, to)));
        }
    }
}

/// <summary>
/// A VNet's address space in NICs: its own NICs' system route (VnetLocal), and across a hub–spoke peering the other side's
/// (VNetPeering) while the peering is connected.
/// </summary>
internal sealed class VnetToNicRule : IHopRule
{
    public StationKind From => StationKind.Vnet;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.Previous is not null || context.Estate.Vnet(arrival.At.NodeId) is not { } vnet)
        {
            return;
        }

        foreach (var nic in context.Estate.NicsIn(vnet.NodeId).Where(n => n.Carries(context.Prefix)))
        {
            steps.Add(new Step(new Station(StationKind.Nic, nic.NodeId), AsPath.Empty, HopRule.VnetLocal));
        }

        // Peered VNets: a spoke with its hub, the hub with each of its spokes.
        var peered = vnet.IsHub
            ? context.Estate.Vnets.Where(v => !v.IsHub && v.HubNodeId == vnet.NodeId).Select(s => (Vnet: s.NodeId, Spoke: s))
            : vnet.HubNodeId is { } hub ? [(Vnet: hub, Spoke: vnet)] : [];
        foreach (var (other, spoke) in peered)
        {
            foreach (var nic in context.Estate.NicsIn(other).Where(n => n.Carries(context.Prefix)))
            {
                var to = new Station(StationKind.Nic, nic.NodeId);
                var stop = spoke.PeeringState is { } state && state.IsDown()
                    ? new PropagationStop(ReasonCode.PeeringDisconnected, to, spoke.NodeId, State: state, PeerNodeId: spoke.HubNodeId)
                    : null;
                steps.Add(new Step(to, AsPath.Empty, HopRule.VnetPeering, stop));
            }
        }
    }
}

/// <summary>A route table's user-defined route enters the NICs of the subnets it is attached to (and goes nowhere else).</summary>
internal sealed class UserRouteRule : IHopRule
{
    public StationKind From => StationKind.RouteTable;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.Previous is not null || context.Origin.Kind != OriginKind.UserRoute)
        {
            return;
        }

        foreach (var nic in context.Estate.NicsUsing(arrival.At.NodeId).Where(n => n.Carries(context.Prefix)))
        {
            steps.Add(new Step(new Station(StationKind.Nic, nic.NodeId), AsPath.Empty, HopRule.UserRoute));
        }
    }
}
