using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>
/// The data-plane rules, each on its own, over a hub, a spoke with a probe NIC and its route table, an on-prem circuit table
/// and an AVS private cloud, in memory: each fires for its reason only, and says nothing (unknown) when the NIC could not be read.
/// </summary>
public class DataPlaneRuleTests
{
    private const string Sub = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network";
    private const string Hub = Sub + "/virtualNetworks/hub";
    private const string Spoke = Sub + "/virtualNetworks/spoke";
    private const string NicId = Sub + "/networkInterfaces/probe-nic";
    private const string NvaNicId = Sub + "/networkInterfaces/fw-nic";
    private const string TableId = Sub + "/routeTables/rt-spoke";
    private const string Circuit = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er/peerings/AzurePrivatePeering#routetable/primary";
    private const string Avs = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.AVS/privateClouds/avs#segments";
    private const string NvaIp = "10.100.2.4";
    private static readonly string Nic = StandardVantages.NicEffectiveRoutes(NicId);
    private static readonly string NvaNic = StandardVantages.NicEffectiveRoutes(NvaNicId);

    private static readonly IDataPlaneRuleFactory[] All =
    [
        new Factory<UdrOverrideRule>(), new Factory<BgpPropagationDisabledRule>(), new Factory<NoRemoteGatewayRule>(),
        new Factory<PeeringDisconnectedRule>(), new Factory<NextHopBlackholeRule>(), new Factory<InvalidRouteRule>(),
    ];

    private interface IDataPlaneRuleFactory
    {
        IAlertRule Create();
    }

    private sealed class Factory<T> : IDataPlaneRuleFactory
        where T : IAlertRule, new()
    {
        public IAlertRule Create() => new T();
    }

    private sealed record Spec(bool PropagationOff = false, bool UsesRemoteGateway = true, bool HubTransit = true, BgpState Peering = BgpState.Connected,
        IReadOnlyList<string>? Unresolved = null);

    private static Route Sys(string prefix, string type) => new(IpPrefix.Parse(prefix), "", AsPath.Empty, RouteOrigins.SystemRoute, NextHopType: type, State: RouteState.Active);

    private static Route Bgp(string prefix, string nextHop, RouteState state = RouteState.Active) =>
        new(IpPrefix.Parse(prefix), nextHop, AsPath.Empty, RouteOrigins.GatewayRoute, NextHopType: NextHopTypes.VirtualNetworkGateway, State: state);

    private static Route Udr(string prefix, string type, string nextHop = "") =>
        new(IpPrefix.Parse(prefix), nextHop, AsPath.Empty, RouteOrigins.UserRoute, NextHopType: type, State: RouteState.Active);

    /// <summary>The spoke NIC as Azure lists it when all is well: the system routes, on-prem over ExpressRoute, AVS, the NVA's default.</summary>
    private static List<Route> Healthy() =>
    [
        Sys("10.101.0.0/20", NextHopTypes.VnetLocal), Sys("10.100.0.0/22", NextHopTypes.VNetPeering), Sys("0.0.0.0/0", NextHopTypes.Internet) with { State = RouteState.Invalid },
        Sys("10.0.0.0/8", NextHopTypes.None), Sys("172.16.0.0/12", NextHopTypes.None), Sys("192.168.0.0/16", NextHopTypes.None), Sys("100.64.0.0/10", NextHopTypes.None),
        Bgp("10.10.0.0/16", "10.100.0.12"), Bgp("10.10.0.0/16", "10.100.0.13"), Bgp("10.200.0.0/22", "10.100.0.14"), Bgp("10.201.1.0/24", "10.100.0.14"),
        Bgp("0.0.0.0/0", NvaIp),
    ];

    private static List<Route> SystemOnly() => [.. Healthy().Where(r => r.Origin == RouteOrigins.SystemRoute).Select(r => r with { State = RouteState.Active })];

    private static RuleHarness Harness(List<Route> nicRoutes, Spec? spec = null, bool failed = false, FailureReason failure = FailureReason.Throttled)
    {
        spec ??= new Spec();
        var h = new RuleHarness();
        var n = StandardVantages.Node;
        h.Topology = new Topology(
        [
            new TopologyNode(n(Hub), NodeKind.HubVnet, "hub", Hub, null, new NodeFacts { Prefixes = [IpPrefix.Parse("10.100.0.0/22")] }),
            new TopologyNode(n(Spoke), NodeKind.SpokeVnet, "spoke", Spoke, null, new NodeFacts { Prefixes = [IpPrefix.Parse("10.101.0.0/20")] }),
            new TopologyNode(StandardVantages.NvaNode(NvaIp), NodeKind.Nva, "fw", null, null, new NodeFacts { Asn = 65010, Addresses = [NvaIp] }),
            new TopologyNode(n(Sub + "/virtualHubs/rs"), NodeKind.RouteServer, "rs", Sub + "/virtualHubs/rs", null, new NodeFacts { Asn = 65515, Addresses = ["10.100.1.4", "10.100.1.5"] }),
            new TopologyNode(n(NicId), NodeKind.NetworkInterface, "probe-nic", NicId, null, new NodeFacts { Addresses = ["10.101.0.4"], Subnets = [Spoke + "/subnets/workload"] }),
            new TopologyNode(n(NvaNicId), NodeKind.NetworkInterface, "fw-nic", NvaNicId, null, new NodeFacts { Addresses = [NvaIp], Subnets = [Hub + "/subnets/nva"] }),
            new TopologyNode(n(TableId), NodeKind.RouteTable, "rt-spoke", TableId, null,
                new NodeFacts { DisableBgpRoutePropagation = spec.PropagationOff, Subnets = [Spoke + "/subnets/workload"], UnresolvedNextHops = spec.Unresolved ?? [] }),
        ],
        [
            new TopologyLink("peer", LinkKind.VnetPeering, n(Hub), n(Spoke), "peering", spec.Peering,
                Peering: new PeeringFacts(new PeeringSide(spec.HubTransit, false, spec.Peering), new PeeringSide(false, spec.UsesRemoteGateway, spec.Peering))),
            new TopologyLink("bgp", LinkKind.BgpSession, n(Sub + "/virtualHubs/rs"), StandardVantages.NvaNode(NvaIp), "eBGP", BgpState.Connected),
            new TopologyLink("in/rs", LinkKind.Contains, n(Hub), n(Sub + "/virtualHubs/rs"), "RouteServerSubnet"),
        ]);
        h.Vantage(Circuit, VantageKind.CircuitRouteTable, [new Route(IpPrefix.Parse("10.10.0.0/16"), "192.168.255.1", AsPath.Of(65001))]);
        h.Vantage(Avs, VantageKind.AvsSegments,
        [
            new Route(IpPrefix.Parse("10.200.0.0/22"), "", AsPath.Empty, RouteOrigins.AvsManagementBlock),
            new Route(IpPrefix.Parse("10.201.1.0/24"), "10.201.1.1", AsPath.Empty, RouteOrigins.AvsSegment, SourcePeer: "seg1"),
        ]);
        h.Vantage(Nic, VantageKind.NicEffectiveRoutes, nicRoutes, failed: failed, nodeId: n(NicId), failure: failure);
        h.Vantage(NvaNic, VantageKind.NicEffectiveRoutes, [Sys("10.100.0.0/22", NextHopTypes.VnetLocal)], nodeId: n(NvaNicId));
        return h;
    }

    /// <summary>What every data-plane rule says about the probe NIC.</summary>
    private static async Task<Dictionary<string, Evidence>> Verdicts(RuleHarness h)
    {
        var verdicts = new Dictionary<string, Evidence>();
        foreach (var factory in All)
        {
            var rule = factory.Create();
            var candidates = await h.RunAsync(rule);
            verdicts[rule.Name] = candidates.Single(c => c.VantageId == Nic).Evidence;
            // The NVA's NIC is in the hub: it is held to no expectation.
            Assert.Equal(Evidence.Satisfied, candidates.Single(c => c.VantageId == NvaNic).Evidence);
        }

        return verdicts;
    }

    private static async Task OnlyAsync(RuleHarness h, string violated)
    {
        var verdicts = await Verdicts(h);
        Assert.Equal(Evidence.Violated, verdicts[violated]);
        Assert.All(verdicts.Where(v => v.Key != violated), v => Assert.True(v.Value == Evidence.Satisfied, $"{v.Key}: {v.Value}"));
    }

    [Fact]
    public async Task A_nic_that_carries_on_prem_and_avs_satisfies_every_rule()
    {
        Assert.All(await Verdicts(Harness(Healthy())), v => Assert.Equal(Evidence.Satisfied, v.Value));
    }

    [Fact]
    public async Task Avs_sent_to_the_nva_by_udr_is_carried()
    {
        var routes = Healthy();
        routes.RemoveAll(r => r.Prefix.ToString() is "10.200.0.0/22" or "10.201.1.0/24");
        routes.Add(Udr("10.200.0.0/22", NextHopTypes.VirtualAppliance, NvaIp));
        routes.Add(Udr("10.201.1.0/24", NextHopTypes.VirtualAppliance, NvaIp));
        routes.Add(Bgp("10.200.0.0/22", "10.100.0.14", RouteState.Invalid));
        Assert.All(await Verdicts(Harness(routes)), v => Assert.Equal(Evidence.Satisfied, v.Value));
    }

    [Fact]
    public async Task Propagation_off_fires_bgp_propagation_disabled_naming_the_route_table_and_the_prefixes()
    {
        var h = Harness(SystemOnly(), new Spec(PropagationOff: true));
        await OnlyAsync(h, BgpPropagationDisabledRule.RuleName);
        var alert = (await h.RunAsync(new BgpPropagationDisabledRule())).Single(c => c.VantageId == Nic);
        Assert.Equal("Gateway routes not propagated to probe-nic", alert.Title);
        Assert.Contains("rt-spoke", alert.Detail, StringComparison.Ordinal);
        Assert.Contains("10.10.0.0/16", alert.Detail, StringComparison.Ordinal);
        Assert.Contains("10.200.0.0/22", alert.Detail, StringComparison.Ordinal);
        Assert.Equal($"{BgpPropagationDisabledRule.RuleName}|{Nic}|{Nic}", alert.Key);
        Assert.Equal(h.Options.FireAfter, alert.Lifecycle.FireAfter);
    }

    [Fact]
    public async Task A_udr_to_none_fires_udr_override()
    {
        var routes = Healthy();
        routes.RemoveAll(r => r.Prefix.ToString() == "10.10.0.0/16");
        routes.Add(Udr("10.10.0.0/16", NextHopTypes.None));
        routes.Add(Bgp("10.10.0.0/16", "10.100.0.12", RouteState.Invalid));
        await OnlyAsync(Harness(routes), UdrOverrideRule.RuleName);
    }

    [Fact]
    public async Task A_spoke_without_the_remote_gateway_or_a_hub_without_transit_fires_no_remote_gateway()
    {
        await OnlyAsync(Harness(SystemOnly(), new Spec(UsesRemoteGateway: false)), NoRemoteGatewayRule.RuleName);
        await OnlyAsync(Harness(SystemOnly(), new Spec(HubTransit: false)), NoRemoteGatewayRule.RuleName);
    }

    [Fact]
    public async Task A_disconnected_peering_fires_peering_disconnected()
    {
        await OnlyAsync(Harness(SystemOnly(), new Spec(Peering: BgpState.NotConnected)), PeeringDisconnectedRule.RuleName);
    }

    [Fact]
    public async Task A_udr_to_an_address_no_nic_holds_fires_next_hop_blackhole()
    {
        var routes = Healthy();
        routes.Add(Udr("10.201.1.0/24", NextHopTypes.VirtualAppliance, "10.100.9.9"));
        routes.RemoveAll(r => r.Prefix.ToString() == "10.201.1.0/24" && r.Origin == RouteOrigins.GatewayRoute);
        await OnlyAsync(Harness(routes, new Spec(Unresolved: ["10.100.9.9"])), NextHopBlackholeRule.RuleName);
    }

    [Fact]
    public async Task An_invalid_route_with_nothing_else_carrying_the_prefix_fires_invalid_route()
    {
        var routes = Healthy();
        routes.RemoveAll(r => r.Prefix.ToString() == "10.10.0.0/16");
        routes.Add(Bgp("10.10.0.0/16", "10.100.0.12", RouteState.Invalid));
        await OnlyAsync(Harness(routes), InvalidRouteRule.RuleName);
    }

    [Fact]
    public async Task A_failed_nic_poll_a_stopped_vm_or_no_topology_decide_nothing_and_every_polled_nic_gets_a_candidate()
    {
        foreach (var failure in new[] { FailureReason.Throttled, FailureReason.NotRunning })
        {
            var h = Harness(SystemOnly(), new Spec(PropagationOff: true), failed: true, failure: failure);
            Assert.All(await Verdicts(h), v => Assert.Equal(Evidence.Unknown, v.Value));
        }

        var noTopology = Harness(SystemOnly(), new Spec(PropagationOff: true));
        noTopology.Topology = null;
        foreach (var factory in All)
        {
            Assert.All(await noTopology.RunAsync(factory.Create()), c => Assert.Equal(Evidence.Unknown, c.Evidence));
        }

        var notPolled = Harness(SystemOnly(), new Spec(PropagationOff: true));
        notPolled.NotPolled(Nic);
        Assert.DoesNotContain(await notPolled.RunAsync(new BgpPropagationDisabledRule()), c => c.VantageId == Nic);
    }

    [Fact]
    public async Task A_stopped_vm_is_not_an_unavailable_source()
    {
        var stopped = Harness(Healthy(), failed: true, failure: FailureReason.NotRunning);
        Assert.Equal(Evidence.Satisfied, (await stopped.RunAsync(new SourceUnavailableRule())).Single(c => c.VantageId == Nic).Evidence);
        var throttled = Harness(Healthy(), failed: true);
        Assert.Equal(Evidence.Violated, (await throttled.RunAsync(new SourceUnavailableRule())).Single(c => c.VantageId == Nic).Evidence);
    }

    [Fact]
    public void Expectations_hold_spoke_nics_to_on_prem_and_avs_in_their_family_only()
    {
        var h = Harness(Healthy());
        var context = h.Context();
        var estate = Core.Propagation.RoutingEstate.From(context.Topology!, context.Vantages.Select(v => v.Point).ToArray());
        var current = new Dictionary<string, IReadOnlyList<Route>>
        {
            [Circuit] = [new Route(IpPrefix.Parse("10.10.0.0/16"), "", AsPath.Of(65001)), new Route(IpPrefix.Parse("2001:db8::/48"), "", AsPath.Of(65001)),
                new Route(IpPrefix.Parse("10.100.0.0/22"), "", AsPath.Of(65515))],
            [Avs] = [new Route(IpPrefix.Parse("10.200.0.0/22"), "", AsPath.Empty, RouteOrigins.AvsManagementBlock)],
        };
        var expected = NicExpectations.From(estate, current);
        Assert.Equal([("10.10.0.0/16", ExpectationSource.OnPremPrefix), ("10.200.0.0/22", ExpectationSource.AvsManagementBlock)],
            expected.Select(e => (e.Prefix.ToString(), e.Source)));
        Assert.All(expected, e => Assert.Equal(Nic, e.VantageId));
    }
}
