using HybridRoutingPortal.Core;
using static HybridRoutingPortal.Demo.ContosoEstate;

namespace HybridRoutingPortal.Demo;

/// <summary>
/// Derives what every vantage point of the Contoso estate shows from its <see cref="EstateState"/>,
/// following how routes really propagate:
/// <list type="bullet">
/// <item>on-prem → customer edge → MSEE (circuit tables, path 65001) → ER gateway (path 12076 65001);</item>
/// <item>AVS → its own circuit → ER gateway (path 12076 + AVS ASN); the gateway does not pass routes
/// between two circuits, so on-prem never sees AVS prefixes directly;</item>
/// <item>NVA → Route Server (eBGP, 65010) → with branch-to-branch on, ER gateway (iBGP) → both circuits
/// (path 65515 65010);</item>
/// <item>ER gateway → Route Server → NVA (path 65515 12076 …): what the NVA hears of on-prem and AVS.</item>
/// </list>
/// </summary>
public static class RoutePropagation
{
    public const long ExpressRouteWeight = 32769;
    public const long LocalWeight = 32768;

    public static class Vantages
    {
        public static string RouteServerLearned(int instance) => StandardVantages.RouteServer(NvaConnectionId, true, RouteServerInstances[instance]);
        public static string RouteServerAdvertised(int instance) => StandardVantages.RouteServer(NvaConnectionId, false, RouteServerInstances[instance]);
        public static string CircuitTable(string path) => StandardVantages.CircuitTable(PrivatePeeringId, path);
        public static readonly string GatewayLearned = StandardVantages.GatewayLearned(GatewayId);
        public static string GatewayAdvertised(string msee) => StandardVantages.GatewayAdvertised(GatewayId, msee);
        public static readonly string AvsSegments = StandardVantages.AvsSegments(PrivateCloudId);
        public static string VnetSpace(string vnetId) => StandardVantages.VnetAddressSpace(vnetId);
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

    /// <summary>NVA routes the gateway holds: the union of what either Route Server instance learned.</summary>
    public static IReadOnlyList<IpPrefix> NvaRoutesAtGateway(EstateState s) =>
        s.BranchToBranch ? s.NvaAdvertisedIn0.Union(s.NvaAdvertisedIn1).Order().ToArray() : [];

    public static IReadOnlyList<Route> RouteServerLearned(EstateState s, int instance) =>
        s.NvaAdvertised(instance)
            .Select(p => new Route(p, NvaIp, AsPath.Of(NvaAsn), "EBgp", LocalWeight, null, NvaIp, RouteServerIps[instance]))
            .ToArray();

    public static IReadOnlyList<Route> RouteServerAdvertised(EstateState s, int instance)
    {
        var local = RouteServerIps[instance];
        Route Adv(IpPrefix p, AsPath path) => new(p, local, path, "Igp", 0, null, local, local);

        // Route Server peers over IPv4 here: it advertises the IPv4 part of what it knows.
        var routes = AzureVnetPrefixes.Where(p => p.IsIPv4).Select(p => Adv(p, AsPath.Of(AzureAsn))).ToList();
        if (s.BranchToBranch)
        {
            routes.AddRange(OnPremAtGateway(s).Where(p => p.IsIPv4).Select(p => Adv(p, AsPath.Of(AzureAsn, MicrosoftEdgeAsn, OnPremAsn))));
            routes.AddRange(AvsPrefixes(s).Select(p => Adv(p, AsPath.Of(AzureAsn, MicrosoftEdgeAsn, AvsAsn))));
        }

        return routes;
    }

    /// <summary>On-prem prefixes the gateway has: whatever either MSEE learned from the customer edge.</summary>
    public static IReadOnlyList<IpPrefix> OnPremAtGateway(EstateState s) => s.OnPremAdvertised;

    public static IReadOnlyList<Route> CircuitTable(EstateState s, CircuitPath path)
    {
        var routes = new List<Route>();
        var primary = path == CircuitPath.Primary;
        if (primary || s.SecondarySessionUp)
        {
            var ce = primary ? CePrimary : CeSecondary;
            routes.AddRange(s.OnPremAdvertised.Select(p => new Route(p, ce, AsPath.Of(OnPremAsn), "", 0)));
        }

        // The gateway advertises the same set to both MSEEs; each MSEE holds an ECMP pair (one per gateway instance).
        foreach (var (prefix, asPath) in GatewayAdvertisedSet(s))
        {
            routes.AddRange(GatewayInstances.Select(gw => new Route(prefix, gw, asPath, "", 0)));
        }

        return routes;
    }

    /// <summary>What the gateway advertises to any circuit: its VNets and what Route Server gave it.
    /// Never routes learned from the other circuit: an ER gateway does not transit between circuits.</summary>
    public static IReadOnlyList<(IpPrefix Prefix, AsPath Path)> GatewayAdvertisedSet(EstateState s) =>
        [
            .. AzureVnetPrefixes.Select(p => (p, AsPath.Of(AzureAsn))),
            .. NvaRoutesAtGateway(s).Select(p => (p, AsPath.Of(AzureAsn, NvaAsn))),
        ];

    public static IReadOnlyList<Route> GatewayAdvertised(EstateState s) =>
        GatewayInstances.SelectMany(gw => GatewayAdvertisedSet(s).Select(x => new Route(x.Prefix, gw, x.Path, "Igp", 0, null, gw, gw)))
            .ToArray();

    public static IReadOnlyList<Route> GatewayLearned(EstateState s)
    {
        var routes = new List<Route>();
        foreach (var gw in GatewayInstances)
        {
            routes.AddRange(AzureVnetPrefixes.Select(p => new Route(p, "", AsPath.Empty, RouteOrigins.Network, LocalWeight, null, gw, gw)));

            var onPremPeers = s.SecondarySessionUp ? OnPremMsee : OnPremMsee[..1];
            foreach (var msee in onPremPeers)
            {
                routes.AddRange(s.OnPremAdvertised.Select(p =>
                    new Route(p, msee, AsPath.Of(MicrosoftEdgeAsn, OnPremAsn), "EBgp", ExpressRouteWeight, null, msee, gw)));
            }

            foreach (var msee in AvsMsee)
            {
                routes.AddRange(AvsPrefixes(s).Select(p =>
                    new Route(p, msee, AsPath.Of(MicrosoftEdgeAsn, AvsAsn), "EBgp", ExpressRouteWeight, null, msee, gw)));
            }

            if (s.BranchToBranch)
            {
                for (var rs = 0; rs < 2; rs++)
                {
                    routes.AddRange(s.NvaAdvertised(rs).Select(p =>
                        new Route(p, NvaIp, AsPath.Of(NvaAsn), "IBgp", 0, null, RouteServerIps[rs], gw)));
                }
            }
        }

        return routes;
    }

    public static IReadOnlyList<Route> AvsSegmentRoutes(EstateState s) =>
        [
            new Route(AvsManagementBlock, "", AsPath.Empty, RouteOrigins.AvsManagementBlock),
            .. s.AvsSegments.Select(seg => new Route(seg.Subnet, GatewayAddress(seg.Subnet), AsPath.Empty, RouteOrigins.AvsSegment, SourcePeer: seg.Name)),
        ];

    public static IReadOnlyList<Route> VnetSpace(string vnetId) =>
        VnetPrefixes(vnetId).Select(p => new Route(p, "", AsPath.Empty, RouteOrigins.Network)).ToArray();

    private static string GatewayAddress(IpPrefix subnet)
    {
        var bytes = subnet.StartBytes;
        bytes[^1] += 1;
        return new System.Net.IPAddress(bytes).ToString();
    }

    public static Topology TopologyAt(EstateState s)
    {
        var nodes = new List<TopologyNode>
        {
            new(OnPremNode, NodeKind.OnPremSite, "Contoso on-prem", null, $"AS {OnPremAsn} · Amsterdam, Rotterdam, Utrecht",
                new NodeFacts { Asn = OnPremAsn, Addresses = [CePrimary, CeSecondary] }),
            new(Node(CircuitId), NodeKind.ExpressRouteCircuit, CircuitName, CircuitId, "Equinix Amsterdam · 1 Gbps · Standard", new NodeFacts { Asn = MicrosoftEdgeAsn, Sku = "Standard" }),
            new(Node(GatewayId), NodeKind.ExpressRouteGateway, "ergw-hub-weu", GatewayId, $"ErGw2AZ · AS {AzureAsn}",
                new NodeFacts { Asn = AzureAsn, Sku = "ErGw2AZ", Addresses = GatewayInstances }),
            new(Node(HubVnetId), NodeKind.HubVnet, "vnet-hub-weu", HubVnetId, $"{HubSpace}, {HubSpaceV6}", new NodeFacts { Prefixes = [HubSpace, HubSpaceV6] }),
            new(Node(RouteServerId), NodeKind.RouteServer, "rs-hub-weu", RouteServerId,
                $"AS {AzureAsn} · {string.Join(", ", RouteServerIps)} · branch-to-branch {(s.BranchToBranch ? "on" : "off")}",
                new NodeFacts { Asn = AzureAsn, Addresses = RouteServerIps, BranchToBranch = s.BranchToBranch }),
            new(NvaNode, NodeKind.Nva, "NVA fw01", null, $"AS {NvaAsn} · {NvaIp}", new NodeFacts { Asn = NvaAsn, Addresses = [NvaIp] }),
            new(Node(SpokeAppVnetId), NodeKind.SpokeVnet, "vnet-spoke-app-weu", SpokeAppVnetId, SpokeAppSpace.ToString(), new NodeFacts { Prefixes = [SpokeAppSpace] }),
            new(Node(SpokeDataVnetId), NodeKind.SpokeVnet, "vnet-spoke-data-weu", SpokeDataVnetId, SpokeDataSpace.ToString(), new NodeFacts { Prefixes = [SpokeDataSpace] }),
            new(Node(AvsCircuitId), NodeKind.ExpressRouteCircuit, "AVS managed circuit", AvsCircuitId, $"Microsoft-managed, AS {MicrosoftEdgeAsn}", new NodeFacts { Asn = MicrosoftEdgeAsn }),
            new(Node(PrivateCloudId), NodeKind.AvsPrivateCloud, "avs-contoso-weu", PrivateCloudId, $"AV36P · block {AvsManagementBlock}",
                new NodeFacts { Asn = AvsAsn, Sku = "AV36P", Prefixes = [AvsManagementBlock] }),
        };
        nodes.AddRange(s.AvsSegments.Select(seg => new TopologyNode(Node(SegmentId(seg)), NodeKind.AvsSegment, seg.Name, SegmentId(seg), $"{seg.DisplayName} · {seg.Subnet}",
            new NodeFacts { Prefixes = [seg.Subnet] })));

        var links = new List<TopologyLink>
        {
            new("bgp/onprem-primary", LinkKind.BgpSession, OnPremNode, Node(CircuitId), $"eBGP primary {CePrimary}", BgpState.Connected),
            new("bgp/onprem-secondary", LinkKind.BgpSession, OnPremNode, Node(CircuitId), $"eBGP secondary {CeSecondary}", s.SecondarySessionUp ? BgpState.Connected : BgpState.Idle),
            new("er/conn-er-contoso-ams", LinkKind.ExpressRouteConnection, Node(CircuitId), Node(GatewayId), "conn-er-contoso-ams"),
            new("er/conn-avs-weu", LinkKind.ExpressRouteConnection, Node(AvsCircuitId), Node(GatewayId), "conn-avs-weu"),
            new("avs/circuit", LinkKind.Contains, Node(PrivateCloudId), Node(AvsCircuitId), "managed circuit"),
            new("bgp/" + NvaConnectionName, LinkKind.BgpSession, Node(RouteServerId), NvaNode, $"eBGP {NvaConnectionName} ({AzureAsn} ↔ {NvaAsn})", BgpState.Connected),
            new("bgp/rs-gateway", LinkKind.BgpSession, Node(RouteServerId), Node(GatewayId), "iBGP branch-to-branch", s.BranchToBranch ? BgpState.Connected : BgpState.Disabled),
            new("peer/hub-spoke-app", LinkKind.VnetPeering, Node(HubVnetId), Node(SpokeAppVnetId), "hub ↔ spoke-app"),
            new("peer/hub-spoke-data", LinkKind.VnetPeering, Node(HubVnetId), Node(SpokeDataVnetId), "hub ↔ spoke-data"),
            new("in/hub-gateway", LinkKind.Contains, Node(HubVnetId), Node(GatewayId), "GatewaySubnet"),
            new("in/hub-rs", LinkKind.Contains, Node(HubVnetId), Node(RouteServerId), "RouteServerSubnet"),
            new("in/hub-nva", LinkKind.Contains, Node(HubVnetId), NvaNode, "snet-nva"),
        };
        links.AddRange(s.AvsSegments.Select(seg => new TopologyLink("in/" + seg.Name, LinkKind.Contains, Node(PrivateCloudId), Node(SegmentId(seg)), seg.Subnet.ToString())));
        return new Topology(nodes, links);
    }
}
