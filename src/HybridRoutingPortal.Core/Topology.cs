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

    /// <summary>A watched NIC (an NVA's, a probe VM's): its effective routes are a vantage point.</summary>
    NetworkInterface,

    /// <summary>A route table (UDRs) attached to subnets.</summary>
    RouteTable,
}

public enum LinkKind
{
    BgpSession,
    ExpressRouteConnection,
    VnetPeering,
    GlobalReach,
    Contains,

    /// <summary>A route table attached to subnets of a VNet (From the route table, To the VNet).</summary>
    RouteTableAssociation,
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
    /// edge's primary then secondary address; for a circuit, its MSEE addresses as the gateway peers with them, primary then secondary);
    /// a NIC's private IP addresses.
    /// </summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Route Server: whether it exchanges routes with the virtual network gateways (branch-to-branch).</summary>
    public bool? BranchToBranch { get; init; }

    /// <summary>Gateway SKU (ErGw1AZ…) or circuit tier (Standard, Premium).</summary>
    public string? Sku { get; init; }

    /// <summary>Address space: a VNet's prefixes, an AVS private cloud's network block, a segment's subnet.</summary>
    public IReadOnlyList<IpPrefix> Prefixes { get; init; } = [];

    /// <summary>
    /// Subnet resource ids: the subnets a route table is attached to, the subnet(s) a NIC sits in. ARM's spelling;
    /// compare them ignoring case (<see cref="SubnetIds"/>).
    /// </summary>
    public IReadOnlyList<string> Subnets { get; init; } = [];

    /// <summary>
    /// A route table's "Propagate gateway routes" switched off (ARM: disableBgpRoutePropagation): the subnets it is
    /// attached to get no routes from the gateway or Route Server. Null where unknown (the table could not be read).
    /// </summary>
    public bool? DisableBgpRoutePropagation { get; init; }

    /// <summary>
    /// A route table's VirtualAppliance next hops that no NIC holds (a next hop into nothing), as the source checked
    /// them against every NIC it can read. Null when it could not check (the NIC inventory is unknown).
    /// </summary>
    public IReadOnlyList<string>? UnresolvedNextHops { get; init; }

    /// <summary>The VM a NIC is attached to (its ARM id): an NVA's NICs are every NIC of the VM that holds its BGP peer address.</summary>
    public string? VirtualMachine { get; init; }
}

/// <summary>Subnet ids compare ignoring case: ARM does not keep one spelling of resource group names.</summary>
public static class SubnetIds
{
    public static bool Same(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>…/virtualNetworks/{vnet}/subnets/{subnet} → …/virtualNetworks/{vnet}.</summary>
    public static string VnetOf(string subnetId)
    {
        var i = subnetId.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
        return i < 0 ? subnetId : subnetId[..i];
    }

    public static string NameOf(string subnetId) => subnetId.TrimEnd('/').Split('/')[^1];
}

/// <summary>
/// A link between two nodes: BGP sessions, ExpressRoute connections and peerings carry their state where the estate reports it.
/// <see cref="Path"/> says which of a circuit's two MSEE paths a customer-edge BGP session runs on (null where the link is not one).
/// A VNet peering carries both sides' flags in <see cref="Peering"/>.
/// </summary>
public sealed record TopologyLink(string Id, LinkKind Kind, string From, string To, string Label, BgpState? State = null, CircuitPath? Path = null,
    PeeringFacts? Peering = null);

/// <summary>One side of a VNet peering, as that VNet's peering resource says it (null fields: not known).</summary>
/// <param name="AllowGatewayTransit">This VNet lets the peer use its gateway and Route Server (set on the hub).</param>
/// <param name="UseRemoteGateways">This VNet uses the peer's gateway and Route Server (set on the spoke; needs the peer's transit).</param>
/// <param name="State">peeringState: Connected, Initiated (Connecting) or Disconnected (NotConnected).</param>
public sealed record PeeringSide(bool? AllowGatewayTransit, bool? UseRemoteGateways, BgpState? State);

/// <summary>Both sides of a VNet peering: <see cref="From"/> is the side of the link's From node, <see cref="To"/> the other.</summary>
public sealed record PeeringFacts(PeeringSide? From, PeeringSide? To)
{
    public PeeringSide? SideOf(TopologyLink link, string nodeId) => link.From == nodeId ? From : link.To == nodeId ? To : null;

    /// <summary>
    /// Whether one side uses the other's gateway and Route Server over this peering: it sets useRemoteGateways and the
    /// other allowGatewayTransit (Azure needs both). Null when the sides known so far leave it open.
    /// </summary>
    public bool? UsesRemoteGateway
    {
        get
        {
            var fromUses = Pair(From?.UseRemoteGateways, To?.AllowGatewayTransit);
            var toUses = Pair(To?.UseRemoteGateways, From?.AllowGatewayTransit);
            return fromUses == true || toUses == true ? true : fromUses == false && toUses == false ? false : null;
        }
    }

    /// <summary>How a peering link's label says <see cref="UsesRemoteGateway"/> (the Azure and demo sources alike).</summary>
    public string GatewayUse => UsesRemoteGateway switch
    {
        true => "uses the hub's gateway and Route Server",
        false => "does not use the hub's gateway or Route Server",
        null => "use of the hub's gateway not known (one side's peering not read)",
    };

    private static bool? Pair(bool? uses, bool? allows) => uses == false || allows == false ? false : uses == true && allows == true ? true : null;
}

public sealed record Topology(IReadOnlyList<TopologyNode> Nodes, IReadOnlyList<TopologyLink> Links)
{
    public static readonly Topology Empty = new([], []);
}
