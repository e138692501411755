using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Discovery;

// What discovery found, reduced to what the collectors and the topology need. Ids are as ARM gave them.

public sealed record DiscoveredEstate(
    IReadOnlyList<RouteServerInfo> RouteServers,
    IReadOnlyList<CircuitInfo> Circuits,
    IReadOnlyList<GatewayInfo> Gateways,
    IReadOnlyList<ConnectionInfo> Connections,
    IReadOnlyList<VnetInfo> Vnets,
    IReadOnlyList<PrivateCloudInfo> PrivateClouds,
    IReadOnlyList<DiscoveryPart> Parts,
    IReadOnlyList<string>? Subscriptions = null,
    DataPlaneInfo? DataPlane = null)
{
    public static readonly DiscoveredEstate Empty = new([], [], [], [], [], [], []);

    /// <summary>Every resource id known, by type, for keeping what a failed listing can no longer show.</summary>
    public IEnumerable<(string Type, string Id)> ResourceIds() =>
        RouteServers.Select(r => (ResourceTypes.VirtualHubs, r.Id))
            .Concat(Circuits.Select(c => (ResourceTypes.ExpressRouteCircuits, c.Id)))
            .Concat(Gateways.Select(g => (ResourceTypes.VirtualNetworkGateways, g.Id)))
            .Concat(Connections.Select(c => (ResourceTypes.Connections, c.Id)))
            .Concat(Vnets.Select(v => (ResourceTypes.VirtualNetworks, v.Id)))
            .Concat(PrivateClouds.Select(p => (ResourceTypes.PrivateClouds, p.Id)));
}

/// <summary>
/// A Route Server (a virtual hub without a Virtual WAN, "kind": "RouteServer"). One still provisioning
/// has no router IPs yet: it is shown, and its peers are polled once it has them.
/// </summary>
/// <param name="Region">ARM's location (westeurope): a metrics batch covers one region.</param>
public sealed record RouteServerInfo(
    string Id,
    string Name,
    long Asn,
    IReadOnlyList<string> RouterIps,
    bool BranchToBranch,
    string? VnetId,
    IReadOnlyList<BgpConnectionInfo> Connections,
    string? ProvisioningState = null,
    string? Region = null)
{
    public bool Ready => RouterIps.Count > 0;
}

public sealed record BgpConnectionInfo(string Id, string Name, string PeerIp, long? PeerAsn, string? State);

/// <param name="Location">The provider's peering location (Amsterdam), not the Azure region.</param>
/// <param name="Region">ARM's location of the circuit resource (westeurope): a metrics batch covers one region.</param>
public sealed record CircuitInfo(string Id, string Name, string? Tier, string? Provider, string? Location, long? BandwidthMbps, PeeringInfo? PrivatePeering,
    string? Region = null);

/// <param name="GlobalReachPeerCircuitIds">Circuits linked by Global Reach, whichever side created the link (connections and peeredConnections).</param>
public sealed record PeeringInfo(string Id, long? PeerAsn, string? PrimaryPrefix, string? SecondaryPrefix, IReadOnlyList<string> GlobalReachPeerCircuitIds);

/// <param name="Region">ARM's location (westeurope): a metrics batch covers one region.</param>
public sealed record GatewayInfo(string Id, string Name, string GatewayType, string? Sku, long? Asn, string? VnetId, bool ActiveActive, string? Region = null);

public sealed record ConnectionInfo(string Id, string Name, string? Type, string? GatewayId, string? PeerId, string? Status);

public sealed record VnetInfo(string Id, string Name, IReadOnlyList<string> AddressPrefixes, IReadOnlyList<string> SubnetNames, IReadOnlyList<VnetPeeringInfo> Peerings)
{
    /// <summary>A hub holds a gateway or Route Server subnet.</summary>
    public bool IsHub => SubnetNames.Any(s => s.Equals("GatewaySubnet", StringComparison.OrdinalIgnoreCase) || s.Equals("RouteServerSubnet", StringComparison.OrdinalIgnoreCase));
}

/// <param name="AllowGatewayTransit">Null where ARM did not say (the flag is optional in the answer).</param>
public sealed record VnetPeeringInfo(string Name, string? RemoteVnetId, string? State, bool UseRemoteGateways, bool? AllowGatewayTransit = null);

/// <summary>
/// The data plane: every NIC of the watched subscriptions (their addresses tell a next hop into nothing from a live
/// appliance), which of them are watched and why, and every route table.
/// </summary>
/// <param name="NicInventoryComplete">False when some subscription's NICs could not be listed: a next hop no known NIC holds is then not known to be a blackhole.</param>
public sealed record DataPlaneInfo(IReadOnlyList<NicInfo> Nics, IReadOnlyList<RouteTableInfo> RouteTables, bool NicInventoryComplete)
{
    public static readonly DataPlaneInfo Empty = new([], [], true);

    public IEnumerable<NicInfo> Watched => Nics.Where(n => n.WatchReason is not null);
}

/// <param name="Addresses">Private IP addresses, bare (ARM may write "172.20.2.16/28").</param>
/// <param name="Tagged">It carries the tag hybrid-routing-watch = true.</param>
/// <param name="WatchReason">Why its effective routes are read (NVA, tag, setting); null when it is only inventory.</param>
public sealed record NicInfo(string Id, string Name, IReadOnlyList<string> Addresses, IReadOnlyList<string> Subnets, string? VirtualMachineId, bool Tagged,
    string? WatchReason = null);

public sealed record RouteTableInfo(string Id, string Name, bool? DisableBgpRoutePropagation, IReadOnlyList<string> Subnets, IReadOnlyList<UserRouteInfo> Routes);

public sealed record UserRouteInfo(string Name, string? AddressPrefix, string? NextHopType, string? NextHopIpAddress);

/// <param name="SecondaryCircuitId">A stretched private cloud's second managed circuit (its other availability zone).</param>
public sealed record PrivateCloudInfo(
    string Id,
    string Name,
    string NetworkBlock,
    string? Sku,
    string? CircuitId,
    IReadOnlyList<SegmentInfo> Segments,
    IReadOnlyList<string> GlobalReachPeerCircuitIds,
    string? SecondaryCircuitId = null);

public sealed record SegmentInfo(string Id, string Name, string? DisplayName, string? GatewayAddress, string? Status);

/// <summary>The resource types discovery looks for.</summary>
public static class ResourceTypes
{
    public const string VirtualHubs = "Microsoft.Network/virtualHubs";
    public const string ExpressRouteCircuits = "Microsoft.Network/expressRouteCircuits";
    public const string VirtualNetworkGateways = "Microsoft.Network/virtualNetworkGateways";
    public const string Connections = "Microsoft.Network/connections";
    public const string VirtualNetworks = "Microsoft.Network/virtualNetworks";
    public const string PrivateClouds = "Microsoft.AVS/privateClouds";

    public static readonly IReadOnlyList<string> All = [VirtualHubs, ExpressRouteCircuits, VirtualNetworkGateways, Connections, VirtualNetworks, PrivateClouds];

    /// <summary>
    /// ARM serves a subscription-wide list for these; virtualNetworkGateways and connections are listed
    /// per resource group only (VirtualNetworkGateways_List, VirtualNetworkGatewayConnections_List).
    /// </summary>
    public static bool ListedPerResourceGroup(string type) =>
        type.Equals(VirtualNetworkGateways, StringComparison.OrdinalIgnoreCase) || type.Equals(Connections, StringComparison.OrdinalIgnoreCase);

    public static string ApiVersion(string type) => type.StartsWith("Microsoft.AVS", StringComparison.OrdinalIgnoreCase) ? ApiVersions.Avs : ApiVersions.Network;
}
