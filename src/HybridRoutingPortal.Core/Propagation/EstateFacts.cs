namespace HybridRoutingPortal.Core.Propagation;

// The estate as the propagation model needs it: typed facts read from a Topology (NodeKind, NodeFacts,
// LinkKind, BgpState, CircuitPath) and the vantage points, never from labels. Any source that fills a
// Topology (the demo, the Azure collectors, a test) can be modelled.

/// <summary>An on-prem site: its ASN and customer-edge addresses (primary, then secondary).</summary>
public sealed record SiteFacts(string NodeId, string Name, long? Asn, IReadOnlyList<string> EdgeAddresses);

/// <summary>The customer-edge BGP session on one MSEE path of a circuit.</summary>
public sealed record EdgeSession(string SiteNodeId, CircuitPath Path, BgpState? State);

/// <summary>An ExpressRoute circuit's connection to a virtual network gateway.</summary>
public sealed record CircuitConnection(string GatewayNodeId, BgpState? State);

/// <summary>
/// An ExpressRoute circuit: its tier (the on-prem prefix limit depends on it), the MSEE addresses the gateway
/// peers with (primary, secondary), who sits behind it (on-prem sessions or an AVS private cloud), its
/// gateway connections and Global Reach peers.
/// </summary>
public sealed record CircuitFacts(
    string NodeId,
    string Name,
    string? Tier,
    IReadOnlyList<string> MseeAddresses,
    IReadOnlyList<EdgeSession> EdgeSessions,
    string? PrivateCloudNodeId,
    IReadOnlyList<CircuitConnection> Connections,
    IReadOnlyList<string> GlobalReachPeers)
{
    public bool IsPremium => string.Equals(Tier, "Premium", StringComparison.OrdinalIgnoreCase);

    public bool IsAvs => PrivateCloudNodeId is not null;
}

/// <summary>A virtual network gateway (ExpressRoute): ASN, SKU, its instances' addresses and its hub.</summary>
public sealed record GatewayFacts(string NodeId, string Name, long Asn, string? Sku, IReadOnlyList<string> Instances, string? HubNodeId);

/// <summary>Route Server: ASN, one address per instance, branch-to-branch, its hub and gateways.</summary>
public sealed record RouteServerFacts(string NodeId, string Name, long Asn, IReadOnlyList<string> Addresses, bool BranchToBranch, string? HubNodeId, IReadOnlyList<string> GatewayNodeIds, int Instances);

/// <summary>A BGP peer of Route Server (an NVA) and the state of its session.</summary>
public sealed record PeerFacts(string NodeId, string Name, string RouteServerNodeId, long? Asn, IReadOnlyList<string> Addresses, BgpState? State)
{
    public string Address => Addresses.Count > 0 ? Addresses[0] : string.Empty;

    /// <summary>Whether the session can carry a prefix of this family (an IPv4 peering carries IPv4 only here).</summary>
    public bool Carries(IpPrefix prefix) =>
        Addresses.Count == 0 || Addresses.Any(a => System.Net.IPAddress.TryParse(a, out var ip) && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) == prefix.IsIPv4);
}

/// <summary>
/// A VNet: its address space and, for a spoke, the hub it peers with, the peering's state (the worse of its two sides)
/// and whether the spoke uses the hub's gateway and Route Server (its useRemoteGateways, the hub's allowGatewayTransit;
/// null where not known).
/// </summary>
public sealed record VnetFacts(string NodeId, string Name, bool IsHub, IReadOnlyList<IpPrefix> Prefixes, string? HubNodeId, BgpState? PeeringState,
    bool? UseRemoteGateways = null, bool? HubGatewayTransit = null)
{
    /// <summary>A spoke whose peering says it does not use the hub's gateway and Route Server (either side's flag off).</summary>
    public bool WithoutRemoteGateway => !IsHub && (UseRemoteGateways == false || HubGatewayTransit == false);
}

/// <summary>
/// A watched NIC: its VNet, subnet(s), private addresses and the route table of its subnet. Its effective routes are what
/// the gateway, Route Server, the VNet and the route table program into it.
/// </summary>
public sealed record NicFacts(string NodeId, string Name, string? VnetNodeId, IReadOnlyList<string> Subnets, IReadOnlyList<string> Addresses, string? RouteTableNodeId,
    string? VirtualMachine = null)
{
    /// <summary>Whether the NIC has an address of the prefix's family (an IPv4-only NIC gets no IPv6 routes).</summary>
    public bool Carries(IpPrefix prefix) =>
        Addresses.Count == 0 || Addresses.Any(a => System.Net.IPAddress.TryParse(a, out var ip) && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) == prefix.IsIPv4);

    public bool Holds(string address) => Addresses.Contains(address, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A route table: whether it lets gateway routes through, the subnets it is attached to, next hops nothing holds.</summary>
public sealed record RouteTableFacts(string NodeId, string Name, bool? DisableBgpRoutePropagation, IReadOnlyList<string> Subnets, IReadOnlyList<string>? UnresolvedNextHops);

/// <summary>An AVS private cloud: its NSX-T ASN where known, its /22 block, its circuit and segments.</summary>
public sealed record PrivateCloudFacts(string NodeId, string Name, long? Asn, IReadOnlyList<IpPrefix> Block, string? CircuitNodeId, IReadOnlyList<SegmentFacts> Segments);

/// <summary>An NSX-T workload segment (its ARM name is the last segment of its resource id).</summary>
public sealed record SegmentFacts(string NodeId, string Name, IpPrefix Prefix);
