using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Discovery;

/// <summary>Reads what the collectors and the topology need of one resource of each type.</summary>
internal sealed class ResourceDetails(IAzureNetworkApi api)
{
    /// <summary>
    /// A Route Server, or null for a Virtual WAN hub (also a virtualHubs resource). A hub is a Route Server
    /// when it says so ("kind": "RouteServer") or has no Virtual WAN; one still provisioning has no router IPs yet.
    /// </summary>
    public async Task<RouteServerInfo?> RouteServerAsync(string id, CancellationToken ct)
    {
        var hub = await api.GetAsync<ArmResource<VirtualHubProperties>>(id, ApiVersions.Network, ct);
        var props = hub.Properties;
        var isRouteServer = string.Equals(hub.Kind, "RouteServer", StringComparison.OrdinalIgnoreCase) || props?.VirtualWan?.Id is null;
        if (!isRouteServer)
        {
            return null;
        }

        var connections = await api.ListChildrenAsync<BgpConnectionProperties>(hub.Id, "bgpConnections", ApiVersions.Network, ct);
        var ipConfigurations = await api.ListChildrenAsync<HubIpConfigurationProperties>(hub.Id, "ipConfigurations", ApiVersions.Network, ct);
        var subnet = ipConfigurations.Select(c => c.Properties?.Subnet?.Id).FirstOrDefault(s => s is not null);
        return new RouteServerInfo(hub.Id, hub.Name, props?.VirtualRouterAsn ?? AzureAsns.Azure, props?.VirtualRouterIps ?? [], props?.AllowBranchToBranchTraffic ?? false,
            subnet is null ? null : VnetOfSubnet(subnet),
            connections.Where(c => c.Properties is not null)
                .Select(c => new BgpConnectionInfo(c.Id, c.Name, c.Properties!.PeerIp, c.Properties.PeerAsn, c.Properties.ConnectionState)).ToArray(),
            props?.ProvisioningState, hub.Location);
    }

    public async Task<CircuitInfo> CircuitAsync(string id, CancellationToken ct)
    {
        var circuit = await api.GetAsync<ExpressRouteCircuit>(id, ApiVersions.Network, ct);
        var peerings = await api.ListChildrenAsync<PeeringProperties>(circuit.Id, "peerings", ApiVersions.Network, ct);
        var privatePeering = peerings.FirstOrDefault(p =>
            string.Equals(p.Properties?.PeeringType, "AzurePrivatePeering", StringComparison.OrdinalIgnoreCase)
            || p.Name.Equals("AzurePrivatePeering", StringComparison.OrdinalIgnoreCase));
        PeeringInfo? peering = privatePeering is null
            ? null
            : new PeeringInfo(privatePeering.Id, privatePeering.Properties?.PeerASN, privatePeering.Properties?.PrimaryPeerAddressPrefix,
                privatePeering.Properties?.SecondaryPeerAddressPrefix, GlobalReachPeers(circuit.Id, privatePeering.Properties));
        var sp = circuit.Properties?.ServiceProviderProperties;
        return new CircuitInfo(circuit.Id, circuit.Name, circuit.Sku?.Tier, sp?.ServiceProviderName, sp?.PeeringLocation, sp?.BandwidthInMbps, peering, circuit.Location);
    }

    /// <summary>
    /// The circuits at the other end of Global Reach: a link made from this circuit is in the peering's
    /// connections, one made from the other circuit in its peeredConnections. Either item names both
    /// peerings; the other end is the one that is not this circuit.
    /// </summary>
    public static IReadOnlyList<string> GlobalReachPeers(string circuitId, PeeringProperties? peering) =>
        (peering?.Connections ?? []).Concat(peering?.PeeredConnections ?? [])
            .SelectMany(c => new[] { c.Properties?.ExpressRouteCircuitPeering?.Id, c.Properties?.PeerExpressRouteCircuitPeering?.Id })
            .OfType<string>().Select(CircuitOfPeering)
            .Where(c => !c.Equals(circuitId, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    public async Task<GatewayInfo> GatewayAsync(string id, CancellationToken ct)
    {
        var gw = await api.GetAsync<ArmResource<VirtualNetworkGatewayProperties>>(id, ApiVersions.Network, ct);
        var subnet = gw.Properties?.IpConfigurations?.Select(c => c.Properties?.Subnet?.Id).FirstOrDefault(s => s is not null);
        return new GatewayInfo(gw.Id, gw.Name, gw.Properties?.GatewayType ?? "ExpressRoute", gw.Properties?.Sku?.Name,
            gw.Properties?.BgpSettings?.Asn, subnet is null ? null : VnetOfSubnet(subnet), gw.Properties?.ActiveActive ?? false, gw.Location);
    }

    public async Task<ConnectionInfo> ConnectionAsync(string id, CancellationToken ct)
    {
        var c = await api.GetAsync<ArmResource<ConnectionProperties>>(id, ApiVersions.Network, ct);
        return new ConnectionInfo(c.Id, c.Name, c.Properties?.ConnectionType, c.Properties?.VirtualNetworkGateway1?.Id, c.Properties?.Peer?.Id, c.Properties?.ConnectionStatus);
    }

    public async Task<VnetInfo> VnetAsync(string id, CancellationToken ct)
    {
        var vnet = await api.GetAsync<ArmResource<VirtualNetworkProperties>>(id, ApiVersions.Network, ct);
        var p = vnet.Properties;
        return new VnetInfo(vnet.Id, vnet.Name, p?.AddressSpace?.AddressPrefixes ?? [],
            (p?.Subnets ?? []).Select(s => s.Name).ToArray(),
            (p?.VirtualNetworkPeerings ?? []).Select(x => new VnetPeeringInfo(x.Name, x.Properties?.RemoteVirtualNetwork?.Id, x.Properties?.PeeringState, x.Properties?.UseRemoteGateways ?? false,
                x.Properties?.AllowGatewayTransit)).ToArray());
    }

    public async Task<PrivateCloudInfo> PrivateCloudAsync(string id, CancellationToken ct)
    {
        var pc = await api.GetAsync<PrivateCloud>(id, ApiVersions.Avs, ct);
        var segments = await api.ListChildrenAsync<SegmentProperties>(pc.Id, "workloadNetworks/default/segments", ApiVersions.AvsSegments, ct);
        IReadOnlyList<ArmResource<GlobalReachConnectionProperties>> globalReach = [];
        try
        {
            globalReach = await api.ListChildrenAsync<GlobalReachConnectionProperties>(pc.Id, "globalReachConnections", ApiVersions.Avs, ct);
        }
        catch (CollectionException ex) when (ex.Reason is FailureReason.NotFound)
        {
        }

        var primary = pc.Properties.Circuit?.ExpressRouteID;
        return new PrivateCloudInfo(pc.Id, pc.Name, pc.Properties.NetworkBlock, pc.Sku?.Name, primary,
            segments.Select(s => new SegmentInfo(s.Id, s.Name, s.Properties?.DisplayName, s.Properties?.Subnet?.GatewayAddress, s.Properties?.Status)).ToArray(),
            globalReach.Select(g => g.Properties?.PeerExpressRouteCircuit).OfType<string>().ToArray(),
            SecondaryCircuit(pc.Properties.Circuit, pc.Properties.SecondaryCircuit));
    }

    /// <summary>
    /// A stretched private cloud's second circuit, when it is a different one. The official stretched example
    /// repeats the primary's expressRouteID and differs only in the private peering id, so both are compared.
    /// </summary>
    private static string? SecondaryCircuit(AvsCircuit? primary, AvsCircuit? secondary)
    {
        if (secondary is null)
        {
            return null;
        }

        if (secondary.ExpressRouteID is { } id && !id.Equals(primary?.ExpressRouteID, StringComparison.OrdinalIgnoreCase))
        {
            return id;
        }

        var peering = secondary.ExpressRoutePrivatePeeringID is { } p ? CircuitOfPeering(p) : null;
        var primaryPeering = primary?.ExpressRoutePrivatePeeringID is { } q ? CircuitOfPeering(q) : null;
        return peering is not null && !peering.Equals(primaryPeering, StringComparison.OrdinalIgnoreCase) ? peering : null;
    }

    /// <summary>…/virtualNetworks/{vnet}/subnets/{subnet} → …/virtualNetworks/{vnet}.</summary>
    public static string VnetOfSubnet(string subnetId)
    {
        var i = subnetId.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
        return i < 0 ? subnetId : subnetId[..i];
    }

    /// <summary>…/expressRouteCircuits/{c}/peerings/{p} → …/expressRouteCircuits/{c}.</summary>
    public static string CircuitOfPeering(string peeringId)
    {
        var i = peeringId.IndexOf("/peerings/", StringComparison.OrdinalIgnoreCase);
        return i < 0 ? peeringId : peeringId[..i];
    }
}
