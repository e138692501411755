namespace HybridRoutingPortal.Core;

public enum NodeKind
{
    OnPremSite,
    ExpressRouteCircuit,
    ExpressRouteGateway,
    VpnGateway,
    RouteServer,
    Nva,
    HubVnet,
    SpokeVnet,
    AvsPrivateCloud,
    AvsSegment,
}

public enum LinkKind
{
    BgpSession,
    ExpressRouteConnection,
    VnetPeering,
    GlobalReach,
    Contains,
}

public sealed record TopologyNode(string Id, NodeKind Kind, string Label, string? ResourceId = null, string? Detail = null);

/// <summary>A link between two nodes. BGP sessions carry their state ("Connected", "Idle"…).</summary>
public sealed record TopologyLink(string Id, LinkKind Kind, string From, string To, string Label, string? State = null);

public sealed record Topology(IReadOnlyList<TopologyNode> Nodes, IReadOnlyList<TopologyLink> Links)
{
    public static readonly Topology Empty = new([], []);
}
