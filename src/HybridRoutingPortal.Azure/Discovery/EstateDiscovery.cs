using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Azure.Discovery;

/// <summary>
/// Finds the estate: one Azure Resource Graph query across the subscriptions for the resource ids
/// (falling back to the generic per-subscription resource listing when Resource Graph fails), then
/// each resource's details with bounded concurrency. A resource that cannot be read is left out with a
/// warning; discovery as a whole only fails when nothing at all can be listed.
/// </summary>
public sealed class EstateDiscovery(IAzureNetworkApi api, AzureSourceOptions options, ILogger<EstateDiscovery> logger)
{
    public static readonly IReadOnlyList<string> ResourceTypes =
    [
        "Microsoft.Network/virtualHubs",
        "Microsoft.Network/expressRouteCircuits",
        "Microsoft.Network/virtualNetworkGateways",
        "Microsoft.Network/connections",
        "Microsoft.Network/virtualNetworks",
        "Microsoft.AVS/privateClouds",
    ];

    public async Task<DiscoveredEstate> DiscoverAsync(int maxConcurrency, CancellationToken ct)
    {
        var subscriptions = options.Subscriptions.Count > 0
            ? options.Subscriptions.ToArray()
            : (await api.ListSubscriptionsAsync(ct)).Where(s => s.State is null or "Enabled").Select(s => s.SubscriptionId).ToArray();
        var resources = await ListResourcesAsync(subscriptions, ct);
        var warnings = new List<string>();
        var byType = resources.GroupBy(r => r.Type, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), StringComparer.OrdinalIgnoreCase);
        string[] Ids(string type) => byType.GetValueOrDefault(type, []);

        var gate = new SemaphoreSlim(maxConcurrency);
        async Task<T?> Read<T>(string what, Func<Task<T>> read)
            where T : class
        {
            await gate.WaitAsync(ct);
            try
            {
                return await read();
            }
            catch (CollectionException ex)
            {
                lock (warnings)
                {
                    warnings.Add($"{what}: {ex.Reason}: {ex.Message}");
                }

                logger.LogWarning("Discovery could not read {What}: {Reason}: {Message}", what, ex.Reason, ex.Message);
                return null;
            }
            finally
            {
                gate.Release();
            }
        }

        var routeServers = Task.WhenAll(Ids("Microsoft.Network/virtualHubs").Select(id => Read(id, () => RouteServerAsync(id, ct))));
        var circuits = Task.WhenAll(Ids("Microsoft.Network/expressRouteCircuits").Select(id => Read(id, () => CircuitAsync(id, ct))));
        var gateways = Task.WhenAll(Ids("Microsoft.Network/virtualNetworkGateways").Select(id => Read(id, () => GatewayAsync(id, ct))));
        var connections = Task.WhenAll(Ids("Microsoft.Network/connections").Select(id => Read(id, () => ConnectionAsync(id, ct))));
        var vnets = Task.WhenAll(Ids("Microsoft.Network/virtualNetworks").Select(id => Read(id, () => VnetAsync(id, ct))));
        var clouds = Task.WhenAll(Ids("Microsoft.AVS/privateClouds").Select(id => Read(id, () => PrivateCloudAsync(id, ct))));
        await Task.WhenAll(routeServers, circuits, gateways, connections, vnets, clouds);

        return new DiscoveredEstate(
            // Virtual WAN hubs are virtualHubs too; a Route Server is the one with router IPs and no WAN.
            (await routeServers).OfType<RouteServerInfo>().Where(r => r.RouterIps.Count > 0).ToArray(),
            (await circuits).OfType<CircuitInfo>().ToArray(),
            (await gateways).OfType<GatewayInfo>().ToArray(),
            (await connections).OfType<ConnectionInfo>().ToArray(),
            (await vnets).OfType<VnetInfo>().ToArray(),
            (await clouds).OfType<PrivateCloudInfo>().ToArray(),
            warnings);
    }

    private async Task<IReadOnlyList<GraphResource>> ListResourcesAsync(string[] subscriptions, CancellationToken ct)
    {
        if (subscriptions.Length == 0)
        {
            return [];
        }

        if (options.UseResourceGraph)
        {
            try
            {
                return await api.QueryResourcesAsync(subscriptions, ResourceTypes, ct);
            }
            catch (CollectionException ex)
            {
                logger.LogInformation("Resource Graph unavailable ({Reason}: {Message}); listing resources per subscription", ex.Reason, ex.Message);
            }
        }

        var all = new List<GraphResource>();
        foreach (var subscription in subscriptions)
        {
            foreach (var type in ResourceTypes)
            {
                var apiVersion = type.StartsWith("Microsoft.AVS", StringComparison.OrdinalIgnoreCase) ? ApiVersions.Avs : ApiVersions.Network;
                var list = await api.ListBySubscriptionAsync<object>(subscription, type, apiVersion, ct);
                all.AddRange(list.Select(r => new GraphResource(r.Id, type, r.Name, subscription)));
            }
        }

        return all;
    }

    private async Task<RouteServerInfo> RouteServerAsync(string id, CancellationToken ct)
    {
        var hub = await api.GetAsync<ArmResource<VirtualHubProperties>>(id, ApiVersions.Network, ct);
        var props = hub.Properties;
        if (props?.VirtualWan?.Id is not null || props?.VirtualRouterIps is not { Count: > 0 })
        {
            return new RouteServerInfo(hub.Id, hub.Name, 0, [], false, null, []);
        }

        var connections = await api.ListChildrenAsync<BgpConnectionProperties>(hub.Id, "bgpConnections", ApiVersions.Network, ct);
        var ipConfigurations = await api.ListChildrenAsync<HubIpConfigurationProperties>(hub.Id, "ipConfigurations", ApiVersions.Network, ct);
        var subnet = ipConfigurations.Select(c => c.Properties?.Subnet?.Id).FirstOrDefault(s => s is not null);
        return new RouteServerInfo(hub.Id, hub.Name, props.VirtualRouterAsn ?? AzureAsns.Azure, props.VirtualRouterIps, props.AllowBranchToBranchTraffic ?? false,
            subnet is null ? null : VnetOfSubnet(subnet),
            connections.Where(c => c.Properties is not null)
                .Select(c => new BgpConnectionInfo(c.Id, c.Name, c.Properties!.PeerIp, c.Properties.PeerAsn, c.Properties.ConnectionState)).ToArray());
    }

    private async Task<CircuitInfo> CircuitAsync(string id, CancellationToken ct)
    {
        var circuit = await api.GetAsync<ExpressRouteCircuit>(id, ApiVersions.Network, ct);
        var peerings = await api.ListChildrenAsync<PeeringProperties>(circuit.Id, "peerings", ApiVersions.Network, ct);
        var privatePeering = peerings.FirstOrDefault(p =>
            string.Equals(p.Properties?.PeeringType, "AzurePrivatePeering", StringComparison.OrdinalIgnoreCase)
            || p.Name.Equals("AzurePrivatePeering", StringComparison.OrdinalIgnoreCase));
        PeeringInfo? peering = privatePeering is null
            ? null
            : new PeeringInfo(privatePeering.Id, privatePeering.Properties?.PeerASN, privatePeering.Properties?.PrimaryPeerAddressPrefix,
                privatePeering.Properties?.SecondaryPeerAddressPrefix,
                (privatePeering.Properties?.Connections ?? []).Select(c => c.Properties?.PeerExpressRouteCircuitPeering?.Id)
                    .OfType<string>().Select(CircuitOfPeering).ToArray());
        var sp = circuit.Properties?.ServiceProviderProperties;
        return new CircuitInfo(circuit.Id, circuit.Name, circuit.Sku?.Tier, sp?.ServiceProviderName, sp?.PeeringLocation, sp?.BandwidthInMbps, peering);
    }

    private async Task<GatewayInfo> GatewayAsync(string id, CancellationToken ct)
    {
        var gw = await api.GetAsync<ArmResource<VirtualNetworkGatewayProperties>>(id, ApiVersions.Network, ct);
        var subnet = gw.Properties?.IpConfigurations?.Select(c => c.Properties?.Subnet?.Id).FirstOrDefault(s => s is not null);
        return new GatewayInfo(gw.Id, gw.Name, gw.Properties?.GatewayType ?? "ExpressRoute", gw.Properties?.Sku?.Name,
            gw.Properties?.BgpSettings?.Asn, subnet is null ? null : VnetOfSubnet(subnet), gw.Properties?.ActiveActive ?? false);
    }

    private async Task<ConnectionInfo> ConnectionAsync(string id, CancellationToken ct)
    {
        var c = await api.GetAsync<ArmResource<ConnectionProperties>>(id, ApiVersions.Network, ct);
        return new ConnectionInfo(c.Id, c.Name, c.Properties?.ConnectionType, c.Properties?.VirtualNetworkGateway1?.Id, c.Properties?.Peer?.Id, c.Properties?.ConnectionStatus);
    }

    private async Task<VnetInfo> VnetAsync(string id, CancellationToken ct)
    {
        var vnet = await api.GetAsync<ArmResource<VirtualNetworkProperties>>(id, ApiVersions.Network, ct);
        var p = vnet.Properties;
        return new VnetInfo(vnet.Id, vnet.Name, p?.AddressSpace?.AddressPrefixes ?? [],
            (p?.Subnets ?? []).Select(s => s.Name).ToArray(),
            (p?.VirtualNetworkPeerings ?? []).Select(x => new VnetPeeringInfo(x.Name, x.Properties?.RemoteVirtualNetwork?.Id, x.Properties?.PeeringState, x.Properties?.UseRemoteGateways ?? false)).ToArray());
    }

    private async Task<PrivateCloudInfo> PrivateCloudAsync(string id, CancellationToken ct)
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

        return new PrivateCloudInfo(pc.Id, pc.Name, pc.Properties.NetworkBlock, pc.Sku?.Name, pc.Properties.Circuit?.ExpressRouteID,
            segments.Select(s => new SegmentInfo(s.Id, s.Name, s.Properties?.DisplayName, s.Properties?.Subnet?.GatewayAddress, s.Properties?.Status)).ToArray(),
            globalReach.Select(g => g.Properties?.PeerExpressRouteCircuit).OfType<string>().ToArray());
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
