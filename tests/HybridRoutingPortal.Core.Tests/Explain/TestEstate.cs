using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Tests.Explain;

/// <summary>An NVA peered with Route Server: what it originates, per instance where it differs.</summary>
public sealed record NvaSpec(string Name, long Asn, string Address, IReadOnlyList<(IpPrefix Prefix, AsPath? Path, int? OnlyInstance)> Routes)
{
    public static NvaSpec Of(string name, long asn, string address, params string[] prefixes) =>
        new(name, asn, address, prefixes.Select(p => (IpPrefix.Parse(p), (AsPath?)null, (int?)null)).ToArray());
}

/// <summary>A route table attached to the probe NIC's subnet in spoke 0: its "Propagate gateway routes" switch and its user routes.</summary>
public sealed record RouteTableSpec(bool DisableBgpRoutePropagation, IReadOnlyList<(string Prefix, string NextHopType, string? NextHop)> Routes, IReadOnlyList<string>? Unresolved = null)
{
    public static RouteTableSpec With(params (string Prefix, string NextHopType, string? NextHop)[] routes) => new(false, routes, []);
}

/// <summary>An on-prem site behind its own circuit.</summary>
public sealed record SiteSpec(string Name, long Asn, IReadOnlyList<IpPrefix> Prefixes, string Tier = "Standard", BgpState Secondary = BgpState.Connected);

/// <summary>
/// A hybrid estate described the way any source describes one (a Topology with typed facts, vantage points,
/// origins): on-prem sites behind circuits, a hub with an ExpressRoute gateway and Route Server, NVAs, spokes and
/// an AVS private cloud behind its own circuit. Healthy by default (the NVA hairpin); tests inject one fault.
/// </summary>
public sealed record TestEstate
{
    public const string Sub = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg";
    public const long AvsAsn = 4200000200;

    public IReadOnlyList<SiteSpec> Sites { get; init; } =
        [new("contoso", 65001, [IpPrefix.Parse("10.10.0.0/16"), IpPrefix.Parse("10.20.0.0/16"), IpPrefix.Parse("2001:db8:100::/48")])];

    public IReadOnlyList<NvaSpec> Nvas { get; init; } = [NvaSpec.Of("fw01", 65010, "10.100.2.4", "0.0.0.0/0", "10.0.0.0/11", "10.200.0.0/15")];

    public bool BranchToBranch { get; init; } = true;

    public bool GlobalReach { get; init; }

    public bool Avs { get; init; } = true;

    public IReadOnlyList<IpPrefix> AvsSegments { get; init; } = [IpPrefix.Parse("10.201.1.0/24"), IpPrefix.Parse("10.201.2.0/24")];

    public IReadOnlyList<IpPrefix> HubSpace { get; init; } = [IpPrefix.Parse("10.100.0.0/22"), IpPrefix.Parse("2001:db8:a::/48")];

    public IReadOnlyList<IpPrefix> Spokes { get; init; } = [IpPrefix.Parse("10.101.0.0/20")];

    public BgpState SpokePeering { get; init; } = BgpState.Connected;

    /// <summary>The spokes' peerings use the hub's gateway and Route Server (useRemoteGateways).</summary>
    public bool SpokeUsesRemoteGateways { get; init; } = true;

    /// <summary>The hub's peerings allow gateway transit.</summary>
    public bool HubAllowsTransit { get; init; } = true;

    /// <summary>A probe VM's NIC in spoke 0 and each NVA's NIC in the hub, their effective routes watched.</summary>
    public bool Nics { get; init; } = true;

    /// <summary>The route table of spoke 0's workload subnet, if it has one.</summary>
    public RouteTableSpec? SpokeRouteTable { get; init; }

    /// <summary>The Global Reach design: no transit NVA, the circuits meet directly; the NVA only gives a default route.</summary>
    public static TestEstate GlobalReachDesign => new() { GlobalReach = true, Nvas = [NvaSpec.Of("fw01", 65010, "10.100.2.4", "0.0.0.0/0")] };

    public static readonly IpPrefix AvsBlock = IpPrefix.Parse("10.200.0.0/22");

    public static string CircuitId(string name) => $"{Sub}/providers/Microsoft.Network/expressRouteCircuits/er-{name}";

    public static string PeeringId(string name) => CircuitId(name) + "/peerings/AzurePrivatePeering";

    public const string GatewayId = Sub + "/providers/Microsoft.Network/virtualNetworkGateways/ergw";
    public const string RouteServerId = Sub + "/providers/Microsoft.Network/virtualHubs/rs";
    public const string HubId = Sub + "/providers/Microsoft.Network/virtualNetworks/hub";
    public const string CloudId = Sub + "/providers/Microsoft.AVS/privateClouds/avs";
    public static readonly string[] Instances = ["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"];

    public static string SpokeId(int i) => $"{Sub}/providers/Microsoft.Network/virtualNetworks/spoke{i}";

    public static string ConnectionId(string nva) => $"{RouteServerId}/bgpConnections/{nva}";


    // Vantage ids, for assertions.
    public static string CircuitTable(string site, CircuitPath path) => StandardVantages.CircuitTable(PeeringId(site), path.ArmName());
    public static string RsLearned(string nva, int i) => StandardVantages.RouteServer(ConnectionId(nva), true, Instances[i]);
    public static string RsAdvertised(string nva, int i) => StandardVantages.RouteServer(ConnectionId(nva), false, Instances[i]);
    public static readonly string GatewayLearned = StandardVantages.GatewayLearned(GatewayId);
    public string GatewayAdvertised(string circuit, int path) => StandardVantages.GatewayAdvertised(GatewayId, MseeOf(circuit, path));
    public static readonly string AvsVantage = StandardVantages.AvsSegments(CloudId);
    public static string VnetVantage(string vnetId) => StandardVantages.VnetAddressSpace(vnetId);
    public const string ProbeNicId = Sub + "/providers/Microsoft.Network/networkInterfaces/vm-probe-nic";
    public const string RouteTableId = Sub + "/providers/Microsoft.Network/routeTables/rt-spoke0";
    public static readonly string ProbeNic = StandardVantages.NicEffectiveRoutes(ProbeNicId);
    public static string NvaNic(string nva) => StandardVantages.NicEffectiveRoutes($"{Sub}/providers/Microsoft.Network/networkInterfaces/{nva}-nic");
    public static string SpokeSubnet(int i) => SpokeId(i) + "/subnets/workload";


    public string MseeOf(string circuit, int path)
    {
        var names = Sites.Select(s => s.Name).Append("avs").ToList();
        return $"10.100.0.{16 + (names.IndexOf(circuit) * 2) + path}";
    }

    public (Topology Topology, IReadOnlyList<VantagePoint> Vantages, EstateOrigins Origins) Build()
    {
        var n = StandardVantages.Node;
        var nodes = new List<TopologyNode>();
        var links = new List<TopologyLink>();
        var vantages = new List<VantagePoint>();
        var origins = new List<PrefixOrigin>();

        nodes.Add(new TopologyNode(n(HubId), NodeKind.HubVnet, "hub", HubId, null, new NodeFacts { Prefixes = HubSpace }));
        vantages.Add(new VantagePoint(VnetVantage(HubId), VantageKind.VnetAddressSpace, "hub · address space", n(HubId), HubId));
        origins.AddRange(HubSpace.Select(p => new PrefixOrigin(p, OriginKind.Vnet, n(HubId), AsPath.Empty)));
        for (var i = 0; i < Spokes.Count; i++)
        {
            var id = SpokeId(i);
            nodes.Add(new TopologyNode(n(id), NodeKind.SpokeVnet, $"spoke{i}", id, null, new NodeFacts { Prefixes = [Spokes[i]] }));
            links.Add(new TopologyLink($"peer/{i}", LinkKind.VnetPeering, n(HubId), n(id), "peering", SpokePeering,
                Peering: new PeeringFacts(new PeeringSide(HubAllowsTransit, false, SpokePeering), new PeeringSide(false, SpokeUsesRemoteGateways, SpokePeering))));
            vantages.Add(new VantagePoint(VnetVantage(id), VantageKind.VnetAddressSpace, $"spoke{i} · address space", n(id), id));
            origins.Add(new PrefixOrigin(Spokes[i], OriginKind.Vnet, n(id), AsPath.Empty));
        }

        nodes.Add(new TopologyNode(n(GatewayId), NodeKind.ExpressRouteGateway, "ergw", GatewayId, null,
            new NodeFacts { Asn = AzureAsns.Azure, Sku = "ErGw2AZ", Addresses = ["10.100.0.4", "10.100.0.5"] }));
        links.Add(new TopologyLink("in/gw", LinkKind.Contains, n(HubId), n(GatewayId), "GatewaySubnet"));
        vantages.Add(new VantagePoint(GatewayLearned, VantageKind.GatewayLearned, "ergw · learned", n(GatewayId), GatewayId));

        nodes.Add(new TopologyNode(n(RouteServerId), NodeKind.RouteServer, "rs", RouteServerId, null,
            new NodeFacts { Asn = AzureAsns.Azure, Addresses = ["10.100.1.4", "10.100.1.5"], BranchToBranch = BranchToBranch }));
        links.Add(new TopologyLink("in/rs", LinkKind.Contains, n(HubId), n(RouteServerId), "RouteServerSubnet"));
        links.Add(new TopologyLink("bgp/rs-gw", LinkKind.BgpSession, n(RouteServerId), n(GatewayId), "iBGP", BranchToBranch ? BgpState.Connected : BgpState.Disabled));

        void Circuit(string name, string tier)
        {
            var id = CircuitId(name);
            nodes.Add(new TopologyNode(n(id), NodeKind.ExpressRouteCircuit, $"er-{name}", id, null,
                new NodeFacts { Asn = AzureAsns.MicrosoftEdge, Sku = tier, Addresses = [MseeOf(name, 0), MseeOf(name, 1)] }));
            links.Add(new TopologyLink($"er/{name}", LinkKind.ExpressRouteConnection, n(id), n(GatewayId), $"conn-{name}", BgpState.Connected));
            foreach (var path in CircuitPaths.Both)
            {
                vantages.Add(new VantagePoint(GatewayAdvertised(name, (int)path), VantageKind.GatewayAdvertised, $"ergw → er-{name} {path.ArmName()} · advertised",
                    n(GatewayId), GatewayId, n(id), MseeOf(name, (int)path)));
            }
        }

        foreach (var site in Sites)
        {
            var node = StandardVantages.OnPremNode(site.Asn);
            nodes.Add(new TopologyNode(node, NodeKind.OnPremSite, site.Name, null, null, new NodeFacts { Asn = site.Asn, Addresses = [$"192.168.{site.Asn % 256}.1", $"192.168.{site.Asn % 256}.5"] }));
            Circuit(site.Name, site.Tier);
            var circuit = CircuitId(site.Name);
            foreach (var path in CircuitPaths.Both)
            {
                links.Add(new TopologyLink($"bgp/{site.Name}/{path.ArmName()}", LinkKind.BgpSession, node, n(circuit), "eBGP",
                    path == CircuitPath.Primary ? BgpState.Connected : site.Secondary, path));
                vantages.Add(new VantagePoint(CircuitTable(site.Name, path), VantageKind.CircuitRouteTable, $"er-{site.Name} · {path.ArmName()}", n(circuit),
                    PeeringId(site.Name), node, path.ArmName(), new CircuitRef(circuit, $"er-{site.Name}", path)));
            }

            origins.AddRange(site.Prefixes.Select(p => new PrefixOrigin(p, OriginKind.OnPrem, node, AsPath.Of(site.Asn))));
        }

        if (Avs)
        {
            nodes.Add(new TopologyNode(n(CloudId), NodeKind.AvsPrivateCloud, "avs", CloudId, null, new NodeFacts { Asn = AvsAsn, Prefixes = [AvsBlock] }));
            Circuit("avs", "Standard");
            links.Add(new TopologyLink("avs/circuit", LinkKind.Contains, n(CloudId), n(CircuitId("avs")), "managed circuit"));
            vantages.Add(new VantagePoint(AvsVantage, VantageKind.AvsSegments, "avs · segments", n(CloudId), CloudId));
            origins.Add(new PrefixOrigin(AvsBlock, OriginKind.Avs, n(CloudId), AsPath.Of(AvsAsn), Role: AvsRole.ManagementBlock));
            for (var i = 0; i < AvsSegments.Count; i++)
            {
                var segmentId = $"{CloudId}/workloadNetworks/default/segments/seg{i}";
                nodes.Add(new TopologyNode(n(segmentId), NodeKind.AvsSegment, $"seg{i}", segmentId, null, new NodeFacts { Prefixes = [AvsSegments[i]] }));
                links.Add(new TopologyLink($"in/seg{i}", LinkKind.Contains, n(CloudId), n(segmentId), "segment"));
                origins.Add(new PrefixOrigin(AvsSegments[i], OriginKind.Avs, n(CloudId), AsPath.Of(AvsAsn), $"seg{i}", AvsRole.Segment));
            }

            if (GlobalReach)
            {
                foreach (var site in Sites)
                {
                    links.Add(new TopologyLink($"gr/{site.Name}", LinkKind.GlobalReach, n(CircuitId(site.Name)), n(CircuitId("avs")), "Global Reach"));
                }
            }
        }

        foreach (var nva in Nvas)
        {
            var node = StandardVantages.NvaNode(nva.Address);
            nodes.Add(new TopologyNode(node, NodeKind.Nva, nva.Name, null, null, new NodeFacts { Asn = nva.Asn, Addresses = [nva.Address] }));
            links.Add(new TopologyLink($"bgp/{nva.Name}", LinkKind.BgpSession, n(RouteServerId), node, "eBGP", BgpState.Connected));
            for (var i = 0; i < 2; i++)
            {
                vantages.Add(new VantagePoint(RsLearned(nva.Name, i), VantageKind.RouteServerLearned, $"rs ← {nva.Name} · IN_{i}", n(RouteServerId), ConnectionId(nva.Name), node, Instances[i]));
                vantages.Add(new VantagePoint(RsAdvertised(nva.Name, i), VantageKind.RouteServerAdvertised, $"rs → {nva.Name} · IN_{i}", n(RouteServerId), ConnectionId(nva.Name), node, Instances[i]));
            }

            origins.AddRange(nva.Routes.Select(r => new PrefixOrigin(r.Prefix, OriginKind.Nva, node, r.Path ?? AsPath.Of(nva.Asn),
                Instances: r.OnlyInstance is { } only ? new HashSet<int> { only } : null)));
        }

        if (Nics)
        {
            // The probe VM in spoke 0: its NIC in the workload subnet, and the subnet's route table.
            nodes.Add(new TopologyNode(n(ProbeNicId), NodeKind.NetworkInterface, "vm-probe-nic", ProbeNicId, null,
                new NodeFacts { Addresses = [HostIn(Spokes[0], 4)], Subnets = [SpokeSubnet(0)] }));
            links.Add(new TopologyLink("in/probe", LinkKind.Contains, n(SpokeId(0)), n(ProbeNicId), "workload"));
            vantages.Add(new VantagePoint(ProbeNic, VantageKind.NicEffectiveRoutes, "vm-probe-nic · effective routes", n(ProbeNicId), ProbeNicId));
            foreach (var nva in Nvas)
            {
                var nicId = $"{Sub}/providers/Microsoft.Network/networkInterfaces/{nva.Name}-nic";
                nodes.Add(new TopologyNode(n(nicId), NodeKind.NetworkInterface, $"{nva.Name}-nic", nicId, null,
                    new NodeFacts { Addresses = [nva.Address], Subnets = [HubId + "/subnets/snet-nva"] }));
                links.Add(new TopologyLink($"in/{nva.Name}-nic", LinkKind.Contains, n(HubId), n(nicId), "snet-nva"));
                vantages.Add(new VantagePoint(NvaNic(nva.Name), VantageKind.NicEffectiveRoutes, $"{nva.Name}-nic · effective routes", n(nicId), nicId));
            }
        }

        if (SpokeRouteTable is { } table)
        {
            nodes.Add(new TopologyNode(n(RouteTableId), NodeKind.RouteTable, "rt-spoke0", RouteTableId, null, new NodeFacts
            {
                DisableBgpRoutePropagation = table.DisableBgpRoutePropagation, Subnets = [SpokeSubnet(0)], UnresolvedNextHops = table.Unresolved,
            }));
            links.Add(new TopologyLink("rt/spoke0", LinkKind.RouteTableAssociation, n(RouteTableId), n(SpokeId(0)), "workload"));
            vantages.Add(new VantagePoint(StandardVantages.RouteTable(RouteTableId), VantageKind.RouteTable, "rt-spoke0 · routes", n(RouteTableId), RouteTableId));
            origins.AddRange(table.Routes.Select(r => new PrefixOrigin(IpPrefix.Parse(r.Prefix), OriginKind.UserRoute, n(RouteTableId), AsPath.Empty,
                NextHopType: r.NextHopType, NextHop: r.NextHop)));
        }

        return (new Topology(nodes, links), vantages, new EstateOrigins(origins));
    }

    private static string HostIn(IpPrefix subnet, int host)
    {
        var bytes = subnet.StartBytes;
        bytes[^1] += (byte)host;
        return new System.Net.IPAddress(bytes).ToString();
    }

    /// <summary>The model of the estate.</summary>
    public PropagationModel Model()
    {
        var (topology, vantages, origins) = Build();
        return new PropagationModel(RoutingEstate.From(topology, vantages), origins);
    }

    /// <summary>What the estate shows when every route propagates as the model says (faults in the facts show as they would).</summary>
    public Dictionary<string, List<Route>> Observe() =>
        Model().RoutesByVantage().ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);

    /// <summary>An explainer over an observation, with the origins read from it as for a source that does not describe them.</summary>
    public Explainer Explainer(Dictionary<string, List<Route>> observed, IReadOnlyDictionary<string, ObservationFailure?>? unknown = null, bool inferOrigins = true)
    {
        var (topology, vantages, origins) = Build();
        var routes = observed.ToDictionary(p => p.Key, p => (IReadOnlyList<Route>)p.Value, StringComparer.Ordinal);
        return Core.Explain.Explainer.For(topology, vantages, new ObservedRoutes(routes, unknown), DateTimeOffset.UnixEpoch, inferOrigins ? null : origins);
    }
}
