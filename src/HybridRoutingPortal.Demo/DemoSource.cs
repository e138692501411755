using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Demo.Signals;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Demo;

/// <summary>
/// The simulated Contoso estate as an <see cref="IRoutingSource"/>. Its collectors mirror the ARM
/// operations a real estate needs (one Route Server POST yields both instances, say), so the poller,
/// store and UI see the same shapes from the demo as from Azure.
/// </summary>
public sealed class DemoSource(DemoScenario scenario, TimeProvider time) : IReplayableSource, ISignalSource
{
    private readonly DemoSignals _signals = new(scenario);

    public string Name => "Demo";

    /// <summary>The demo's twin of Azure Monitor: the same series, sampled from the scenario, with an ingestion delay.</summary>
    public Task<SignalRead> ReadSignalsAsync(SignalRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_signals.Read(request));
    }

    public DemoScenario Scenario => scenario;

    public Task<SourcePlan> PlanAsync(CancellationToken cancellationToken) => PlanAtAsync(time.GetUtcNow(), cancellationToken);

    public Task<SourcePlan> PlanAtAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var state = scenario.At(at);
        List<ICollector> collectors =
        [
            Collector("route-server-learned", [V.RouteServerLearned(0), V.RouteServerLearned(1)],
                s => [RoutePropagation.RouteServerLearned(s, 0), RoutePropagation.RouteServerLearned(s, 1)]),
            Collector("route-server-advertised", [V.RouteServerAdvertised(0), V.RouteServerAdvertised(1)],
                s => [RoutePropagation.RouteServerAdvertised(s, 0), RoutePropagation.RouteServerAdvertised(s, 1)]),
            Collector("circuit-primary", [V.CircuitTable(CircuitPath.Primary.ArmName())], s => [RoutePropagation.CircuitTable(s, CircuitPath.Primary)]),
            Collector(DemoScenario.ThrottledCollector, [V.CircuitTable(CircuitPath.Secondary.ArmName())], s => [RoutePropagation.CircuitTable(s, CircuitPath.Secondary)]),
            Collector("gateway-learned", [V.GatewayLearned], s => [RoutePropagation.GatewayLearned(s)]),
            .. ContosoEstate.OnPremMsee.Concat(ContosoEstate.AvsMsee).Select(msee =>
                Collector("gateway-advertised-" + msee, [V.GatewayAdvertised(msee)], s => [RoutePropagation.GatewayAdvertised(s)])),
            Collector("avs-segments", [V.AvsSegments], s => [RoutePropagation.AvsSegmentRoutes(s)]),
        ];
        collectors.AddRange(RoutePropagation.Vnets.Select(v =>
            Collector("vnet-" + v.Name, [V.VnetSpace(v.Id)], _ => [RoutePropagation.VnetSpace(v.Id)])));
        collectors.AddRange(ContosoEstate.Nics.Select(n => Collector("nic-" + n.Name, [V.Nic(n.Id)], s => [RoutePropagation.NicRoutes(s, n.Id)], n.VmId)));
        collectors.AddRange(ContosoEstate.RouteTables.Select(t => Collector("rt-" + t.Name, [V.RouteTable(t.Id)], s => [RoutePropagation.RouteTableRoutes(s, t.Id)])));

        return Task.FromResult(new SourcePlan(RoutePropagation.VantagePoints(), RoutePropagation.TopologyAt(state), collectors));
    }

    /// <param name="vm">The VM whose NIC this collector reads: a stopped VM has no effective routes (unknown, never empty).</param>
    private ICollector Collector(string name, string[] vantageIds, Func<EstateState, IReadOnlyList<Route>[]> read, string? vm = null) =>
        new DemoCollector(name, vantageIds, scenario, read, vm);

    private sealed class DemoCollector(string name, string[] vantageIds, DemoScenario scenario, Func<EstateState, IReadOnlyList<Route>[]> read, string? vm)
        : ICollector
    {
        public IReadOnlyList<string> VantageIds => vantageIds;

        public Task<IReadOnlyList<Observation>> CollectAsync(DateTimeOffset polledAt, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = scenario.At(polledAt);
            if (state.FailingCollectors.TryGetValue(name, out var failure))
            {
                throw new CollectionException(failure.Reason, failure.Message);
            }

            if (vm is not null && state.StoppedVms.Contains(vm))
            {
                throw new CollectionException(FailureReason.NotRunning,
                    $"VM not running: {vm.Split('/')[^1]} is stopped (deallocated), and Azure computes effective routes only for a running VM. Its last known routes are kept.");
            }

            var tables = read(state);
            IReadOnlyList<Observation> observations = vantageIds.Select((id, i) => Observation.Ok(id, polledAt, tables[i])).ToArray();
            return Task.FromResult(observations);
        }
    }
}
