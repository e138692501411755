using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>Writes the demo scenario's history into a store, as the backfill does, for tests that need data.</summary>
public static class DemoHistory
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    public static async Task SeedAsync(RouteStore store, TimeSpan span, TimeSpan? step = null)
    {
        var source = new DemoSource(new DemoScenario(Epoch), TimeProvider.System);
        var interval = step ?? TimeSpan.FromMinutes(5);
        for (var at = Epoch; at <= Epoch + span; at += interval)
        {
            var plan = await source.PlanAtAsync(at, CancellationToken.None);
            await store.RegisterAsync(plan.VantagePoints, plan.Topology, at, CancellationToken.None);
            foreach (var collector in plan.Collectors)
            {
                try
                {
                    await store.IngestAsync(await collector.CollectAsync(at, CancellationToken.None), CancellationToken.None);
                }
                catch (HybridRoutingPortal.Core.CollectionException ex)
                {
                    await store.IngestAsync(
                        collector.VantageIds.Select(id => HybridRoutingPortal.Core.Observation.Failed(id, at, ex.Reason, ex.Message)).ToArray(),
                        CancellationToken.None);
                }
            }
        }
    }
}
