using System.Text.Json.Nodes;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Demo.Signals;
using static HybridRoutingPortal.Demo.ContosoEstate;
using Route = HybridRoutingPortal.Core.Route;

namespace ArmEmulator;

/// <summary>Where each part of the estate lives and what it is called. Contoso's names by default; tests rename it.</summary>
public sealed record ArmEstateNaming(
    string HubSubscription,
    string ConnectivitySubscription,
    string AvsSubscription,
    string HubGroup,
    string ConnectivityGroup,
    string AvsGroup,
    string HubVnet,
    string[] Spokes,
    string RouteServer,
    string NvaConnection,
    string Gateway,
    string Circuit,
    string PrivateCloud)
{
    public static readonly ArmEstateNaming Contoso = new(
        SubscriptionId, SubscriptionId, SubscriptionId, "rg-contoso-hub-weu", "rg-contoso-connectivity-weu", "rg-contoso-avs-weu",
        "vnet-hub-weu", ["vnet-spoke-app-weu", "vnet-spoke-data-weu"], "rs-hub-weu", NvaConnectionName, "ergw-hub-weu", "er-contoso-ams", "avs-contoso-weu");

    private static string Rg(string sub, string rg) => $"/subscriptions/{sub}/resourceGroups/{rg}";

    public string HubVnetId => $"{Rg(HubSubscription, HubGroup)}/providers/Microsoft.Network/virtualNetworks/{HubVnet}";

    public string SpokeId(int i) => $"{Rg(HubSubscription, HubGroup)}/providers/Microsoft.Network/virtualNetworks/{Spokes[i]}";

    public string RouteServerId => $"{Rg(HubSubscription, HubGroup)}/providers/Microsoft.Network/virtualHubs/{RouteServer}";

    public string NvaConnectionId => $"{RouteServerId}/bgpConnections/{NvaConnection}";

    public string GatewayId => $"{Rg(HubSubscription, HubGroup)}/providers/Microsoft.Network/virtualNetworkGateways/{Gateway}";

    public string CircuitId => $"{Rg(ConnectivitySubscription, ConnectivityGroup)}/providers/Microsoft.Network/expressRouteCircuits/{Circuit}";

    public string PrivatePeeringId => $"{CircuitId}/peerings/AzurePrivatePeering";

    public string PrivateCloudId => $"{Rg(AvsSubscription, AvsGroup)}/providers/Microsoft.AVS/privateClouds/{PrivateCloud}";

    public string ConnectionId(string name) => $"{Rg(HubSubscription, HubGroup)}/providers/Microsoft.Network/connections/{name}";

    /// <summary>A data-plane resource (NIC, route table, VM) of the demo, in this estate's hub resource group.</summary>
    public string InHub(string demoId)
    {
        var parts = demoId.Split("/providers/", 2);
        return $"{Rg(HubSubscription, HubGroup)}/providers/{parts[1]}";
    }

    /// <summary>A subnet of the demo's VNets, in this estate's VNets.</summary>
    public string Subnet(string demoSubnetId)
    {
        var vnet = SubnetIds.VnetOf(demoSubnetId);
        var mapped = vnet.Equals(ContosoEstate.HubVnetId, StringComparison.OrdinalIgnoreCase) ? HubVnetId
            : vnet.Equals(ContosoEstate.SpokeAppVnetId, StringComparison.OrdinalIgnoreCase) ? SpokeId(0)
            : SpokeId(1);
        return mapped + demoSubnetId[vnet.Length..];
    }
}

/// <summary>
/// The Contoso estate of the demo in ARM's shapes (../shared/arm-examples), its routes computed by the
/// demo's propagation rules from a state the caller supplies at request time.
/// </summary>
public static class ContosoArmEstate
{
    /// <param name="into">An estate to add this one to (several estates served side by side); a new one when null.</param>
    /// <param name="stateAt">
    /// The state at any moment, for Azure Monitor's metrics of the past (a scenario, a simulated run); null: recorded from
    /// <paramref name="state"/> at every request the emulator answers.
    /// </param>
    /// <param name="dataPlane">Serve the demo's NICs and route tables too (off for benches that measure the control plane alone).</param>
    public static EmulatedEstate Build(Func<EstateState> state, ArmEstateNaming? naming = null, EmulatedEstate? into = null, Func<DateTimeOffset, EstateState>? stateAt = null, bool dataPlane = true)
    {
        var n = naming ?? ArmEstateNaming.Contoso;
        var estate = into ?? new EmulatedEstate();
        estate.Subscriptions.AddRange(new[] { n.HubSubscription, n.ConnectivitySubscription, n.AvsSubscription }.Distinct().Except(estate.Subscriptions, StringComparer.OrdinalIgnoreCase));

        // VNets with their subnets and peerings.
        var spokePrefixes = new[] { SpokeAppSpace, SpokeDataSpace };
        estate.Add(n.HubVnetId, "Microsoft.Network/virtualNetworks", new JsonObject
        {
            ["addressSpace"] = Prefixes(HubSpace, HubSpaceV6),
            ["subnets"] = new JsonArray(Subnet(n.HubVnetId, "GatewaySubnet", "10.100.0.0/27"), Subnet(n.HubVnetId, "RouteServerSubnet", "10.100.1.0/27"),
                Subnet(n.HubVnetId, "snet-nva", "10.100.2.0/27"), Subnet(n.HubVnetId, "snet-nva-untrust", "10.100.2.32/27")),
            ["virtualNetworkPeerings"] = new JsonArray([.. n.Spokes.Select((s, i) => Peering(n.HubVnetId, $"hub-to-{s}", n.SpokeId(i), spokePrefixes[i], useRemoteGateways: false))]),
            ["provisioningState"] = "Succeeded",
        });
        for (var i = 0; i < n.Spokes.Length; i++)
        {
            estate.Add(n.SpokeId(i), "Microsoft.Network/virtualNetworks", new JsonObject
            {
                ["addressSpace"] = Prefixes(spokePrefixes[i]),
                ["subnets"] = new JsonArray(Subnet(n.SpokeId(i), "snet-workload", spokePrefixes[i].ToString())),
                ["virtualNetworkPeerings"] = new JsonArray(Peering(n.SpokeId(i), $"{n.Spokes[i]}-to-hub", n.HubVnetId, HubSpace, useRemoteGateways: true)),
            });
        }

        // Route Server with its BGP connection to the NVA and its IP configuration in the hub.
        estate.Add(n.RouteServerId, "Microsoft.Network/virtualHubs", new JsonObject
        {
            ["sku"] = "Standard", ["virtualRouterAsn"] = AzureAsn, ["virtualRouterIps"] = new JsonArray([.. RouteServerIps.Select(ip => (JsonNode)ip)]),
            ["allowBranchToBranchTraffic"] = true, ["routingState"] = "Provisioned", ["provisioningState"] = "Succeeded",
            ["hubRoutingPreference"] = "ExpressRoute", ["virtualRouterAutoScaleConfiguration"] = new JsonObject { ["minCapacity"] = 2 },
        }, new JsonObject { ["kind"] = "RouteServer" });
        estate.Add(n.NvaConnectionId, "Microsoft.Network/virtualHubs/bgpConnections", new JsonObject
        {
            ["peerIp"] = NvaIp, ["peerAsn"] = NvaAsn, ["connectionState"] = "Connected", ["provisioningState"] = "Succeeded",
        });
        estate.Add($"{n.RouteServerId}/ipConfigurations/ipconfig1", "Microsoft.Network/virtualHubs/ipConfigurations", new JsonObject
        {
            ["privateIPAddress"] = RouteServerIps[0], ["subnet"] = new JsonObject { ["id"] = $"{n.HubVnetId}/subnets/RouteServerSubnet" },
        });
        estate.Action(n.NvaConnectionId, "learnedRoutes", _ => PerInstance(i => RoutePropagation.RouteServerLearned(state(), i)));
        estate.Action(n.NvaConnectionId, "advertisedRoutes", _ => PerInstance(i => RoutePropagation.RouteServerAdvertised(state(), i)));

        // The on-prem circuit and its private peering.
        estate.Add(n.CircuitId, "Microsoft.Network/expressRouteCircuits", new JsonObject
        {
            ["provisioningState"] = "Succeeded", ["circuitProvisioningState"] = "Enabled", ["serviceProviderProvisioningState"] = "Provisioned",
            ["serviceProviderProperties"] = new JsonObject { ["serviceProviderName"] = "Equinix", ["peeringLocation"] = "Amsterdam", ["bandwidthInMbps"] = 1000 },
            ["peerings"] = new JsonArray(), ["authorizations"] = new JsonArray(),
        }, new JsonObject { ["sku"] = new JsonObject { ["name"] = "Standard_MeteredData", ["tier"] = "Standard", ["family"] = "MeteredData" } });
        estate.Add(n.PrivatePeeringId, "Microsoft.Network/expressRouteCircuits/peerings", new JsonObject
        {
            ["peeringType"] = "AzurePrivatePeering", ["azureASN"] = MicrosoftEdgeAsn, ["peerASN"] = OnPremAsn,
            ["primaryPeerAddressPrefix"] = "192.168.255.0/30", ["secondaryPeerAddressPrefix"] = "192.168.255.4/30",
            ["state"] = "Enabled", ["vlanId"] = 200, ["expressRouteConnection"] = "", ["connections"] = new JsonArray(),
        });
        foreach (var devicePath in CircuitPaths.Both)
        {
            var path = devicePath.ArmName();
            estate.Action(n.PrivatePeeringId, $"routeTables/{path}", _ => new JsonObject
            {
                ["value"] = new JsonArray([.. RoutePropagation.CircuitTable(state(), devicePath).Select(CircuitRoute)]),
            });
            estate.Action(n.PrivatePeeringId, $"routeTablesSummary/{path}", _ =>
            {
                var s = state();
                var up = path == "primary" || s.SecondarySessionUp;
                return new JsonObject
                {
                    ["value"] = new JsonArray(new JsonObject
                    {
                        ["neighbor"] = path == "primary" ? CePrimary : CeSecondary, ["v"] = 4, ["as"] = OnPremAsn, ["upDown"] = up ? "12d03h" : "never",
                        ["statePfxRcd"] = up ? s.OnPremAdvertised.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Idle",
                    }),
                };
            });
        }

        // The ExpressRoute gateway in the hub, its connections to both circuits and its BGP RIB.
        estate.Add(n.GatewayId, "Microsoft.Network/virtualNetworkGateways", new JsonObject
        {
            ["gatewayType"] = "ExpressRoute", ["vpnType"] = "RouteBased", ["enableBgp"] = false, ["activeActive"] = false,
            ["sku"] = new JsonObject { ["name"] = "ErGw2AZ", ["tier"] = "ErGw2AZ" },
            ["bgpSettings"] = new JsonObject { ["asn"] = AzureAsn, ["bgpPeeringAddress"] = string.Join(",", GatewayInstances), ["peerWeight"] = 0 },
            ["ipConfigurations"] = new JsonArray(new JsonObject
            {
                ["id"] = $"{n.GatewayId}/ipConfigurations/default", ["name"] = "default",
                ["properties"] = new JsonObject { ["subnet"] = new JsonObject { ["id"] = $"{n.HubVnetId}/subnets/GatewaySubnet" } },
            }),
        });
        estate.Add(n.ConnectionId("conn-" + n.Circuit), "Microsoft.Network/connections", new JsonObject
        {
            ["connectionType"] = "ExpressRoute", ["virtualNetworkGateway1"] = new JsonObject { ["id"] = n.GatewayId },
            ["peer"] = new JsonObject { ["id"] = n.CircuitId }, ["connectionStatus"] = "Connected", ["routingWeight"] = 0,
        });
        estate.Add(n.ConnectionId("conn-" + n.PrivateCloud), "Microsoft.Network/connections", new JsonObject
        {
            ["connectionType"] = "ExpressRoute", ["virtualNetworkGateway1"] = new JsonObject { ["id"] = n.GatewayId },
            ["peer"] = new JsonObject { ["id"] = AvsCircuitId }, ["connectionStatus"] = "Connected", ["authorizationKey"] = "redacted",
        });
        estate.Action(n.GatewayId, "getLearnedRoutes", _ => new JsonObject { ["value"] = new JsonArray([.. RoutePropagation.GatewayLearned(state()).Select(PeerRoute)]) });
        estate.Action(n.GatewayId, "getAdvertisedRoutes", peer => OnPremMsee.Concat(AvsMsee).Contains(peer)
            ? new JsonObject { ["value"] = new JsonArray([.. RoutePropagation.GatewayAdvertised(state()).Select(PeerRoute)]) }
            : new JsonObject { ["value"] = new JsonArray() });
        estate.Action(n.GatewayId, "getBgpPeerStatus", _ => new JsonObject
        {
            ["value"] = new JsonArray([.. OnPremMsee.Concat(AvsMsee).Select((msee, i) => (JsonNode)new JsonObject
            {
                ["localAddress"] = GatewayInstances[i % 2], ["neighbor"] = msee, ["asn"] = MicrosoftEdgeAsn, ["state"] = "Connected",
                ["connectedDuration"] = "12.03:04:05", ["routesReceived"] = 6, ["messagesSent"] = 1000, ["messagesReceived"] = 1000,
            })]),
        });

        // The AVS private cloud and its segments.
        estate.Add(n.PrivateCloudId, "Microsoft.AVS/privateClouds", new JsonObject
        {
            ["networkBlock"] = AvsManagementBlock.ToString(), ["provisioningState"] = "Succeeded", ["internet"] = "Disabled",
            ["circuit"] = new JsonObject
            {
                ["expressRouteID"] = AvsCircuitId, ["expressRoutePrivatePeeringID"] = AvsCircuitId + "/peerings/AzurePrivatePeering",
                ["primarySubnet"] = "10.200.3.0/30", ["secondarySubnet"] = "10.200.3.4/30",
            },
            ["managementCluster"] = new JsonObject { ["clusterSize"] = 3, ["clusterId"] = 1 },
            ["endpoints"] = new JsonObject { ["vcsa"] = "https://10.200.0.2/", ["nsxtManager"] = "https://10.200.0.3/" },
        }, new JsonObject { ["sku"] = new JsonObject { ["name"] = "AV36P" } });
        estate.Add($"{n.PrivateCloudId}/workloadNetworks/default", "Microsoft.AVS/privateClouds/workloadNetworks", new JsonObject());
        SyncSegments(estate, n, state());
        AddMetrics(estate, n, state, stateAt);
        if (dataPlane)
        {
            AddDataPlane(estate, n, state);
        }

        return estate;
    }

    /// <summary>
    /// Route Server's, the circuit's and the gateway's platform metrics (<see cref="ContosoMetrics"/>), derived from the
    /// same state as the route tables, so a withdrawal shows in both, the metrics a couple of minutes later.
    /// </summary>
    private static void AddMetrics(EmulatedEstate estate, ArmEstateNaming n, Func<EstateState> state, Func<DateTimeOffset, EstateState>? stateAt)
    {
        if (stateAt is null)
        {
            var history = new StateHistory(state, () => estate.MetricsClock);
            estate.OnRequest(history.Observe);
            stateAt = history.At;
        }

        var last = (State: (EstateState?)null, Samples: (IReadOnlyList<MetricSample>)[]);
        var gate = new Lock();
        IReadOnlyList<MetricSample> Samples(DateTimeOffset at, MetricResource resource)
        {
            var s = stateAt(at);
            IReadOnlyList<MetricSample> all;
            lock (gate)
            {
                if (!ReferenceEquals(last.State, s))
                {
                    last = (s, ContosoMetrics.At(s));
                }

                all = last.Samples;
            }

            return all.Where(x => x.Resource == resource).ToArray();
        }

        estate.Metrics(n.RouteServerId, at => Samples(at, MetricResource.RouteServer));
        estate.Metrics(n.CircuitId, at => Samples(at, MetricResource.Circuit));
        estate.Metrics(n.GatewayId, at => Samples(at, MetricResource.Gateway));
    }

    /// <summary>
    /// The demo's data plane in ARM's shapes: its NICs (the NVA's two, a tagged probe VM per spoke), their effective routes as a
    /// long-running POST (refused with 400 while the VM is stopped), and the route tables with their subnets.
    /// </summary>
    private static void AddDataPlane(EmulatedEstate estate, ArmEstateNaming n, Func<EstateState> state)
    {
        foreach (var nic in Nics)
        {
            AddNic(estate, n.InHub(nic.Id), n.InHub(nic.VmId), n.Subnet(nic.SubnetId), nic.Address, nic.Tagged, enableIpForwarding: !nic.Tagged);
            estate.Action(n.InHub(nic.Id), "effectiveRouteTable", _ => EffectiveRoutes(RoutePropagation.NicRoutes(state(), nic.Id)));
            estate.Refuse(n.InHub(nic.Id), "effectiveRouteTable", () => state().StoppedVms.Contains(nic.VmId) ? VmNotRunning(nic.Name) : null);
        }

        SyncRouteTables(estate, n, state());
    }

    /// <summary>
    /// Azure answers 400 to a stopped or deallocated VM's NIC. The specs document no error code for it; the client must
    /// not depend on the one used here.
    /// </summary>
    public static ArmRefusal VmNotRunning(string nicName) =>
        new(400, "EmulatedVmNotRunning", $"Effective routes of network interface {nicName} are available only while its virtual machine is running.");

    /// <summary>A NIC in ARM's shape (NetworkInterfaceGet.json): one IP configuration, its VM, the watch tag where set.</summary>
    public static void AddNic(EmulatedEstate estate, string id, string? vmId, string subnetId, string address, bool tagged, bool enableIpForwarding = false)
    {
        var properties = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["ipConfigurations"] = new JsonArray(new JsonObject
            {
                ["name"] = "ipconfig1", ["id"] = $"{id}/ipConfigurations/ipconfig1",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded", ["privateIPAddress"] = address, ["privateIPAllocationMethod"] = "Static",
                    ["subnet"] = new JsonObject { ["id"] = subnetId }, ["primary"] = true, ["privateIPAddressVersion"] = "IPv4",
                },
            }),
            ["enableIPForwarding"] = enableIpForwarding, ["enableAcceleratedNetworking"] = true, ["primary"] = true,
        };
        if (vmId is not null)
        {
            properties["virtualMachine"] = new JsonObject { ["id"] = vmId };
        }

        estate.Add(id, "Microsoft.Network/networkInterfaces", properties, tagged ? new JsonObject { ["tags"] = new JsonObject { [WatchTag] = "true" } } : null);
    }

    /// <summary>The route tables as the state has them ("Propagate gateway routes" changes during the demo day).</summary>
    public static void SyncRouteTables(EmulatedEstate estate, ArmEstateNaming n, EstateState state)
    {
        foreach (var table in RouteTables)
        {
            var id = n.InHub(table.Id);
            estate.Add(id, "Microsoft.Network/routeTables", new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["disableBgpRoutePropagation"] = state.PropagationOff.Contains(table.Id),
                ["routes"] = new JsonArray([.. table.Routes.Select(r => (JsonNode)UserRouteJson(id, r))]),
                ["subnets"] = new JsonArray([.. table.Subnets.Select(sn => (JsonNode)new JsonObject { ["id"] = n.Subnet(sn) })]),
            });
        }
    }

    private static JsonObject UserRouteJson(string tableId, UserRoute r)
    {
        var properties = new JsonObject
        {
            ["provisioningState"] = "Succeeded", ["addressPrefix"] = r.Prefix.ToString(), ["nextHopType"] = r.NextHopType, ["hasBgpOverride"] = false,
        };
        if (r.NextHop is not null)
        {
            properties["nextHopIpAddress"] = r.NextHop;
        }

        return new JsonObject { ["name"] = r.Name, ["id"] = $"{tableId}/routes/{r.Name}", ["properties"] = properties };
    }

    /// <summary>
    /// Effective routes as ARM lists them: one row per source, state and next-hop type with all its next-hop addresses (ECMP);
    /// system routes of one kind list all their prefixes in one row (a VNet's address spaces), as the portal shows them.
    /// </summary>
    public static JsonObject EffectiveRoutes(IReadOnlyList<Route> routes)
    {
        var rows = new JsonArray();
        var byRow = routes.GroupBy(r => (r.Origin, r.State, r.NextHopType, Prefix: r.Origin == RouteOrigins.SystemRoute ? "" : r.Prefix.ToString()));
        foreach (var row in byRow)
        {
            var hops = row.Select(r => r.NextHop).Where(h => h.Length > 0).Distinct().ToArray();
            rows.Add(new JsonObject
            {
                ["disableBgpRoutePropagation"] = false, ["source"] = row.Key.Origin, ["state"] = row.Key.State?.ToString() ?? "Active",
                ["addressPrefix"] = new JsonArray([.. row.Select(r => r.Prefix.ToString()).Distinct().Select(p => (JsonNode)p)]),
                ["nextHopType"] = row.Key.NextHopType, ["nextHopIpAddress"] = new JsonArray([.. hops.Select(h => (JsonNode)h)]),
            });
        }

        return new JsonObject { ["value"] = rows };
    }

    /// <summary>Makes the segments ARM lists match the state (a segment added or removed in AVS).</summary>
    public static void SyncSegments(EmulatedEstate estate, ArmEstateNaming naming, EstateState state)
    {
        var prefix = $"{naming.PrivateCloudId}/workloadNetworks/default/segments/";
        foreach (var stale in estate.Resources.Keys.Where(k => k.StartsWith(EmulatedEstate.Normalize(prefix), StringComparison.Ordinal)).ToArray())
        {
            estate.Remove(stale);
        }

        foreach (var segment in state.AvsSegments)
        {
            var gateway = new System.Net.IPAddress([.. segment.Subnet.StartBytes.Take(3), (byte)(segment.Subnet.StartBytes[3] + 1)]);
            estate.Add(prefix + segment.Name, "Microsoft.AVS/privateClouds/workloadNetworks/segments", new JsonObject
            {
                ["displayName"] = segment.DisplayName, ["connectedGateway"] = "/infra/tier-1s/TNT42-T1",
                ["subnet"] = new JsonObject { ["dhcpRanges"] = new JsonArray(), ["gatewayAddress"] = $"{gateway}/{segment.Subnet.Length}" },
                ["portVif"] = new JsonArray(), ["status"] = "SUCCESS", ["revision"] = 1,
            });
        }
    }

    /// <summary>What each vantage point must show for a state, by the ids the collectors build.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Route>> Expected(EstateState s, ArmEstateNaming? naming = null)
    {
        var n = naming ?? ArmEstateNaming.Contoso;
        var expected = new Dictionary<string, IReadOnlyList<Route>>();
        for (var i = 0; i < 2; i++)
        {
            expected[StandardVantages.RouteServer(n.NvaConnectionId, true, RouteServerInstances[i])] = RoutePropagation.RouteServerLearned(s, i);
            expected[StandardVantages.RouteServer(n.NvaConnectionId, false, RouteServerInstances[i])] = RoutePropagation.RouteServerAdvertised(s, i);
        }

        foreach (var path in CircuitPaths.Both)
        {
            expected[StandardVantages.CircuitTable(n.PrivatePeeringId, path.ArmName())] = RoutePropagation.CircuitTable(s, path);
        }

        expected[StandardVantages.GatewayLearned(n.GatewayId)] = RoutePropagation.GatewayLearned(s);
        foreach (var msee in OnPremMsee.Concat(AvsMsee))
        {
            expected[StandardVantages.GatewayAdvertised(n.GatewayId, msee)] = RoutePropagation.GatewayAdvertised(s);
        }

        expected[StandardVantages.AvsSegments(n.PrivateCloudId)] = RoutePropagation.AvsSegmentRoutes(s);
        expected[StandardVantages.VnetAddressSpace(n.HubVnetId)] = RoutePropagation.VnetSpace(HubVnetId);
        expected[StandardVantages.VnetAddressSpace(n.SpokeId(0))] = RoutePropagation.VnetSpace(SpokeAppVnetId);
        expected[StandardVantages.VnetAddressSpace(n.SpokeId(1))] = RoutePropagation.VnetSpace(SpokeDataVnetId);
        foreach (var nic in Nics)
        {
            expected[StandardVantages.NicEffectiveRoutes(n.InHub(nic.Id))] = RoutePropagation.NicRoutes(s, nic.Id);
        }

        foreach (var table in RouteTables)
        {
            expected[StandardVantages.RouteTable(n.InHub(table.Id))] = RoutePropagation.RouteTableRoutes(s, table.Id);
        }

        return expected;
    }

    private static JsonObject PerInstance(Func<int, IReadOnlyList<Route>> routes) => new()
    {
        [RouteServerInstances[0]] = new JsonArray([.. routes(0).Select(PeerRoute)]),
        [RouteServerInstances[1]] = new JsonArray([.. routes(1).Select(PeerRoute)]),
    };

    private static JsonNode PeerRoute(Route r) => new JsonObject
    {
        ["localAddress"] = r.LocalAddress, ["network"] = r.Prefix.ToString(), ["nextHop"] = r.NextHop, ["sourcePeer"] = r.SourcePeer,
        ["origin"] = r.Origin, ["asPath"] = string.Join('-', r.AsPath.Asns), ["weight"] = r.Weight,
    };

    private static JsonNode CircuitRoute(Route r) => new JsonObject
    {
        ["network"] = r.Prefix.ToString(), ["nextHop"] = r.NextHop, ["locPrf"] = r.LocalPreference?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["weight"] = r.Weight ?? 0, ["path"] = r.AsPath.Text,
    };

    private static JsonObject Prefixes(params IpPrefix[] prefixes) =>
        new() { ["addressPrefixes"] = new JsonArray([.. prefixes.Select(p => (JsonNode)p.ToString())]) };

    private static JsonObject Subnet(string vnetId, string name, string prefix) => new()
    {
        ["id"] = $"{vnetId}/subnets/{name}", ["name"] = name, ["properties"] = new JsonObject { ["addressPrefix"] = prefix, ["provisioningState"] = "Succeeded" },
    };

    private static JsonObject Peering(string vnetId, string name, string remoteId, IpPrefix remoteSpace, bool useRemoteGateways) => new()
    {
        ["id"] = $"{vnetId}/virtualNetworkPeerings/{name}", ["name"] = name,
        ["properties"] = new JsonObject
        {
            ["remoteVirtualNetwork"] = new JsonObject { ["id"] = remoteId }, ["peeringState"] = "Connected", ["peeringSyncLevel"] = "FullyInSync",
            ["allowVirtualNetworkAccess"] = true, ["allowForwardedTraffic"] = true, ["allowGatewayTransit"] = !useRemoteGateways, ["useRemoteGateways"] = useRemoteGateways,
            ["remoteAddressSpace"] = Prefixes(remoteSpace),
        },
    };
}
