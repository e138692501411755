namespace HybridRoutingPortal.Core.Propagation;

/// <summary>
/// A route as each vantage point shows it, in ARM's shapes (arm-examples/): next hop, origin, weight, the peer it
/// came from and the local address that holds it. The gateway lists a route once per instance; ExpressRoute-learned
/// routes carry weight 32769, local and Route Server-learned ones 32768. A NIC's effective routes carry no AS path: their
/// source, next-hop type and next hops (the MSEEs for ExpressRoute, one route per path; the peer for Route Server; the
/// appliance for a user route); which of them is Active is decided over the whole table (<see cref="DataPlane.EffectiveRoutes"/>).
/// </summary>
public static class RouteRendering
{
    public const long ExpressRouteWeight = 32769;
    public const long LocalWeight = 32768;

    public static IEnumerable<Route> Render(Arrival arrival, PrefixOrigin origin, RoutingEstate estate, PrefixReach reach)
    {
        var prefix = arrival.Carrier;
        var at = arrival.At;
        var from = arrival.Previous?.At;
        switch (at.Kind)
        {
            case StationKind.PrivateCloud:
                yield return origin.Role == AvsRole.Segment
                    ? new Route(prefix, FirstHost(prefix), AsPath.Empty, RouteOrigins.AvsSegment, SourcePeer: origin.Name)
                    : new Route(prefix, string.Empty, AsPath.Empty, RouteOrigins.AvsManagementBlock);
                break;

            case StationKind.Vnet:
                yield return new Route(prefix, string.Empty, AsPath.Empty, RouteOrigins.Network);
                break;

            case StationKind.CircuitEdge when from?.Kind == StationKind.Site:
                var site = estate.Site(from.Value.NodeId);
                var ce = site is not null && site.EdgeAddresses.Count > at.Index ? site.EdgeAddresses[at.Index] : string.Empty;
                yield return new Route(prefix, ce, arrival.Path, string.Empty, 0);
                break;

            case StationKind.CircuitEdge when from?.Kind == StationKind.GatewayToCircuit:
                foreach (var instance in Instances(estate.Gateway(from.Value.NodeId)))
                {
                    yield return new Route(prefix, instance ?? string.Empty, arrival.Path, string.Empty, 0);
                }

                break;

            case StationKind.CircuitEdge:
                yield return new Route(prefix, string.Empty, arrival.Path, string.Empty, 0);
                break;

            case StationKind.GatewayRib:
                foreach (var instance in Instances(estate.Gateway(at.NodeId)))
                {
                    yield return GatewayLearned(arrival, prefix, from, instance, estate);
                }

                break;

            case StationKind.GatewayToCircuit:
                foreach (var instance in Instances(estate.Gateway(at.NodeId)))
                {
                    yield return new Route(prefix, instance ?? string.Empty, arrival.Path, "Igp", 0, null, instance, instance);
                }

                break;

            case StationKind.RouteServerIn:
                var peer = estate.Peer(at.NodeId, at.PeerNodeId!);
                yield return new Route(prefix, peer?.Address ?? string.Empty, arrival.Path, "EBgp", LocalWeight, null, peer?.Address, Address(estate.RouteServer(at.NodeId), at.Index));
                break;

            case StationKind.RouteServerOut:
                var local = Address(estate.RouteServer(at.NodeId), at.Index);
                yield return new Route(prefix, local ?? string.Empty, arrival.Path, "Igp", 0, null, local, local);
                break;

            case StationKind.RouteTable:
                yield return new Route(prefix, origin.NextHop ?? string.Empty, AsPath.Empty, RouteOrigins.UserRoute, NextHopType: origin.NextHopType ?? NextHopTypes.None);
                break;

            case StationKind.Nic:
                foreach (var route in NicRoutes(arrival, origin, estate, reach, prefix))
                {
                    yield return route;
                }

                break;
        }
    }

    private static IEnumerable<Route> NicRoutes(Arrival arrival, PrefixOrigin origin, RoutingEstate estate, PrefixReach reach, IpPrefix prefix)
    {
        Route Nic(string source, string nextHopType, string nextHop = "") =>
            new(prefix, nextHop, AsPath.Empty, source, NextHopType: nextHopType, State: RouteState.Active);

        switch (arrival.Rule)
        {
            case HopRule.VnetLocal:
                yield return Nic(RouteOrigins.SystemRoute, NextHopTypes.VnetLocal);
                break;
            case HopRule.VnetPeering:
                yield return Nic(RouteOrigins.SystemRoute, NextHopTypes.VNetPeering);
                break;
            case HopRule.UserRoute:
                yield return Nic(RouteOrigins.UserRoute, origin.NextHopType ?? NextHopTypes.None, origin.NextHop ?? string.Empty);
                break;
            case HopRule.RouteServerProgramsNic when arrival.Previous is { } rs:
                yield return Nic(RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, estate.Peer(rs.At.NodeId, rs.At.PeerNodeId!)?.Address ?? string.Empty);
                break;
            case HopRule.GatewayProgramsNic when arrival.Previous is { } gateway:
                // ECMP over the MSEE paths the gateway learned the prefix from: one route per path that carries it.
                var msees = reach.Carried(gateway.At)
                    .Select(a => a.Previous?.At).OfType<Station>().Where(s => s.Kind == StationKind.CircuitEdge)
                    .Select(s => estate.Circuit(s.NodeId) is { } c && c.MseeAddresses.Count > s.Index ? c.MseeAddresses[s.Index] : null)
                    .OfType<string>().Distinct().ToArray();
                foreach (var msee in msees.Length > 0 ? msees : [string.Empty])
                {
                    yield return Nic(RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, msee);
                }

                break;
        }
    }

    private static Route GatewayLearned(Arrival arrival, IpPrefix prefix, Station? from, string? instance, RoutingEstate estate)
    {
        switch (from?.Kind)
        {
            case StationKind.CircuitEdge:
                var circuit = estate.Circuit(from.Value.NodeId);
                var msee = circuit is not null && circuit.MseeAddresses.Count > from.Value.Index ? circuit.MseeAddresses[from.Value.Index] : string.Empty;
                return new Route(prefix, msee, arrival.Path, "EBgp", ExpressRouteWeight, null, msee, instance);
            case StationKind.RouteServerIn:
                var peer = estate.Peer(from.Value.NodeId, from.Value.PeerNodeId!);
                return new Route(prefix, peer?.Address ?? string.Empty, arrival.Path, "IBgp", 0, null, Address(estate.RouteServer(from.Value.NodeId), from.Value.Index), instance);
            default:
                return new Route(prefix, string.Empty, AsPath.Empty, RouteOrigins.Network, LocalWeight, null, instance, instance);
        }
    }

    private static IEnumerable<string?> Instances(GatewayFacts? gateway) => gateway is { Instances.Count: > 0 } g ? g.Instances.Select(i => (string?)i) : NoInstance;

    private static readonly string?[] NoInstance = [null];

    private static string? Address(RouteServerFacts? rs, int instance) => rs is not null && rs.Addresses.Count > instance ? rs.Addresses[instance] : null;

    /// <summary>An NSX segment's gateway is its first host address, as AVS lists it.</summary>
    private static string FirstHost(IpPrefix subnet)
    {
        var bytes = subnet.StartBytes;
        bytes[^1] += 1;
        return new System.Net.IPAddress(bytes).ToString();
    }
}
