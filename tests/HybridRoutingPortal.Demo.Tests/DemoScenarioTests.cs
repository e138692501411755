using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;
using Microsoft.Extensions.Time.Testing;
using static HybridRoutingPortal.Demo.ContosoEstate;

namespace HybridRoutingPortal.Demo.Tests;

public class DemoScenarioTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly DemoScenario _scenario = new(Epoch);

    private EstateState At(double hours) => _scenario.At(Epoch + TimeSpan.FromHours(hours));

    [Fact]
    public void The_secondary_path_loses_on_prem_routes_for_a_while_every_day()
    {
        Assert.True(At(1.9).SecondarySessionUp);
        Assert.False(At(2.1).SecondarySessionUp);
        Assert.False(At(24 + 2.5).SecondarySessionUp);
        Assert.True(At(2.7).SecondarySessionUp);
        Assert.DoesNotContain(RoutePropagation.CircuitTable(At(2.1), CircuitPath.Secondary), r => r.NextHop == CeSecondary);
    }

    [Fact]
    public void The_nva_withdraws_the_default_route_and_restores_it_one_instance_at_a_time()
    {
        Assert.Contains(DefaultRoute, At(9).NvaAdvertisedIn0);
        var withdrawn = At(9.1);
        Assert.DoesNotContain(DefaultRoute, withdrawn.NvaAdvertisedIn0);
        Assert.DoesNotContain(DefaultRoute, withdrawn.NvaAdvertisedIn1);
        var halfway = At(9.5);
        Assert.Contains(DefaultRoute, halfway.NvaAdvertisedIn0);
        Assert.DoesNotContain(DefaultRoute, halfway.NvaAdvertisedIn1);
        Assert.Contains(DefaultRoute, At(9.6).NvaAdvertisedIn1);
    }

    [Fact]
    public void The_lab_prefix_flaps_inside_its_window_only()
    {
        var samples = Enumerable.Range(0, 6 * 12).Select(i => At(5.5 + (i / 12.0 * 2)).OnPremAdvertised.Contains(LabPrefix)).ToArray();
        var transitions = samples.Zip(samples.Skip(1)).Count(p => p.First != p.Second);
        Assert.True(transitions >= 2, "the lab prefix should come and go at least once");
        Assert.Contains(LabPrefix, At(5.9).OnPremAdvertised);
        Assert.Contains(LabPrefix, At(7.1).OnPremAdvertised);
    }

    [Fact]
    public void The_branch_prefix_disappears_for_good()
    {
        Assert.Contains(BranchPrefix, At(13.9).OnPremAdvertised);
        Assert.DoesNotContain(BranchPrefix, At(14.1).OnPremAdvertised);
        Assert.DoesNotContain(BranchPrefix, At(24 + 13).OnPremAdvertised);
    }

    [Fact]
    public void A_new_avs_segment_appears_and_reaches_on_prem_only_after_the_nva_summarises_it()
    {
        Assert.DoesNotContain(NewSegment, At(22.9).AvsSegments);
        var added = At(23.5);
        Assert.Contains(NewSegment, added.AvsSegments);
        Assert.Contains(RoutePropagation.GatewayLearned(added), r => r.Prefix == NewSegment.Subnet);
        Assert.Contains(RoutePropagation.RouteServerAdvertised(added, 0), r => r.Prefix == NewSegment.Subnet);
        Assert.DoesNotContain(RoutePropagation.CircuitTable(added, CircuitPath.Primary), r => r.Prefix.Length > 0 && r.Prefix.Contains(NewSegment.Subnet));

        var fixedState = At(26.5);
        Assert.Contains(RoutePropagation.CircuitTable(fixedState, CircuitPath.Primary), r => r.Prefix == NvaVdiSummary);
    }

    [Fact]
    public async Task The_throttling_window_fails_only_the_secondary_circuit_collector()
    {
        var source = new DemoSource(_scenario, new FakeTimeProvider(Epoch));
        var at = Epoch + TimeSpan.FromHours(17.1);
        var plan = await source.PlanAtAsync(at, CancellationToken.None);
        var failures = new List<string>();
        foreach (var collector in plan.Collectors)
        {
            try
            {
                await collector.CollectAsync(at, CancellationToken.None);
            }
            catch (CollectionException ex)
            {
                Assert.Equal(FailureReason.Throttled, ex.Reason);
                failures.AddRange(collector.VantageIds);
            }
        }

        Assert.Equal([RoutePropagation.Vantages.CircuitTable("secondary")], failures);
    }

    [Fact]
    public async Task The_scenario_is_deterministic_and_every_collector_answers_for_its_vantage_points()
    {
        var a = new DemoSource(new DemoScenario(Epoch), new FakeTimeProvider(Epoch));
        var b = new DemoSource(new DemoScenario(Epoch), new FakeTimeProvider(Epoch));
        for (var t = Epoch; t < Epoch + TimeSpan.FromHours(30); t += TimeSpan.FromMinutes(35))
        {
            var planA = await a.PlanAtAsync(t, CancellationToken.None);
            var planB = await b.PlanAtAsync(t, CancellationToken.None);
            Assert.Equal(planA.VantagePoints.Select(v => v.Id).Order(), planA.Collectors.SelectMany(c => c.VantageIds).Order());
            foreach (var (ca, cb) in planA.Collectors.Zip(planB.Collectors))
            {
                var oa = await Safe(ca, t);
                var ob = await Safe(cb, t);
                Assert.Equal(oa.Select(o => RouteSet.ContentHash(o.Routes)), ob.Select(o => RouteSet.ContentHash(o.Routes)));
            }
        }

        static async Task<IReadOnlyList<Observation>> Safe(ICollector c, DateTimeOffset t)
        {
            try
            {
                return await c.CollectAsync(t, CancellationToken.None);
            }
            catch (CollectionException)
            {
                return [];
            }
        }
    }

    [Fact]
    public async Task Live_plans_follow_the_time_provider()
    {
        var clock = new FakeTimeProvider(Epoch + TimeSpan.FromHours(22));
        var source = new DemoSource(_scenario, clock);
        var before = await source.PlanAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(2));
        var after = await source.PlanAsync(CancellationToken.None);
        Assert.DoesNotContain(before.Topology.Nodes, n => n.Label == NewSegment.Name);
        Assert.Contains(after.Topology.Nodes, n => n.Label == NewSegment.Name);
    }
}
