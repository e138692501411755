using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Propagation;
using static HybridRoutingPortal.Demo.ContosoEstate;

namespace HybridRoutingPortal.Demo;

/// <summary>
/// The Contoso estate as an input to the propagation model (Core/Propagation): it describes the estate
/// (<see cref="TopologyAt"/>, <see cref="VantagePoints"/>) and what each origin announces at a moment
/// (<see cref="Origins"/>); <see cref="PropagationModel"/> derives every vantage point's routes from them, by
/// the same Azure rules the explanations use:
/// <list type="bullet">
/// <item>on-prem → customer edge → MSEE (circuit tables, path 65001) → ER gateway (path 12076 65001);</item>
/// <item>AVS → its own circuit → ER gateway (path 12076 + AVS ASN); the gateway does not pass routes
/// between two circuits, so on-prem never sees AVS prefixes directly;</item>
/// <item>NVA → Route Server (eBGP, 65010) → with branch-to-branch on, ER gateway (iBGP) → both circuits
/// (path 65515 65010);</item>
/// <item>ER gateway → Route Server → NVA (path 65515 12076 …): what the NVA hears of on-prem and AVS;</item>
/// <item>the data plane: the gateway and Route Server program their routes into the NICs of the hub and of the spokes that use
/// them, unless a subnet's route table has "Propagate gateway routes" off; user routes and system routes join them, and Azure
/// uses, per prefix, a user route before a BGP route before a system route.</item>
/// </list>
/// </summary>
public static class RoutePropagation
{
    public static class Vantages
    {
        public static string RouteServerLearned(int instance) => StandardVantages.RouteServer(NvaConnectionId, true, RouteServerInstances[instance]);
        public static string RouteServerAdvertised(int instance) => StandardVantages.RouteServer(NvaConnectionId, false, RouteServerInstances[instance]);
        public static string CircuitTable(string path) => StandardVantages.CircuitTable(PrivatePeeringId, path);
        public static readonly string GatewayLearned = StandardVantages.GatewayLearned(GatewayId);
        public static string GatewayAdvertised(string msee) => StandardVantages.GatewayAdvertised(GatewayId, msee);
        public static readonly string AvsSegments = StandardVantages.AvsSegments(PrivateCloudId);
        public static string VnetSpace(string vnetId) => StandardVantages.VnetAddressSpace(vnetId);
        public static string Nic(string nicId) => StandardVantages.NicEffectiveRoutes(nicId);
        public static string RouteTable(string routeTableId) => StandardVantages.RouteTable(routeTableId);
    }

    public static IReadOnlyList<VantagePoint> VantagePoints()
    {
        var list = new List<VantagePoint>();
        for (var i = 0; i < 2; i++)
        {
            list.Add(new VantagePoint(Vantages.RouteServerLearned(i), VantageKind.RouteServerLearned,
                $"Route Server ← NVA fw01 · learned · IN_{i}", Node(RouteServerId), NvaConnectionId, NvaNode, RouteServerInstances[i]));
        }

        for (var i = 0; i < 2; i++)
        {
            list.Add(new VantagePoint(Vantages.RouteServerAdvertised(i), VantageKind.RouteServerAdvertised,
                $"Route Server → NVA fw01 · advertised · IN_{i}", Node(RouteServerId), NvaConnectionId, NvaNode, RouteServerInstances[i]));
        }

        foreach (var path in CircuitPaths.Both)
        {
            list.Add(new VantagePoint(Vantages.CircuitTable(path.ArmName()), VantageKind.CircuitRouteTable,
                $"{CircuitName} · private peering · {path.ArmName()}", Node(CircuitId), PrivatePeeringId, OnPremNode, path.ArmName(),
                new CircuitRef(CircuitId, CircuitName, path)));
        }

        list.Add(new VantagePoint(Vantages.GatewayLearned, VantageKind.GatewayLearned, "ergw-hub-weu · learned", Node(GatewayId), GatewayId));
        // The gateway peers with both MSEEs of each circuit (its BGP peer status lists all four).
        foreach (var msee in OnPremMsee)
        {
            list.Add(new VantagePoint(Vantages.GatewayAdvertised(msee), VantageKind.GatewayAdvertised,
                $"ergw-hub-weu → on-prem MSEE {msee} · advertised", Node(GatewayId), GatewayId, Node(CircuitId), msee));
        }

        foreach (var msee in AvsMsee)
        {
            list.Add(new VantagePoint(Vantages.GatewayAdvertised(msee), VantageKind.GatewayAdvertised,
                $"ergw-hub-weu → AVS MSEE {msee} · advertised", Node(GatewayId), GatewayId, Node(AvsCircuitId), msee));
        }

        list.Add(new VantagePoint(Vantages.AvsSegments, VantageKind.AvsSegments, "avs-contoso-weu · management block and segments",
            Node(PrivateCloudId), PrivateCloudId));
        foreach (var (id, name) in Vnets)
        {
            list.Add(new VantagePoint(Vantages.VnetSpace(id), VantageKind.VnetAddressSpace, $"{name} · address space", Node(id), id));
        }

        list.AddRange(Nics.Select(n => new VantagePoint(Vantages.Nic(n.Id), VantageKind.NicEffectiveRoutes, $"{n.Name} · effective routes", Node(n.Id), n.Id)));
        list.AddRange(RouteTables.Select(t => new VantagePoint(Vantages.RouteTable(t.Id), VantageKind.RouteTable, $"{t.Name} · routes", Node(t.Id), t.Id)));
        return list;
    }

    public static readonly IReadOnlyList<(string Id, string Name)> Vnets =
        [(HubVnetId, "vnet-hub-weu"), (SpokeAppVnetId, "vnet-spoke-app-weu"), (SpokeDataVnetId, "vnet-spoke-data-weu")];

    public static IReadOnlyList<IpPrefix> VnetPrefixes(string vnetId) => vnetId switch
    {
        HubVnetId => [HubSpace, HubSpaceV6],
        SpokeAppVnetId => [SpokeAppSpace],
        SpokeDataVnetId => [SpokeDataSpace],
        _ => [],
    };

    /// <summary>Hub and peered spokes (the spokes use the hub's gateway): what the gateway originates.</summary>
    public static IReadOnlyList<IpPrefix> AzureVnetPrefixes => [HubSpace, HubSpaceV6, SpokeAppSpace, SpokeDataSpace];

    public static IReadOnlyList<IpPrefix> AvsPrefixes(EstateState s) => [AvsManagementBlock, .. s.AvsSegments.Select(x => x.Subnet)];

    /// <summary>
    /// What each origin announces in state <paramref name="s"/>: the customer edge's prefixes, the NVA's per Route
    /// Server instance, AVS's block and segments, the VNets' address space.
    /// </summary>
    public static EstateOrigins Origins(EstateState s)
    {
        var origins = new List<PrefixOrigin>();
        origins.AddRange(s.OnPremAdvertised.Select(p => new PrefixOrigin(p, OriginKind.OnPrem, OnPremNode, AsPath.Of(OnPremAsn))));
        for (var i = 0; i < 2; i++)
        {
            var instance = i;
            origins.AddRange(s.NvaAdvertised(i).Select(p => new PrefixOrigin(p, OriginKind.Nva, NvaNode, AsPath.Of(NvaAsn), Instances: new HashSet<int> { instance })));
        }

        origins.Add(new PrefixOrigin(AvsManagementBlock, OriginKind.Avs, Node(PrivateCloudId), AsPath.Of(AvsAsn), Role: AvsRole.ManagementBlock));
        origins.AddRange(s.AvsSegments.Select(seg => new PrefixOrigin(seg.Subnet, OriginKind.Avs, Node(PrivateCloudId), AsPath.Of(AvsAsn), seg.Name, AvsRole.Segment)));
        origins.AddRange(Vnets.SelectMany(v => VnetPrefixes(v.Id).Select(p => new PrefixOrigin(p, OriginKind.Vnet, Node(v.Id), AsPath.Empty))));
        origins.AddRange(RouteTables.SelectMany(t => t.Routes.Select(r =>
            new PrefixOrigin(r.Prefix, OriginKind.UserRoute, Node(t.Id), AsPath.Empty, r.Name, NextHopType: r.NextHopType, NextHop: r.NextHop))));
        return new EstateOrigins(origins);
    }

    /// <summary>The propagation model of the estate in state <paramref name="s"/>.</summary>
    public static PropagationModel Model(EstateState s) => new(RoutingEstate.From(TopologyAt(s), VantagePoints()), Origins(s));

    /// <summary>Every vantage point's routes in state <paramref name="s"/>, as the model derives them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Route>> RoutesAt(EstateState s) => Cache.Get(s);

    public static IReadOnlyList<Route> RouteServerLearned(EstateState s, int instance) => RoutesAt(s)[Vantages.RouteServerLearned(instance)];

    public static IReadOnlyList<Route> RouteServerAdvertised(EstateState s, int instance) => RoutesAt(s)[Vantages.RouteServerAdvertised(instance)];

    public static IReadOnlyList<Route> CircuitTable(EstateState s, CircuitPath path) => RoutesAt(s)[Vantages.CircuitTable(path.ArmName())];

    /// <summary>What the gateway advertises to one MSEE; it advertises the same set to every one of them.</summary>
    public static IReadOnlyList<Route> GatewayAdvertised(EstateState s, string msee) => RoutesAt(s)[Vantages.GatewayAdvertised(msee)];

    public static IReadOnlyList<Route> GatewayAdvertised(EstateState s) => GatewayAdvertised(s, OnPremMsee[0]);

    public static IReadOnlyList<Route> GatewayLearned(EstateState s) => RoutesAt(s)[Vantages.GatewayLearned];

    public static IReadOnlyList<Route> AvsSegmentRoutes(EstateState s) => RoutesAt(s)[Vantages.AvsSegments];

    public static IReadOnlyList<Route> VnetSpace(string vnetId) =>
        VnetPrefixes(vnetId).Select(p => new Route(p, "", AsPath.Empty, RouteOrigins.Network)).ToArray();

    /// <summary>A NIC's effective routes in state <paramref name="s"/> (what Azure shows while its VM runs).</summary>
    public static IReadOnlyList<Route> NicRoutes(EstateState s, string nicId) => RoutesAt(s)[Vantages.Nic(nicId)];

    /// <summary>A route table's user routes.</summary>
    public static IReadOnlyList<Route> RouteTableRoutes(EstateState s, string routeTableId) => RoutesAt(s)[Vantages.RouteTable(routeTableId)];

    /// <summary>
    /// Collectors read one vantage point each from a state of their own: the last few states' routes are kept, so a
    /// poll cycle (and the backfill) runs the model once per distinct state, not once per collector.
    /// </summary>
    private static class Cache
    {
        private const int Size = 8;
        private static readonly LinkedList<(string Key, IReadOnlyDictionary<string, IReadOnlyList<Route>> Routes)> Recent = new();

        public static IReadOnlyDictionary<string, IReadOnlyList<Route>> Get(EstateState s)
        {
            var key = KeyOf(s);
            lock (Recent)
            {
                for (var node = Recent.First; node is not null; node = node.Next)
                {
                    if (node.Value.Key == key)
                    {
                        return node.Value.Routes;
                    }
                }
            }

            var routes = Model(s).RoutesByVantage();
            lock (Recent)
            {
                Recent.AddFirst((key, routes));
                while (Recent.Count > Size)
                {
                    Recent.RemoveLast();
                }
            }

            return routes;
        }

        private static string KeyOf(EstateState s) => string.Join('|',
            string.Join(',', s.OnPremAdvertised), s.SecondarySessionUp, string.Join(',', s.AvsSegments.Select(x => x.Name + "=" + x.Subnet)),
            string.Join(',', s.NvaAdvertisedIn0), string.Join(',', s.NvaAdvertisedIn1), s.BranchToBranch, string.Join(',', s.PropagationOff.Order(StringComparer.Ordinal)));
    }

    public static Topology TopologyAt(EstateState s)
    {
        var nodes = new List<TopologyNode>
        {
            new(OnPremNode, NodeKind.OnPremSite, "Contoso on-prem", null, $"AS {OnPremAsn} · Amsterdam, Rotterdam, Utrecht",
                new NodeFacts { Asn = OnPremAsn, Addresses = [CePrimary, CeSecondary] }),
            new(Node(CircuitId), NodeKind.ExpressRouteCircuit, CircuitName, CircuitId, "Equinix Amsterdam · 1 Gbps · Standard",
                new NodeFacts { Asn = MicrosoftEdgeAsn, Sku = "Standard", Addresses = OnPremMsee }),
            new(Node(GatewayId), NodeKind.ExpressRouteGateway, "ergw-hub-weu", GatewayId, $"ErGw2AZ · AS {AzureAsn}",
                new NodeFacts { Asn = AzureAsn, Sku = "ErGw2AZ", Addresses = GatewayInstances }),
            new(Node(HubVnetId), NodeKind.HubVnet, "vnet-hub-weu", HubVnetId, $"{HubSpace}, {HubSpaceV6}", new NodeFacts { Prefixes = [HubSpace, HubSpaceV6] }),
            new(Node(RouteServerId), NodeKind.RouteServer, "rs-hub-weu", RouteServerId,
                $"AS {AzureAsn} · {string.Join(", ", RouteServerIps)} · branch-to-branch {(s.BranchToBranch ? "on" : "off")}",
                new NodeFacts { Asn = AzureAsn, Addresses = RouteServerIps, BranchToBranch = s.BranchToBranch }),
            new(NvaNode, NodeKind.Nva, "NVA fw01", null, $"AS {NvaAsn} · {NvaIp}", new NodeFacts { Asn = NvaAsn, Addresses = [NvaIp] }),
            new(Node(SpokeAppVnetId), NodeKind.SpokeVnet, "vnet-spoke-app-weu", SpokeAppVnetId, SpokeAppSpace.ToString(), new NodeFacts { Prefixes = [SpokeAppSpace] }),
            new(Node(SpokeDataVnetId), NodeKind.SpokeVnet, "vnet-spoke-data-weu", SpokeDataVnetId, SpokeDataSpace.ToString(), new NodeFacts { Prefixes = [SpokeDataSpace] }),
            new(Node(AvsCircuitId), NodeKind.ExpressRouteCircuit, "AVS managed circuit", AvsCircuitId, $"Microsoft-managed, AS {MicrosoftEdgeAsn}",
                new NodeFacts { Asn = MicrosoftEdgeAsn, Addresses = AvsMsee }),
            new(Node(PrivateCloudId), NodeKind.AvsPrivateCloud, "avs-contoso-weu", PrivateCloudId, $"AV36P · block {AvsManagementBlock}",
                new NodeFacts { Asn = AvsAsn, Sku = "AV36P", Prefixes = [AvsManagementBlock] }),
        };
        nodes.AddRange(s.AvsSegments.Select(seg => new TopologyNode(Node(SegmentId(seg)), NodeKind.AvsSegment, seg.Name, SegmentId(seg), $"{seg.DisplayName} · {seg.Subnet}",
            new NodeFacts { Prefixes = [seg.Subnet] })));

        var links = new List<TopologyLink>
        {
            new("bgp/onprem-primary", LinkKind.BgpSession, OnPremNode, Node(CircuitId), $"eBGP primary {CePrimary}", BgpState.Connected, CircuitPath.Primary),
            new("bgp/onprem-secondary", LinkKind.BgpSession, OnPremNode, Node(CircuitId), $"eBGP secondary {CeSecondary}",
                s.SecondarySessionUp ? BgpState.Connected : BgpState.Idle, CircuitPath.Secondary),
            new("er/conn-er-contoso-ams", LinkKind.ExpressRouteConnection, Node(CircuitId), Node(GatewayId), "conn-er-contoso-ams"),
            new("er/conn-avs-weu", LinkKind.ExpressRouteConnection, Node(AvsCircuitId), Node(GatewayId), "conn-avs-weu"),
            new("avs/circuit", LinkKind.Contains, Node(PrivateCloudId), Node(AvsCircuitId), "managed circuit"),
            new("bgp/" + NvaConnectionName, LinkKind.BgpSession, Node(RouteServerId), NvaNode, $"eBGP {NvaConnectionName} ({AzureAsn} ↔ {NvaAsn})", BgpState.Connected),
            new("bgp/rs-gateway", LinkKind.BgpSession, Node(RouteServerId), Node(GatewayId), "iBGP branch-to-branch", s.BranchToBranch ? BgpState.Connected : BgpState.Disabled),
            SpokePeering("peer/hub-spoke-app", SpokeAppVnetId, "hub ↔ spoke-app"),
            SpokePeering("peer/hub-spoke-data", SpokeDataVnetId, "hub ↔ spoke-data"),
            new("in/hub-gateway", LinkKind.Contains, Node(HubVnetId), Node(GatewayId), "GatewaySubnet"),
            new("in/hub-rs", LinkKind.Contains, Node(HubVnetId), Node(RouteServerId), "RouteServerSubnet"),
            new("in/hub-nva", LinkKind.Contains, Node(HubVnetId), NvaNode, "snet-nva"),
        };
        links.AddRange(s.AvsSegments.Select(seg => new TopologyLink("in/" + seg.Name, LinkKind.Contains, Node(PrivateCloudId), Node(SegmentId(seg)), seg.Subnet.ToString())));

        // The data plane: watched NICs in their VNets, route tables attached to their subnets.
        foreach (var nic in Nics)
        {
            var vnet = SubnetIds.VnetOf(nic.SubnetId);
            nodes.Add(new TopologyNode(Node(nic.Id), NodeKind.NetworkInterface, nic.Name, nic.Id,
                $"{nic.Address} · {SubnetIds.NameOf(nic.SubnetId)}{(nic.Tagged ? $" · {WatchTag}" : " · NVA fw01")}{(s.StoppedVms.Contains(nic.VmId) ? " · VM stopped" : "")}",
                new NodeFacts { Addresses = [nic.Address], Subnets = [nic.SubnetId], VirtualMachine = nic.VmId }));
            links.Add(new TopologyLink("in/" + nic.Name, LinkKind.Contains, Node(vnet), Node(nic.Id), SubnetIds.NameOf(nic.SubnetId)));
        }

        foreach (var table in RouteTables)
        {
            var off = s.PropagationOff.Contains(table.Id);
            nodes.Add(new TopologyNode(Node(table.Id), NodeKind.RouteTable, table.Name, table.Id,
                $"{table.Routes.Count} route(s) · gateway route propagation {(off ? "off" : "on")}",
                new NodeFacts { DisableBgpRoutePropagation = off, Subnets = table.Subnets, UnresolvedNextHops = [] }));
            foreach (var vnet in table.Subnets.GroupBy(SubnetIds.VnetOf, StringComparer.OrdinalIgnoreCase))
            {
                links.Add(new TopologyLink($"rt/{table.Name}/{Node(vnet.Key)}", LinkKind.RouteTableAssociation, Node(table.Id), Node(vnet.Key),
                    string.Join(", ", vnet.Select(SubnetIds.NameOf))));
            }
        }

        return new Topology(nodes, links);
    }

    /// <summary>A hub–spoke peering: the hub allows gateway transit, the spoke uses the hub's gateway and Route Server.</summary>
    private static TopologyLink SpokePeering(string id, string spokeId, string label)
    {
        var facts = new PeeringFacts(new PeeringSide(AllowGatewayTransit: true, UseRemoteGateways: false, BgpState.Connected),
            new PeeringSide(AllowGatewayTransit: false, UseRemoteGateways: true, BgpState.Connected));
        return new(id, LinkKind.VnetPeering, Node(HubVnetId), Node(spokeId), $"{label} · {facts.GatewayUse}", BgpState.Connected, Peering: facts);
    }
}
