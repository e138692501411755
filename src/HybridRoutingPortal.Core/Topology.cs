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

/// <summary>A node. <see cref="Label"/> and <see cref="Detail"/> are for people; <see cref="Facts"/> for code.</summary>
public sealed record TopologyNode(string Id, NodeKind Kind, string Label, string? ResourceId = null, string? Detail = null, NodeFacts? Facts = null);

/// <summary>
/// What the estate says about a node, typed: the rules and the propagation model read these, never the
/// display text.
/// </summary>
public sealed record NodeFacts
{
    /// <summary>The node's BGP ASN (Route Server and gateways 65515, an NVA its own, on-prem the customer's).</summary>
    public long? Asn { get; init; }

    /// <summary>
    /// Its BGP speaker addresses (Route Server's two router IPs, an NVA's peer IP, a gateway's instances, the customer
    /// edge's primary then secondary address; for a circuit, its MSEE addresses as the gateway peers with them, primary then secondary).
    /// </summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Route Server: whether it exchanges routes with the virtual network gateways (branch-to-branch).</summary>
    public bool? BranchToBranch { get; init; }

    /// <summary>Gateway SKU (ErGw1AZ…) or circuit tier (Standard, Premium).</summary>
    public string? Sku { get; init; }

    /// <summary>Address space: a VNet's prefixes, an AVS private cloud's network block, a segment's subnet.</summary>
    public IReadOnlyList<IpPrefix> Prefixes { get; init; } = [];
}

/// <summary>
/// A link between two nodes: BGP sessions, ExpressRoute connections and peerings carry their state where the estate reports it.
/// <see cref="Path"/> says which of a circuit's two MSEE paths a customer-edge BGP session runs on (null where the link is not one).
/// </summary>
public sealed record TopologyLink(string Id, LinkKind Kind, string From, string To, string Label, BgpState? State = null, CircuitPath? Path = null);

public sealed record Topology(IReadOnlyList<TopologyNode> Nodes, IReadOnlyList<TopologyLink> Links)
{
    public static readonly Topology Empty = new([], []);
}
