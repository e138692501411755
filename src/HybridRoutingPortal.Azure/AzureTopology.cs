using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure;

/// <summary>Topology from ARM references: connections, peerings, Global Reach, subnets, BGP peers.</summary>
public static class AzureTopology
{
    public static Topology Build(DiscoveredEstate estate, SessionState sessions)
    {
        var nodes = new Dictionary<string, TopologyNode>();
        var links = new Dictionary<string, TopologyLink>();
        void Node(TopologyNode n) => nodes.TryAdd(n.Id, n);
        void Link(TopologyLink l) => links.TryAdd(l.Id, l);
        var n = StandardVantages.Node;

        foreach (var vnet in estate.Vnets)
        {
            Node(new TopologyNode(n(vnet.Id), vnet.IsHub ? NodeKind.HubVnet : NodeKind.SpokeVnet, vnet.Name, vnet.Id, string.Join(", ", vnet.AddressPrefixes),
                new NodeFacts { Prefixes = Prefixes(vnet.AddressPrefixes) }));
        }

        foreach (var vnet in estate.Vnets)
        {
            foreach (var peering in vnet.Peerings.Where(p => p.RemoteVnetId is not null))
            {
                var pair = new[] { n(vnet.Id), n(peering.RemoteVnetId!) }.Order(StringComparer.Ordinal).ToArray();
                Link(PeeringLink(estate, pair, vnet, peering));
            }
        }

        foreach (var gw in estate.Gateways)
        {
            var kind = gw.GatewayType.Equals("Vpn", StringComparison.OrdinalIgnoreCase) ? NodeKind.VpnGateway : NodeKind.ExpressRouteGateway;
            Node(new TopologyNode(n(gw.Id), kind, gw.Name, gw.Id, $"{gw.Sku} · AS {gw.Asn}", new NodeFacts { Asn = gw.Asn, Sku = gw.Sku }));
            if (gw.VnetId is not null)
            {
                Link(new TopologyLink($"in/{n(gw.Id)}", LinkKind.Contains, n(gw.VnetId), n(gw.Id), "GatewaySubnet"));
            }
        }

        foreach (var circuit in estate.Circuits)
        {
            Node(new TopologyNode(n(circuit.Id), NodeKind.ExpressRouteCircuit, circuit.Name, circuit.Id,
                $"{circuit.Provider} {circuit.Location} · {circuit.BandwidthMbps} Mbps · {circuit.Tier}", new NodeFacts { Asn = AzureAsns.MicrosoftEdge, Sku = circuit.Tier }));
            if (circuit.PrivatePeering is { PeerAsn: { } asn } peering)
            {
                var onPrem = StandardVantages.OnPremNode(asn);
                Node(new TopologyNode(onPrem, NodeKind.OnPremSite, $"On-prem AS {asn}", null, $"behind {circuit.Name}",
                    new NodeFacts { Asn = asn, Addresses = CustomerEdges(peering) }));
                foreach (var path in CircuitPaths.Both)
                {
                    var summary = sessions.CircuitSummaries.GetValueOrDefault((circuit.Id, path));
                    var neighbor = summary?.FirstOrDefault(s => s.As == asn) ?? summary?.FirstOrDefault();
                    BgpState? state = neighbor is null ? null : BgpStates.Parse(neighbor.StatePfxRcd);
                    Link(new TopologyLink($"bgp/{n(circuit.Id)}/{path.ArmName()}", LinkKind.BgpSession, onPrem, n(circuit.Id),
                        $"eBGP {path.ArmName()}{(neighbor is null ? "" : $" {neighbor.Neighbor}, {neighbor.StatePfxRcd} prefixes")}", state, path));
                }

                foreach (var peer in peering.GlobalReachPeerCircuitIds)
                {
                    var pair = new[] { n(circuit.Id), n(peer) }.Order(StringComparer.Ordinal).ToArray();
                    Link(new TopologyLink($"gr/{pair[0]}|{pair[1]}", LinkKind.GlobalReach, pair[0], pair[1], "Global Reach"));
                }
            }
        }

        foreach (var c in estate.Connections.Where(c => c.GatewayId is not null && c.PeerId is not null))
        {
            if (!nodes.ContainsKey(n(c.PeerId!)))
            {
                // A circuit in a subscription we cannot read (the AVS-managed circuit): known by id only.
                Node(new TopologyNode(n(c.PeerId!), NodeKind.ExpressRouteCircuit, Name(c.PeerId!), c.PeerId));
            }

            Link(new TopologyLink($"er/{n(c.Id)}", LinkKind.ExpressRouteConnection, n(c.PeerId!), n(c.GatewayId!), c.Name, c.Status is null ? null : BgpStates.Parse(c.Status)));
        }

        foreach (var rs in estate.RouteServers)
        {
            Node(new TopologyNode(n(rs.Id), NodeKind.RouteServer, rs.Name, rs.Id,
                rs.Ready
                    ? $"AS {rs.Asn} · {string.Join(", ", rs.RouterIps)} · branch-to-branch {(rs.BranchToBranch ? "on" : "off")}"
                    : $"AS {rs.Asn} · provisioning ({rs.ProvisioningState ?? "state unknown"}), no router IPs yet",
                new NodeFacts { Asn = rs.Asn, Addresses = rs.RouterIps, BranchToBranch = rs.BranchToBranch }));
            if (rs.VnetId is not null)
            {
                Link(new TopologyLink($"in/{n(rs.Id)}", LinkKind.Contains, n(rs.VnetId), n(rs.Id), "RouteServerSubnet"));
                foreach (var gw in estate.Gateways.Where(g => g.VnetId is not null && n(g.VnetId) == n(rs.VnetId)))
                {
                    Link(new TopologyLink($"bgp/{n(rs.Id)}|{n(gw.Id)}", LinkKind.BgpSession, n(rs.Id), n(gw.Id),
                        "iBGP branch-to-branch", rs.BranchToBranch ? BgpState.Connected : BgpState.Disabled));
                }
            }

            foreach (var connection in rs.Connections)
            {
                var nva = StandardVantages.NvaNode(connection.PeerIp);
                Node(new TopologyNode(nva, NodeKind.Nva, $"NVA {connection.PeerIp}", null, $"AS {connection.PeerAsn} · {connection.PeerIp}",
                    new NodeFacts { Asn = connection.PeerAsn, Addresses = [connection.PeerIp] }));
                Link(new TopologyLink($"bgp/{n(connection.Id)}", LinkKind.BgpSession, n(rs.Id), nva,
                    $"eBGP {connection.Name} ({rs.Asn} ↔ {connection.PeerAsn})", sessions.RouteServerSession(connection.Id)));
            }
        }

        foreach (var pc in estate.PrivateClouds)
        {
            Node(new TopologyNode(n(pc.Id), NodeKind.AvsPrivateCloud, pc.Name, pc.Id, $"{pc.Sku} · block {pc.NetworkBlock}",
                new NodeFacts { Sku = pc.Sku, Prefixes = Prefixes([pc.NetworkBlock]) }));
            if (pc.CircuitId is not null)
            {
                Node(new TopologyNode(n(pc.CircuitId), NodeKind.ExpressRouteCircuit, Name(pc.CircuitId), pc.CircuitId, "AVS-managed circuit"));
                Link(new TopologyLink($"avs/{n(pc.Id)}", LinkKind.Contains, n(pc.Id), n(pc.CircuitId), "managed circuit"));
                foreach (var peer in pc.GlobalReachPeerCircuitIds)
                {
                    var pair = new[] { n(pc.CircuitId), n(peer) }.Order(StringComparer.Ordinal).ToArray();
                    Link(new TopologyLink($"gr/{pair[0]}|{pair[1]}", LinkKind.GlobalReach, pair[0], pair[1], "Global Reach"));
                }
            }

            // A stretched private cloud has a second managed circuit for its second availability zone.
            if (pc.SecondaryCircuitId is not null)
            {
                Node(new TopologyNode(n(pc.SecondaryCircuitId), NodeKind.ExpressRouteCircuit, Name(pc.SecondaryCircuitId), pc.SecondaryCircuitId, "AVS-managed circuit (secondary zone)"));
                Link(new TopologyLink($"avs2/{n(pc.Id)}", LinkKind.Contains, n(pc.Id), n(pc.SecondaryCircuitId), "managed circuit (secondary zone)"));
            }

            foreach (var segment in pc.Segments)
            {
                Node(new TopologyNode(n(segment.Id), NodeKind.AvsSegment, segment.Name, segment.Id, $"{segment.DisplayName} · {segment.GatewayAddress}",
                    new NodeFacts { Prefixes = Prefixes([segment.GatewayAddress]) }));
                Link(new TopologyLink($"in/{n(segment.Id)}", LinkKind.Contains, n(pc.Id), n(segment.Id), segment.GatewayAddress ?? segment.Name));
            }
        }

        // A Global Reach peer in a subscription we do not watch (or cannot read): known by id only.
        foreach (var end in links.Values.Where(l => l.Kind == LinkKind.GlobalReach).SelectMany(l => new[] { l.From, l.To }).Where(e => !nodes.ContainsKey(e)).ToArray())
        {
            Node(new TopologyNode(end, NodeKind.ExpressRouteCircuit, Name(end), end, "Global Reach peer circuit"));
        }

        if (estate.DataPlane is { } dataPlane)
        {
            DataPlane(dataPlane, sessions.RouteTables ?? dataPlane.RouteTables, nodes, Node, Link);
        }

        return new Topology(nodes.Values.ToArray(), links.Values.ToArray());
    }

    /// <summary>
    /// A VNet peering with both sides' flags (each VNet's own peering resource says its side): whether the hub offers its gateway
    /// and Route Server (allowGatewayTransit) and the spoke uses them (useRemoteGateways), and each side's peeringState.
    /// </summary>
    private static TopologyLink PeeringLink(DiscoveredEstate estate, string[] pair, VnetInfo vnet, VnetPeeringInfo peering)
    {
        var n = StandardVantages.Node;
        PeeringSide? SideOf(string nodeId)
        {
            var (owner, toward) = nodeId == n(vnet.Id) ? (vnet, peering) : (estate.Vnets.FirstOrDefault(v => n(v.Id) == nodeId), null);
            toward ??= owner?.Peerings.FirstOrDefault(p => p.RemoteVnetId is { } r && pair.Contains(n(r)) && n(r) != nodeId);
            return toward is null ? null : new PeeringSide(toward.AllowGatewayTransit, toward.UseRemoteGateways, toward.State is null ? null : BgpStates.Parse(toward.State));
        }

        var from = SideOf(pair[0]);
        var to = SideOf(pair[1]);
        var facts = new PeeringFacts(from, to);
        var label = $"{peering.Name} · {facts.GatewayUse}";
        var state = from?.State is { } a && to?.State is { } b ? (a == b ? a : a == BgpState.Connected ? b : a) : from?.State ?? to?.State;
        return new TopologyLink($"peer/{pair[0]}|{pair[1]}", LinkKind.VnetPeering, pair[0], pair[1], label, state, Peering: facts);
    }

    /// <summary>Watched NICs in their VNets, route tables attached to their subnets' VNets, with the facts the explanations read.</summary>
    private static void DataPlane(DataPlaneInfo dataPlane, IReadOnlyList<RouteTableInfo> tables, Dictionary<string, TopologyNode> nodes,
        Action<TopologyNode> node, Action<TopologyLink> link)
    {
        var n = StandardVantages.Node;
        foreach (var nic in dataPlane.Watched)
        {
            node(new TopologyNode(n(nic.Id), NodeKind.NetworkInterface, nic.Name, nic.Id,
                $"{string.Join(", ", nic.Addresses)} · {string.Join(", ", nic.Subnets.Select(SubnetIds.NameOf))} · {nic.WatchReason}",
                new NodeFacts { Addresses = nic.Addresses, Subnets = nic.Subnets, VirtualMachine = nic.VirtualMachineId }));
            if (nic.Subnets.Select(s => n(SubnetIds.VnetOf(s))).FirstOrDefault(nodes.ContainsKey) is { } vnet)
            {
                link(new TopologyLink($"in/{n(nic.Id)}", LinkKind.Contains, vnet, n(nic.Id), string.Join(", ", nic.Subnets.Select(SubnetIds.NameOf))));
            }
        }

        var addresses = dataPlane.Nics.SelectMany(x => x.Addresses).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            // A next hop into nothing is only known when every NIC could be listed.
            IReadOnlyList<string>? unresolved = dataPlane.NicInventoryComplete
                ? table.Routes.Where(r => NextHopTypes.IsAppliance(r.NextHopType) && r.NextHopIpAddress is { Length: > 0 } hop && !addresses.Contains(hop.Trim()))
                    .Select(r => r.NextHopIpAddress!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()
                : null;
            var propagation = table.DisableBgpRoutePropagation switch { true => "off", false => "on", null => "unknown" };
            node(new TopologyNode(n(table.Id), NodeKind.RouteTable, table.Name, table.Id, $"{table.Routes.Count} route(s) · gateway route propagation {propagation}",
                new NodeFacts { DisableBgpRoutePropagation = table.DisableBgpRoutePropagation, Subnets = table.Subnets, UnresolvedNextHops = unresolved }));
            foreach (var vnet in table.Subnets.GroupBy(SubnetIds.VnetOf, StringComparer.OrdinalIgnoreCase).Where(g => nodes.ContainsKey(n(g.Key))))
            {
                link(new TopologyLink($"rt/{n(table.Id)}/{n(vnet.Key)}", LinkKind.RouteTableAssociation, n(table.Id), n(vnet.Key), string.Join(", ", vnet.Select(SubnetIds.NameOf))));
            }
        }
    }

    /// <summary>
    /// The customer edge's addresses, primary then secondary: the first usable address of each /30 (or /126) of the
    /// private peering; Microsoft's MSEE takes the second (ExpressRoute routing requirements).
    /// </summary>
    private static string[] CustomerEdges(PeeringInfo peering) =>
        new[] { peering.PrimaryPrefix, peering.SecondaryPrefix }
            .Select(t => IpPrefix.TryParse(t, out var p) && p.Length < p.MaxLength - 1 ? FirstHost(p) : null).OfType<string>().ToArray();

    private static string FirstHost(IpPrefix subnet)
    {
        var bytes = subnet.StartBytes;
        bytes[^1] += 1;
        return new System.Net.IPAddress(bytes).ToString();
    }

    private static string Name(string id) => id.TrimEnd('/').Split('/')[^1];

    /// <summary>The prefixes among ARM's address strings; one ARM cannot parse is left out of the facts (the label keeps it).</summary>
    private static IpPrefix[] Prefixes(IEnumerable<string?> texts) =>
        texts.Select(t => IpPrefix.TryParse(t, out var p) ? (IpPrefix?)p : null).OfType<IpPrefix>().ToArray();
}
