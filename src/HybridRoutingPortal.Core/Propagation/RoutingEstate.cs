using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation;

/// <summary>
/// The estate the propagation model runs on: sites, circuits, gateways, Route Servers and their peers, VNets,
/// AVS private clouds, and which vantage point shows which <see cref="Station"/>. Built from what every source
/// stores (<see cref="From"/>), so the demo, the Azure collectors and tests describe estates the same way.
/// </summary>
public sealed class RoutingEstate
{
    private readonly Dictionary<string, SiteFacts> _sites;
    private readonly Dictionary<string, CircuitFacts> _circuits;
    private readonly Dictionary<string, GatewayFacts> _gateways;
    private readonly Dictionary<string, RouteServerFacts> _routeServers;
    private readonly Dictionary<(string RouteServer, string Peer), PeerFacts> _peers;
    private readonly Dictionary<string, VnetFacts> _vnets;
    private readonly Dictionary<string, PrivateCloudFacts> _clouds;
    private readonly Dictionary<string, NicFacts> _nics;
    private readonly Dictionary<string, RouteTableFacts> _routeTables;
    private readonly Dictionary<Station, List<VantagePoint>> _vantagesAt = [];
    private readonly Dictionary<string, Station> _stationOf = new(StringComparer.Ordinal);

    public RoutingEstate(
        IEnumerable<SiteFacts> sites,
        IEnumerable<CircuitFacts> circuits,
        IEnumerable<GatewayFacts> gateways,
        IEnumerable<RouteServerFacts> routeServers,
        IEnumerable<PeerFacts> peers,
        IEnumerable<VnetFacts> vnets,
        IEnumerable<PrivateCloudFacts> privateClouds,
        IReadOnlyList<VantagePoint> vantagePoints,
        IEnumerable<NicFacts>? nics = null,
        IEnumerable<RouteTableFacts>? routeTables = null)
    {
        _sites = sites.ToDictionary(s => s.NodeId, StringComparer.Ordinal);
        _circuits = circuits.ToDictionary(c => c.NodeId, StringComparer.Ordinal);
        _gateways = gateways.ToDictionary(g => g.NodeId, StringComparer.Ordinal);
        _routeServers = routeServers.ToDictionary(r => r.NodeId, StringComparer.Ordinal);
        _peers = peers.ToDictionary(p => (p.RouteServerNodeId, p.NodeId));
        _vnets = vnets.ToDictionary(v => v.NodeId, StringComparer.Ordinal);
        _clouds = privateClouds.ToDictionary(c => c.NodeId, StringComparer.Ordinal);
        _nics = (nics ?? []).ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        _routeTables = (routeTables ?? []).ToDictionary(r => r.NodeId, StringComparer.Ordinal);
        VantagePoints = vantagePoints;
        foreach (var vantage in vantagePoints)
        {
            if (StationFor(vantage) is { } station)
            {
                _stationOf[vantage.Id] = station;
                if (!_vantagesAt.TryGetValue(station, out var list))
                {
                    _vantagesAt[station] = list = [];
                }

                list.Add(vantage);
            }
        }
    }

    public IReadOnlyCollection<SiteFacts> Sites => _sites.Values;

    public IReadOnlyCollection<CircuitFacts> Circuits => _circuits.Values;

    public IReadOnlyCollection<GatewayFacts> Gateways => _gateways.Values;

    public IReadOnlyCollection<RouteServerFacts> RouteServers => _routeServers.Values;

    public IReadOnlyCollection<PeerFacts> Peers => _peers.Values;

    public IReadOnlyCollection<VnetFacts> Vnets => _vnets.Values;

    public IReadOnlyCollection<PrivateCloudFacts> PrivateClouds => _clouds.Values;

    public IReadOnlyCollection<NicFacts> Nics => _nics.Values;

    public IReadOnlyCollection<RouteTableFacts> RouteTables => _routeTables.Values;

    public IReadOnlyList<VantagePoint> VantagePoints { get; }

    public SiteFacts? Site(string nodeId) => _sites.GetValueOrDefault(nodeId);

    public CircuitFacts? Circuit(string nodeId) => _circuits.GetValueOrDefault(nodeId);

    public GatewayFacts? Gateway(string nodeId) => _gateways.GetValueOrDefault(nodeId);

    public RouteServerFacts? RouteServer(string nodeId) => _routeServers.GetValueOrDefault(nodeId);

    public PeerFacts? Peer(string routeServerNodeId, string peerNodeId) => _peers.GetValueOrDefault((routeServerNodeId, peerNodeId));

    public IEnumerable<PeerFacts> PeersOf(string routeServerNodeId) => _peers.Values.Where(p => p.RouteServerNodeId == routeServerNodeId);

    /// <summary>Every Route Server session of an NVA node (it may peer with more than one Route Server).</summary>
    public IEnumerable<PeerFacts> SessionsOf(string peerNodeId) => _peers.Values.Where(p => p.NodeId == peerNodeId);

    public VnetFacts? Vnet(string nodeId) => _vnets.GetValueOrDefault(nodeId);

    public PrivateCloudFacts? PrivateCloud(string nodeId) => _clouds.GetValueOrDefault(nodeId);

    public NicFacts? Nic(string nodeId) => _nics.GetValueOrDefault(nodeId);

    public RouteTableFacts? RouteTable(string nodeId) => _routeTables.GetValueOrDefault(nodeId);

    /// <summary>The NICs a hub's gateway and Route Server program routes into: the hub's own and those of the spokes peered with it.</summary>
    public IEnumerable<NicFacts> NicsServedBy(string hubNodeId) =>
        _nics.Values.Where(n => n.VnetNodeId is { } v && Vnet(v) is { } vnet && HubOf(vnet) == hubNodeId);

    /// <summary>The addresses of the NIC's VM: its own, and its VM's other NICs' (an NVA's trust and untrust sides).</summary>
    public IReadOnlyCollection<string> AddressesOfVm(NicFacts nic) =>
        nic.VirtualMachine is not { } vm ? nic.Addresses
        : _nics.Values.Where(n => string.Equals(n.VirtualMachine, vm, StringComparison.OrdinalIgnoreCase)).SelectMany(n => n.Addresses).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Why the gateway and Route Server program no route into a NIC, from the estate's facts: its spoke's peering is down,
    /// the spoke does not use the hub's gateway (or the hub offers no transit), or its subnet's route table has "Propagate
    /// gateway routes" off. Null when nothing keeps them out.
    /// </summary>
    public ReasonCode? WhyNoGatewayRoutes(NicFacts nic)
    {
        if (nic.VnetNodeId is { } vnetId && Vnet(vnetId) is { IsHub: false } spoke)
        {
            if (spoke.PeeringState is { } state && state.IsDown())
            {
                return ReasonCode.PeeringDisconnected;
            }

            if (spoke.WithoutRemoteGateway)
            {
                return ReasonCode.NoRemoteGateway;
            }
        }

        return nic.RouteTableNodeId is { } table && RouteTable(table)?.DisableBgpRoutePropagation == true ? ReasonCode.BgpPropagationDisabled : null;
    }

    /// <summary>The NICs of one VNet.</summary>
    public IEnumerable<NicFacts> NicsIn(string vnetNodeId) => _nics.Values.Where(n => n.VnetNodeId == vnetNodeId);

    /// <summary>The NICs whose subnet a route table is attached to.</summary>
    public IEnumerable<NicFacts> NicsUsing(string routeTableNodeId) => _nics.Values.Where(n => n.RouteTableNodeId == routeTableNodeId);

    /// <summary>
    /// The addresses of the NVAs that peer with Route Server and of every NIC of their VMs (an NVA's other NICs): a user route
    /// to one of these sends traffic to a known appliance.
    /// </summary>
    public IReadOnlySet<string> ApplianceAddresses()
    {
        var peers = _peers.Values.SelectMany(p => p.Addresses).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var all = new HashSet<string>(peers, StringComparer.OrdinalIgnoreCase);
        var nvaNics = _nics.Values.Where(n => n.Addresses.Any(peers.Contains)).ToArray();
        var vms = nvaNics.Select(n => n.VirtualMachine).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var nic in _nics.Values.Where(n => nvaNics.Contains(n) || (n.VirtualMachine is { } vm && vms.Contains(vm))))
        {
            all.UnionWith(nic.Addresses);
        }

        return all;
    }
    public IReadOnlyList<VantagePoint> VantagesAt(Station station) => _vantagesAt.TryGetValue(station, out var list) ? list : [];

    public Station? StationOf(string vantageId) => _stationOf.TryGetValue(vantageId, out var s) ? s : null;

    /// <summary>Circuits an on-prem site announces into (it has a customer-edge session on them).</summary>
    public IEnumerable<CircuitFacts> CircuitsOfSite(string siteNodeId) => _circuits.Values.Where(c => c.EdgeSessions.Any(e => e.SiteNodeId == siteNodeId));

    /// <summary>Route Servers that exchange routes with this gateway (same hub, or a branch-to-branch session).</summary>
    public IEnumerable<RouteServerFacts> RouteServersOf(string gatewayNodeId) => _routeServers.Values.Where(r => r.GatewayNodeIds.Contains(gatewayNodeId));

    /// <summary>The gateway and Route Servers a VNet's prefixes reach: its own hub's, or its hub's through a peering.</summary>
    public string? HubOf(VnetFacts vnet) => vnet.IsHub ? vnet.NodeId : vnet.HubNodeId;

    /// <summary>A name for people: the node's, with the path or instance where it matters.</summary>
    public string NameOf(string nodeId) =>
        _sites.TryGetValue(nodeId, out var s) ? s.Name
        : _circuits.TryGetValue(nodeId, out var c) ? c.Name
        : _gateways.TryGetValue(nodeId, out var g) ? g.Name
        : _routeServers.TryGetValue(nodeId, out var r) ? r.Name
        : _peers.Values.FirstOrDefault(p => p.NodeId == nodeId)?.Name
          ?? (_vnets.TryGetValue(nodeId, out var v) ? v.Name : _clouds.TryGetValue(nodeId, out var pc) ? pc.Name
              : _nics.TryGetValue(nodeId, out var nic) ? nic.Name : _routeTables.TryGetValue(nodeId, out var rt) ? rt.Name : nodeId);

    private Station? StationFor(VantagePoint v)
    {
        switch (v.Kind)
        {
            case VantageKind.CircuitRouteTable when v.Circuit is { } circuit:
                return new Station(StationKind.CircuitEdge, StandardVantages.Node(circuit.CircuitId), null, (int)circuit.Path);
            case VantageKind.GatewayLearned:
                return new Station(StationKind.GatewayRib, v.NodeId);
            case VantageKind.GatewayAdvertised:
                var (circuitNode, path) = CircuitOfMsee(v);
                return new Station(StationKind.GatewayToCircuit, v.NodeId, circuitNode ?? UnknownCircuit(v.Qualifier), path);
            case VantageKind.RouteServerLearned when v.PeerNodeId is not null:
                return new Station(StationKind.RouteServerIn, v.NodeId, v.PeerNodeId, InstanceIndex(v));
            case VantageKind.RouteServerAdvertised when v.PeerNodeId is not null:
                return new Station(StationKind.RouteServerOut, v.NodeId, v.PeerNodeId, InstanceIndex(v));
            case VantageKind.AvsSegments:
                return new Station(StationKind.PrivateCloud, v.NodeId);
            case VantageKind.VnetAddressSpace:
                return new Station(StationKind.Vnet, v.NodeId);
            case VantageKind.NicEffectiveRoutes:
                return new Station(StationKind.Nic, v.NodeId);
            case VantageKind.RouteTable:
                return new Station(StationKind.RouteTable, v.NodeId);
            default:
                return null;
        }
    }

    /// <summary>A gateway advertisement toward an MSEE whose circuit the estate does not say: modelled as a circuit of its own.</summary>
    public static string UnknownCircuit(string? msee) => "msee/" + (msee ?? "?");

    public static bool IsUnknownCircuit(string nodeId) => nodeId.StartsWith("msee/", StringComparison.Ordinal);

    private (string? Circuit, int Path) CircuitOfMsee(VantagePoint v)
    {
        foreach (var c in _circuits.Values)
        {
            var i = c.MseeAddresses.ToList().IndexOf(v.Qualifier ?? string.Empty);
            if (i >= 0 && (v.PeerNodeId is null || v.PeerNodeId == c.NodeId))
            {
                return (c.NodeId, Math.Min(i, 1));
            }
        }

        return (v.PeerNodeId is not null && _circuits.ContainsKey(v.PeerNodeId) ? v.PeerNodeId : null, 0);
    }

    /// <summary>Route Server instances are named RouteServiceRole_IN_0, _IN_1 by ARM: the trailing number is the instance.</summary>
    private static int InstanceIndex(VantagePoint v)
    {
        var q = v.Qualifier ?? string.Empty;
        var end = q.Length;
        while (end > 0 && char.IsAsciiDigit(q[end - 1]))
        {
            end--;
        }

        return end < q.Length && int.TryParse(q.AsSpan(end), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : 0;
    }

    /// <summary>
    /// Reads the estate from a topology and its vantage points. Only typed facts are read (node kinds, NodeFacts,
    /// link kinds and states, the circuit path of a customer-edge session); labels are used only as names for people.
    /// </summary>
    public static RoutingEstate From(Topology topology, IReadOnlyList<VantagePoint> vantagePoints)
    {
        var nodes = topology.Nodes.GroupBy(n => n.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        NodeKind? KindOf(string id) => nodes.TryGetValue(id, out var n) ? n.Kind : null;
        IEnumerable<TopologyLink> Links(LinkKind kind) => topology.Links.Where(l => l.Kind == kind);
        string? Other(TopologyLink l, string id) => l.From == id ? l.To : l.To == id ? l.From : null;
        NodeFacts F(TopologyNode n) => n.Facts ?? new NodeFacts();

        var sites = topology.Nodes.Where(n => n.Kind == NodeKind.OnPremSite)
            .Select(n => new SiteFacts(n.Id, n.Label, F(n).Asn, F(n).Addresses)).ToArray();

        // A private cloud "contains" its managed circuit.
        var cloudOfCircuit = Links(LinkKind.Contains)
            .Where(l => KindOf(l.From) == NodeKind.AvsPrivateCloud && KindOf(l.To) == NodeKind.ExpressRouteCircuit)
            .GroupBy(l => l.To).ToDictionary(g => g.Key, g => g.First().From, StringComparer.Ordinal);

        var circuits = topology.Nodes.Where(n => n.Kind == NodeKind.ExpressRouteCircuit).Select(n =>
        {
            var edge = Links(LinkKind.BgpSession).Where(l => Other(l, n.Id) is { } o && KindOf(o) == NodeKind.OnPremSite).ToArray();
            var sessions = edge.SelectMany(l =>
            {
                var site = Other(l, n.Id)!;
                // A session link that does not say its path stands for both.
                return l.Path is { } p ? [new EdgeSession(site, p, l.State)] : CircuitPaths.Both.Select(p => new EdgeSession(site, p, l.State));
            }).GroupBy(e => (e.SiteNodeId, e.Path)).Select(g => g.First()).ToArray();
            var connections = Links(LinkKind.ExpressRouteConnection)
                .Where(l => Other(l, n.Id) is { } o && KindOf(o) is NodeKind.ExpressRouteGateway)
                .Select(l => new CircuitConnection(Other(l, n.Id)!, l.State)).ToArray();
            var globalReach = Links(LinkKind.GlobalReach).Select(l => Other(l, n.Id)).OfType<string>()
                .Where(o => KindOf(o) == NodeKind.ExpressRouteCircuit).Distinct().ToArray();
            return new CircuitFacts(n.Id, n.Label, F(n).Sku, F(n).Addresses, sessions, cloudOfCircuit.GetValueOrDefault(n.Id), connections, globalReach);
        }).ToArray();

        string? HubContaining(string nodeId) => Links(LinkKind.Contains)
            .FirstOrDefault(l => l.To == nodeId && KindOf(l.From) is NodeKind.HubVnet or NodeKind.SpokeVnet)?.From;

        var gateways = topology.Nodes.Where(n => n.Kind == NodeKind.ExpressRouteGateway)
            .Select(n => new GatewayFacts(n.Id, n.Label, F(n).Asn ?? AzureAsns.Azure, F(n).Sku, F(n).Addresses, HubContaining(n.Id))).ToArray();

        var instancesSeen = vantagePoints.Where(v => v.Kind is VantageKind.RouteServerLearned or VantageKind.RouteServerAdvertised)
            .GroupBy(v => v.NodeId).ToDictionary(g => g.Key, g => g.Max(InstanceIndex) + 1, StringComparer.Ordinal);
        var routeServers = topology.Nodes.Where(n => n.Kind == NodeKind.RouteServer).Select(n =>
        {
            var hub = HubContaining(n.Id);
            var viaSession = Links(LinkKind.BgpSession).Select(l => Other(l, n.Id)).OfType<string>().Where(o => KindOf(o) == NodeKind.ExpressRouteGateway);
            var inHub = hub is null ? [] : gateways.Where(g => g.HubNodeId == hub).Select(g => g.NodeId);
            var instances = Math.Max(Math.Max(F(n).Addresses.Count, instancesSeen.GetValueOrDefault(n.Id)), 2);
            return new RouteServerFacts(n.Id, n.Label, F(n).Asn ?? AzureAsns.Azure, F(n).Addresses, F(n).BranchToBranch ?? false, hub,
                viaSession.Concat(inHub).Distinct().ToArray(), instances);
        }).ToArray();

        var peers = Links(LinkKind.BgpSession)
            .Select(l => (Link: l, Rs: KindOf(l.From) == NodeKind.RouteServer ? l.From : KindOf(l.To) == NodeKind.RouteServer ? l.To : null))
            .Where(x => x.Rs is not null && Other(x.Link, x.Rs) is { } o && KindOf(o) == NodeKind.Nva)
            .Select(x =>
            {
                var nva = nodes[Other(x.Link, x.Rs!)!];
                return new PeerFacts(nva.Id, nva.Label, x.Rs!, F(nva).Asn, F(nva).Addresses, x.Link.State);
            })
            .GroupBy(p => (p.RouteServerNodeId, p.NodeId)).Select(g => g.First()).ToArray();

        var hubs = topology.Nodes.Where(n => n.Kind == NodeKind.HubVnet).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var vnets = topology.Nodes.Where(n => n.Kind is NodeKind.HubVnet or NodeKind.SpokeVnet).Select(n =>
        {
            if (n.Kind == NodeKind.HubVnet)
            {
                return new VnetFacts(n.Id, n.Label, true, F(n).Prefixes, null, null);
            }

            var peering = Links(LinkKind.VnetPeering).FirstOrDefault(l => Other(l, n.Id) is { } o && hubs.Contains(o));
            if (peering is null)
            {
                return new VnetFacts(n.Id, n.Label, false, F(n).Prefixes, null, null);
            }

            var hub = Other(peering, n.Id)!;
            var spokeSide = peering.Peering?.SideOf(peering, n.Id);
            var hubSide = peering.Peering?.SideOf(peering, hub);
            return new VnetFacts(n.Id, n.Label, false, F(n).Prefixes, hub, WorseOf(peering.State, spokeSide?.State, hubSide?.State),
                spokeSide?.UseRemoteGateways, hubSide?.AllowGatewayTransit);
        }).ToArray();

        var routeTables = topology.Nodes.Where(n => n.Kind == NodeKind.RouteTable)
            .Select(n => new RouteTableFacts(n.Id, n.Label, F(n).DisableBgpRoutePropagation, F(n).Subnets, F(n).UnresolvedNextHops)).ToArray();
        var nics = topology.Nodes.Where(n => n.Kind == NodeKind.NetworkInterface).Select(n =>
        {
            // Its VNet from its subnet's id, else the VNet that contains it.
            var vnet = F(n).Subnets.Select(s => StandardVantages.Node(SubnetIds.VnetOf(s))).FirstOrDefault(nodes.ContainsKey)
                ?? Links(LinkKind.Contains).FirstOrDefault(l => l.To == n.Id && KindOf(l.From) is NodeKind.HubVnet or NodeKind.SpokeVnet)?.From;
            var table = routeTables.FirstOrDefault(t => t.Subnets.Any(s => F(n).Subnets.Any(x => SubnetIds.Same(s, x))));
            return new NicFacts(n.Id, n.Label, vnet, F(n).Subnets, F(n).Addresses, table?.NodeId, F(n).VirtualMachine);
        }).ToArray();

        var clouds = topology.Nodes.Where(n => n.Kind == NodeKind.AvsPrivateCloud).Select(n =>
        {
            var circuit = cloudOfCircuit.FirstOrDefault(p => p.Value == n.Id).Key;
            var segments = Links(LinkKind.Contains).Where(l => l.From == n.Id && KindOf(l.To) == NodeKind.AvsSegment).Select(l => nodes[l.To])
                .SelectMany(s => F(s).Prefixes.Select(p => new SegmentFacts(s.Id, ArmName(s), p))).ToArray();
            return new PrivateCloudFacts(n.Id, n.Label, F(n).Asn, F(n).Prefixes, circuit, segments);
        }).ToArray();

        return new RoutingEstate(sites, circuits, gateways, routeServers, peers, vnets, clouds, vantagePoints, nics, routeTables);
    }

    /// <summary>A peering is as up as its worse side: Connected only when every state known says so.</summary>
    private static BgpState? WorseOf(params BgpState?[] states)
    {
        var known = states.OfType<BgpState>().ToArray();
        if (known.Length == 0)
        {
            return null;
        }

        var down = known.Where(s => s.IsDown()).ToArray();
        return down.Length > 0 ? down[0] : known.Contains(BgpState.Connected) ? BgpState.Connected : known[0];
    }

    private static string ArmName(TopologyNode n) => (n.ResourceId ?? n.Id).TrimEnd('/').Split('/')[^1];
}
