using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>One hop a route may take from an arrival, and the stop that refuses it, if any.</summary>
internal readonly record struct Step(Station To, AsPath Path, HopRule Rule, PropagationStop? Stop = null, IpPrefix? Carrier = null, string? Hairpin = null);

/// <summary>One Azure routing behaviour: from a route at one kind of station, where it goes next (or where it is stopped).</summary>
internal interface IHopRule
{
    StationKind From { get; }

    void Next(Arrival arrival, PropagationContext context, List<Step> steps);
}

/// <summary>What the rules read while one origin's prefix propagates.</summary>
internal sealed class PropagationContext(RoutingEstate estate, EstateOrigins origins, EstateCounts counts, EstateDesign design, PrefixOrigin origin, IpPrefix prefix)
{
    public RoutingEstate Estate { get; } = estate;

    public EstateOrigins Origins { get; } = origins;

    public EstateCounts Counts { get; } = counts;

    public EstateDesign Design { get; } = design;

    public PrefixOrigin Origin { get; } = origin;

    /// <summary>The prefix being followed: the origin's, or a more specific one inside it (an address).</summary>
    public IpPrefix Prefix { get; } = prefix;

    /// <summary>The circuits the prefix enters through: it never goes back to them.</summary>
    public IReadOnlySet<string> OriginCircuits { get; } = design.OriginCircuits(origin);

    /// <summary>Where a route at the gateway came from: a circuit's MSEE, Route Server, or a VNet.</summary>
    public static StationKind? EnteredFrom(Arrival arrival) => arrival.Previous?.At.Kind;

    /// <summary>A route from the customer side of a circuit (on-prem or AVS), not one the gateway advertised.</summary>
    public static bool FromCustomerSide(Arrival arrival) => EnteredFrom(arrival) is StationKind.Site or StationKind.PrivateCloud;

    /// <summary>
    /// The stops a peer's session applies to anything crossing it: above 4,000 routes from the peer Route Server
    /// tears the session down (both directions), and a session reported down carries nothing.
    /// </summary>
    public PropagationStop? PeerSessionStop(PeerFacts peer, RouteServerFacts rs, int instance, Station at)
    {
        var announced = Counts.PeerAnnounced(peer.NodeId, rs.NodeId, instance);
        if (announced > AzureRouteLimits.RouteServerPerPeer)
        {
            return new PropagationStop(ReasonCode.PeerRouteLimit, at, rs.NodeId, announced, AzureRouteLimits.RouteServerPerPeer, PeerNodeId: peer.NodeId);
        }

        return peer.State is { } state && state.IsDown() ? new PropagationStop(ReasonCode.BgpSessionDown, at, rs.NodeId, State: state, PeerNodeId: peer.NodeId) : null;
    }

    /// <summary>A gateway over the advertise limit toward on-prem loses its circuit connections (both directions).</summary>
    public PropagationStop? ConnectionStop(GatewayFacts gateway, CircuitFacts circuit, CircuitConnection connection, Station at)
    {
        foreach (var ipv4 in new[] { Prefix.IsIPv4, !Prefix.IsIPv4 })
        {
            var advertised = Counts.GatewayAdvertised(gateway.NodeId, ipv4);
            var limit = AzureRouteLimits.AdvertisedToOnPrem(ipv4);
            if (advertised > limit)
            {
                return new PropagationStop(ReasonCode.ErAdvertiseLimit, at, gateway.NodeId, advertised, limit, PeerNodeId: circuit.NodeId);
            }
        }

        return connection.State is { } state && state.IsDown()
            ? new PropagationStop(ReasonCode.BgpSessionDown, at, gateway.NodeId, State: state, PeerNodeId: circuit.NodeId)
            : null;
    }

    /// <summary>BGP loop prevention: a speaker drops a route whose AS path already holds its own ASN.</summary>
    public static PropagationStop? Loop(AsPath path, long? receiverAsn, Station at, string nodeId) =>
        receiverAsn is { } asn && path.Contains(asn) ? new PropagationStop(ReasonCode.AsPathLoop, at, nodeId, Path: path, Asn: asn) : null;
}
