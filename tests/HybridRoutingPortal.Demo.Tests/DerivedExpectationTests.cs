using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Demo;
using static HybridRoutingPortal.Demo.ContosoEstate;

namespace HybridRoutingPortal.Demo.Tests;

/// <summary>Derived expectations on the demo estate say what the scenario's story says.</summary>
public class DerivedExpectationTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(IReadOnlyList<Expectation> Expectations, Dictionary<string, IReadOnlyList<Route>> Routes)> At(double hours)
    {
        var at = Epoch + TimeSpan.FromHours(hours);
        var source = new DemoSource(new DemoScenario(Epoch), TimeProvider.System);
        var plan = await source.PlanAtAsync(at, CancellationToken.None);
        var routes = new Dictionary<string, IReadOnlyList<Route>>();
        foreach (var collector in plan.Collectors)
        {
            try
            {
                foreach (var o in await collector.CollectAsync(at, CancellationToken.None))
                {
                    routes[o.VantageId] = o.Routes;
                }
            }
            catch (CollectionException)
            {
            }
        }

        return (DerivedExpectations.From(plan.VantagePoints, routes), routes);
    }

    private static IEnumerable<string> Unmet(Expectation e, Dictionary<string, IReadOnlyList<Route>> routes) =>
        e.VantageIds.Where(id => e.MetBy(routes.GetValueOrDefault(id, [])) is null);

    [Fact]
    public async Task The_new_avs_segment_is_expected_on_prem_and_missing_there_until_the_nva_summarises_it()
    {
        var (before, routesBefore) = await At(23.5);
        var vdi = before.Single(e => e.Prefix == NewSegment.Subnet && e.Source == ExpectationSource.AvsSegment && e.Id.EndsWith(":onprem", StringComparison.Ordinal));
        Assert.Equal([RoutePropagation.Vantages.CircuitTable("primary"), RoutePropagation.Vantages.CircuitTable("secondary")], Unmet(vdi, routesBefore));
        // Route Server does pass it on to the NVA: the prefix stops at the NVA, not before.
        var atRouteServer = before.Single(e => e.Prefix == NewSegment.Subnet && e.Id.EndsWith(":routeserver", StringComparison.Ordinal));
        Assert.Empty(Unmet(atRouteServer, routesBefore));

        var (after, routesAfter) = await At(26.5);
        Assert.Empty(Unmet(after.Single(e => e.Id == vdi.Id), routesAfter));
    }

    [Fact]
    public async Task The_original_segments_and_the_management_block_are_met_through_the_nva_summary()
    {
        var (expectations, routes) = await At(1);
        var avs = expectations.Where(e => e.Source is ExpectationSource.AvsSegment or ExpectationSource.AvsManagementBlock).ToArray();
        Assert.Equal(8, avs.Length); // three segments and the block, toward on-prem and Route Server
        Assert.All(avs, e => Assert.Empty(Unmet(e, routes)));
    }

    [Fact]
    public async Task The_default_route_is_expected_at_route_server_and_missing_while_withdrawn()
    {
        var (expectations, _) = await At(9.0);
        var expected = expectations.Single(e => e.Source == ExpectationSource.DefaultRoute);
        var (_, during) = await At(9.1);
        Assert.Equal(2, Unmet(expected, during).Count());
        var (_, halfway) = await At(9.5);
        Assert.Equal([RoutePropagation.Vantages.RouteServerLearned(1)], Unmet(expected, halfway));
    }

    [Fact]
    public async Task On_prem_prefixes_are_expected_at_the_gateway()
    {
        var (expectations, routes) = await At(1);
        var onPrem = expectations.Where(e => e.Source == ExpectationSource.OnPremPrefix).Select(e => e.Prefix).Order().ToArray();
        Assert.Equal(OnPremPrefixes.Select(p => p.Prefix).Order(), onPrem);
        Assert.All(expectations.Where(e => e.Source == ExpectationSource.OnPremPrefix), e => Assert.Empty(Unmet(e, routes)));
    }
}
