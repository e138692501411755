namespace HybridRoutingPortal.Azure.Discovery;

// What discovery found, reduced to what the collectors and the topology need. Ids are as ARM gave them.

public sealed record DiscoveredEstate(
    IReadOnlyList<RouteServerInfo> RouteServers,
    IReadOnlyList<CircuitInfo> Circuits,
    IReadOnlyList<GatewayInfo> Gateways,
    IReadOnlyList<ConnectionInfo> Connections,
    IReadOnlyList<VnetInfo> Vnets,
    IReadOnlyList<PrivateCloudInfo> PrivateClouds,
    IReadOnlyList<string> Warnings)
{
    public static readonly DiscoveredEstate Empty = new([], [], [], [], [], [], []);
}

public sealed record RouteServerInfo(string Id, string Name, long Asn, IReadOnlyList<string> RouterIps, bool BranchToBranch, string? VnetId, IReadOnlyList<BgpConnectionInfo> Connections);

public sealed record BgpConnectionInfo(string Id, string Name, string PeerIp, long? PeerAsn, string? State);

public sealed record CircuitInfo(string Id, string Name, string? Tier, string? Provider, string? Location, long? BandwidthMbps, PeeringInfo? PrivatePeering);

public sealed record PeeringInfo(string Id, long? PeerAsn, string? PrimaryPrefix, string? SecondaryPrefix, IReadOnlyList<string> GlobalReachPeerCircuitIds);

public sealed record GatewayInfo(string Id, string Name, string GatewayType, string? Sku, long? Asn, string? VnetId, bool ActiveActive);

public sealed record ConnectionInfo(string Id, string Name, string? Type, string? GatewayId, string? PeerId, string? Status);

public sealed record VnetInfo(string Id, string Name, IReadOnlyList<string> AddressPrefixes, IReadOnlyList<string> SubnetNames, IReadOnlyList<VnetPeeringInfo> Peerings)
{
    /// <summary>A hub holds a gateway or Route Server subnet.</summary>
    public bool IsHub => SubnetNames.Any(s => s.Equals("GatewaySubnet", StringComparison.OrdinalIgnoreCase) || s.Equals("RouteServerSubnet", StringComparison.OrdinalIgnoreCase));
}

public sealed record VnetPeeringInfo(string Name, string? RemoteVnetId, string? State, bool UseRemoteGateways);

public sealed record PrivateCloudInfo(string Id, string Name, string NetworkBlock, string? Sku, string? CircuitId, IReadOnlyList<SegmentInfo> Segments, IReadOnlyList<string> GlobalReachPeerCircuitIds);

public sealed record SegmentInfo(string Id, string Name, string? DisplayName, string? GatewayAddress, string? Status);
