using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Demo;
using Microsoft.Extensions.Time.Testing;
using static HybridRoutingPortal.Demo.ContosoEstate;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Demo.Tests;

/// <summary>What the demo's VMs actually use: the NICs' effective routes, as the propagation model programs them.</summary>
public class DataPlaneTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly DemoScenario Scenario = new(Epoch);

    private static EstateState At(double hours) => Scenario.At(Epoch + TimeSpan.FromHours(hours));

    private static string[] Rows(IEnumerable<Route> routes, string prefix) =>
        routes.Where(r => r.Prefix == IpPrefix.Parse(prefix)).Select(r => $"{r.Origin} {r.State} {r.NextHopType} {r.NextHop}".TrimEnd()).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Spoke_app_sends_avs_through_the_nva_by_udr_and_reaches_on_prem_over_expressroute()
    {
        var nic = RoutePropagation.NicRoutes(At(1), ProbeAppNic.Id);
        Assert.Equal(["User Active VirtualAppliance 10.100.2.4", "VirtualNetworkGateway Invalid VirtualNetworkGateway 10.100.0.14", "VirtualNetworkGateway Invalid VirtualNetworkGateway 10.100.0.15"],
            Rows(nic, "10.200.0.0/22"));
        Assert.Equal(["VirtualNetworkGateway Active VirtualNetworkGateway 10.100.0.12", "VirtualNetworkGateway Active VirtualNetworkGateway 10.100.0.13"], Rows(nic, "10.10.0.0/16"));
        Assert.Equal(["Default Active VnetLocal"], Rows(nic, "10.101.0.0/20"));
        Assert.Equal(["Default Active VNetPeering"], Rows(nic, "10.100.0.0/22"));
        Assert.Equal(["Default Invalid Internet", "VirtualNetworkGateway Active VirtualNetworkGateway 10.100.2.4"], Rows(nic, "0.0.0.0/0"));
        Assert.Equal(["Default Active None"], Rows(nic, "10.0.0.0/8"));
        // The other spoke is reached through the NVA; its own space never comes from BGP.
        Assert.Equal(["User Active VirtualAppliance 10.100.2.4"], Rows(nic, "10.102.0.0/20"));
        Assert.DoesNotContain(nic, r => !r.Prefix.IsIPv4);
    }

    [Fact]
    public void The_nva_gets_its_own_default_route_back_from_route_server_and_its_subnet_s_udr_overrides_it()
    {
        foreach (var nva in Nics.Where(n => n.VmId == NvaVmId))
        {
            Assert.Equal(["Default Invalid Internet", "User Active Internet", "VirtualNetworkGateway Invalid VirtualNetworkGateway 10.100.2.4"],
                Rows(RoutePropagation.NicRoutes(At(1), nva.Id), "0.0.0.0/0"));
        }
    }

    [Fact]
    public void With_gateway_route_propagation_off_spoke_data_loses_every_bgp_route_and_gets_them_back()
    {
        Assert.Empty(At(10.9).PropagationOff);
        var off = At(11.1);
        Assert.Contains(SpokeDataRouteTableId, off.PropagationOff);
        var data = RoutePropagation.NicRoutes(off, ProbeDataNic.Id);
        Assert.DoesNotContain(data, r => r.Origin == RouteOrigins.GatewayRoute);
        Assert.Equal(["Default Active None"], Rows(data, "10.0.0.0/8"));
        Assert.Equal(["Default Active Internet"], Rows(data, "0.0.0.0/0"));
        // spoke-app's route table is not touched.
        Assert.Contains(RoutePropagation.NicRoutes(off, ProbeAppNic.Id), r => r.Prefix == IpPrefix.Parse("10.10.0.0/16") && r.Origin == RouteOrigins.GatewayRoute);
        Assert.Contains(RoutePropagation.NicRoutes(At(11.6), ProbeDataNic.Id), r => r.Prefix == IpPrefix.Parse("10.10.0.0/16") && r.Origin == RouteOrigins.GatewayRoute);
    }

    [Fact]
    public async Task The_explanation_names_the_route_table_whose_propagation_is_off()
    {
        var explanation = (await DemoExplainTests.ExplainerAt(11.1)).Explain(IpPrefix.Parse("10.10.0.0/16"));
        var first = explanation.FirstBreak!;
        Assert.Equal((V.Nic(ProbeDataNic.Id), ReasonCode.BgpPropagationDisabled), (first.VantageId, first.Reason!.Code));
        Assert.Contains("rt-spoke-data-weu", first.Reason.Text, StringComparison.Ordinal);
        Assert.Equal(HopStatus.Present, explanation.Hop(V.Nic(ProbeAppNic.Id))!.Status);
    }

    [Fact]
    public async Task A_stopped_probe_vm_makes_only_its_nic_unknown_never_empty()
    {
        var source = new DemoSource(Scenario, new FakeTimeProvider(Epoch));
        var at = Epoch + TimeSpan.FromHours(20.2);
        var plan = await source.PlanAtAsync(at, CancellationToken.None);
        var failures = new List<(string Id, FailureReason Reason)>();
        foreach (var collector in plan.Collectors)
        {
            try
            {
                Assert.All(await collector.CollectAsync(at, CancellationToken.None), o => Assert.Equal(ObservationStatus.Ok, o.Status));
            }
            catch (CollectionException ex)
            {
                failures.AddRange(collector.VantageIds.Select(id => (id, ex.Reason)));
            }
        }

        Assert.Equal([(V.Nic(ProbeAppNic.Id), FailureReason.NotRunning)], failures);
        Assert.Empty(At(20.7).StoppedVms);
    }

    [Fact]
    public void The_new_avs_segment_reaches_the_spokes_by_bgp_without_a_udr()
    {
        var added = At(23.5);
        foreach (var nic in new[] { ProbeAppNic, ProbeDataNic })
        {
            Assert.Equal(["VirtualNetworkGateway Active VirtualNetworkGateway 10.100.0.14", "VirtualNetworkGateway Active VirtualNetworkGateway 10.100.0.15"],
                Rows(RoutePropagation.NicRoutes(added, nic.Id), NewSegment.Subnet.ToString()));
        }
    }

    [Fact]
    public void Route_tables_list_their_user_routes_and_the_topology_says_where_they_are_attached()
    {
        var spokeApp = RoutePropagation.RouteTableRoutes(At(1), SpokeAppRouteTableId);
        Assert.Equal(1 + AvsSegments.Count + 1, spokeApp.Count);
        Assert.All(spokeApp, r => Assert.Equal((RouteOrigins.UserRoute, NextHopTypes.VirtualAppliance, NvaIp, (RouteState?)null), (r.Origin, r.NextHopType, r.NextHop, r.State)));

        var topology = RoutePropagation.TopologyAt(At(11.1));
        var table = topology.Nodes.Single(n => n.Id == Node(SpokeDataRouteTableId));
        Assert.Equal((NodeKind.RouteTable, true), (table.Kind, table.Facts!.DisableBgpRoutePropagation));
        Assert.Contains(topology.Links, l => l.Kind == LinkKind.RouteTableAssociation && l.From == table.Id && l.To == Node(SpokeDataVnetId));
        var peering = topology.Links.Single(l => l.Kind == LinkKind.VnetPeering && l.To == Node(SpokeDataVnetId));
        Assert.Equal((true, true), (peering.Peering!.From!.AllowGatewayTransit, peering.Peering.To!.UseRemoteGateways));
        Assert.Equal(4, topology.Nodes.Count(n => n.Kind == NodeKind.NetworkInterface));
    }
}
