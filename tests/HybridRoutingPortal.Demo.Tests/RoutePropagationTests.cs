using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;
using static HybridRoutingPortal.Demo.ContosoEstate;

namespace HybridRoutingPortal.Demo.Tests;

/// <summary>The demo's routes must agree with how routes really propagate between on-prem, Azure and AVS.</summary>
public class RoutePropagationTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly DemoScenario Scenario = new(Epoch);

    /// <summary>A quiet moment: every session up, default route advertised, nothing flapping.</summary>
    private static EstateState Quiet => Scenario.At(Epoch + TimeSpan.FromHours(1));

    public static TheoryData<double> Moments()
    {
        var data = new TheoryData<double>();
        foreach (var h in new[] { 0.5, 2.2, 6.1, 9.2, 9.4, 14.5, 17.1, 23.5, 26.5, 33.3 })
        {
            data.Add(h);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public void Route_server_learns_exactly_what_the_nva_advertises_per_instance(double hours)
    {
        var s = Scenario.At(Epoch + TimeSpan.FromHours(hours));
        for (var i = 0; i < 2; i++)
        {
            var learned = RoutePropagation.RouteServerLearned(s, i);
            Assert.Equal(s.NvaAdvertised(i).Order(), learned.Select(r => r.Prefix).Order());
            Assert.All(learned, r =>
            {
                Assert.Equal([NvaAsn], r.AsPath.Asns);
                Assert.Equal(NvaIp, r.NextHop);
                Assert.Equal(RouteServerIps[i], r.LocalAddress);
                // Loop prevention: Route Server would drop a path that already holds its own ASN.
                Assert.False(r.AsPath.Contains(AzureAsn));
            });
        }
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public void The_gateway_learns_the_nva_routes_from_each_route_server_instance_that_has_them(double hours)
    {
        var s = Scenario.At(Epoch + TimeSpan.FromHours(hours));
        var gateway = RoutePropagation.GatewayLearned(s);
        for (var rs = 0; rs < 2; rs++)
        {
            var viaThisInstance = gateway.Where(r => r.SourcePeer == RouteServerIps[rs]).ToArray();
            foreach (var gw in GatewayInstances)
            {
                Assert.Equal(s.NvaAdvertised(rs).Order(), viaThisInstance.Where(r => r.LocalAddress == gw).Select(r => r.Prefix).Order());
            }

            Assert.All(viaThisInstance, r => Assert.Equal(("IBgp", NvaIp, "65010"), (r.Origin, r.NextHop, r.AsPath.Text)));
        }
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public void The_gateway_learns_on_prem_and_avs_through_the_microsoft_edge(double hours)
    {
        var s = Scenario.At(Epoch + TimeSpan.FromHours(hours));
        var gateway = RoutePropagation.GatewayLearned(s);
        var onPrem = gateway.Where(r => OnPremMsee.Contains(r.SourcePeer)).ToArray();
        var avs = gateway.Where(r => AvsMsee.Contains(r.SourcePeer)).ToArray();

        Assert.All(onPrem, r => Assert.Equal([MicrosoftEdgeAsn, OnPremAsn], r.AsPath.Asns));
        Assert.All(avs, r => Assert.Equal([MicrosoftEdgeAsn, AvsAsn], r.AsPath.Asns));
        Assert.Equal(s.OnPremAdvertised.Order(), onPrem.Select(r => r.Prefix).Distinct().Order());
        Assert.Equal(RoutePropagation.AvsPrefixes(s).Order(), avs.Select(r => r.Prefix).Distinct().Order());
        // The secondary MSEE only has on-prem routes while the secondary BGP session is up.
        Assert.Equal(s.SecondarySessionUp, onPrem.Any(r => r.SourcePeer == OnPremMsee[1]));
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public void Circuit_tables_hold_on_prem_from_the_ce_and_azure_from_both_gateway_instances(double hours)
    {
        var s = Scenario.At(Epoch + TimeSpan.FromHours(hours));
        foreach (var path in CircuitPaths.Both)
        {
            var table = RoutePropagation.CircuitTable(s, path);
            var fromCe = table.Where(r => r.AsPath.Asns.SequenceEqual([OnPremAsn])).ToArray();
            var fromAzure = table.Where(r => r.AsPath.Origin != OnPremAsn).ToArray();

            Assert.All(fromCe, r => Assert.Equal(path == CircuitPath.Primary ? CePrimary : CeSecondary, r.NextHop));
            Assert.Equal(path == CircuitPath.Primary || s.SecondarySessionUp ? s.OnPremAdvertised.Count : 0, fromCe.Length);

            // Every Azure-side prefix is an ECMP pair, one path per gateway instance, with 65515 first.
            foreach (var group in fromAzure.GroupBy(r => r.Prefix))
            {
                Assert.Equal(GatewayInstances.Order(), group.Select(r => r.NextHop).Order());
                Assert.All(group, r => Assert.Equal(AzureAsn, r.AsPath.Asns[0]));
            }

            Assert.Contains(fromAzure, r => r.Prefix == HubSpace);
            Assert.Contains(fromAzure, r => r.Prefix == SpokeAppSpace);
        }
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public void The_gateway_never_transits_between_the_two_circuits(double hours)
    {
        var s = Scenario.At(Epoch + TimeSpan.FromHours(hours));
        var avsPrefixes = RoutePropagation.AvsPrefixes(s).ToHashSet();
        var circuit = RoutePropagation.CircuitTable(s, CircuitPath.Primary);
        var advertised = RoutePropagation.GatewayAdvertised(s);

        // No exact AVS route on the on-prem circuit and no on-prem route toward AVS: only NVA summaries carry them.
        Assert.DoesNotContain(circuit, r => avsPrefixes.Contains(r.Prefix));
        Assert.DoesNotContain(advertised, r => s.OnPremAdvertised.Contains(r.Prefix) || avsPrefixes.Contains(r.Prefix));
        Assert.DoesNotContain(circuit, r => r.AsPath.Contains(MicrosoftEdgeAsn));
    }

    [Fact]
    public void On_prem_reaches_the_original_avs_segments_only_through_nva_summaries()
    {
        var s = Quiet;
        var circuit = RoutePropagation.CircuitTable(s, CircuitPath.Primary);
        foreach (var segment in RoutePropagation.AvsPrefixes(s))
        {
            var covering = circuit.Where(r => r.Prefix.Length > 0 && r.Prefix.Contains(segment)).ToArray();
            Assert.NotEmpty(covering);
            Assert.All(covering, r => Assert.Equal([AzureAsn, NvaAsn], r.AsPath.Asns));
        }
    }

    [Fact]
    public void Route_server_tells_the_nva_about_on_prem_and_avs_but_not_its_own_routes()
    {
        var s = Quiet;
        var advertised = RoutePropagation.RouteServerAdvertised(s, 0);
        Assert.All(advertised, r => Assert.Equal(AzureAsn, r.AsPath.Asns[0]));
        Assert.DoesNotContain(advertised, r => r.AsPath.Contains(NvaAsn));
        Assert.All(s.OnPremAdvertised.Where(p => p.IsIPv4), p => Assert.Contains(advertised, r => r.Prefix == p && r.AsPath.Text == "65515 12076 65001"));
        Assert.All(RoutePropagation.AvsPrefixes(s), p => Assert.Contains(advertised, r => r.Prefix == p && r.AsPath.Origin == AvsAsn));
        Assert.All(advertised, r => Assert.Equal(RouteServerIps[0], r.NextHop));
    }

    [Fact]
    public void The_avs_block_is_a_private_slash_22_overlapping_nothing_else()
    {
        Assert.Equal(22, AvsManagementBlock.Length);
        Assert.True(IpPrefix.Parse("10.0.0.0/8").Contains(AvsManagementBlock));
        var others = OnPremPrefixes.Select(p => p.Prefix).Concat(RoutePropagation.AzureVnetPrefixes)
            .Concat(AvsSegments.Select(a => a.Subnet)).Append(NewSegment.Subnet);
        Assert.DoesNotContain(others, p => p.Overlaps(AvsManagementBlock));
    }

    [Fact]
    public void The_nva_only_originates_summaries_that_route_server_would_accept()
    {
        Assert.All(RoutePropagation.RouteServerLearned(Quiet, 0), r => Assert.False(r.AsPath.Contains(AzureAsn)));
        Assert.Contains(Quiet.NvaAdvertisedIn0, p => p == DefaultRoute);
        // The AVS summary covers the original segments and the management block, not the VDI segment.
        var avsSummary = IpPrefix.Parse("10.200.0.0/15");
        Assert.All(AvsSegments, s => Assert.True(avsSummary.Contains(s.Subnet)));
        Assert.False(avsSummary.Contains(NewSegment.Subnet));
        Assert.True(NvaVdiSummary.Contains(NewSegment.Subnet));
    }

    [Fact]
    public void Vantage_ids_are_unique_and_well_formed()
    {
        var ids = RoutePropagation.VantagePoints().Select(v => v.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(VantageId.IsWellFormed(id, out _)));
    }
}
