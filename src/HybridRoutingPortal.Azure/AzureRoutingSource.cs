using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Collectors;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Azure;

/// <summary>
/// The estate read through ARM. Discovery runs every Azure:DiscoveryInterval; each cycle refreshes the
/// cheap session state (gateway BGP peers, circuit route-table summaries) for the topology and plans one
/// collector per route-bearing ARM operation. Nothing here depends on an estate's names, counts or IP plan.
/// </summary>
public sealed class AzureRoutingSource(
    IAzureNetworkApi api,
    EstateDiscovery discovery,
    AzureSourceOptions options,
    int maxConcurrency,
    TimeProvider time,
    ILogger<AzureRoutingSource> logger) : IRoutingSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DiscoveredEstate? _estate;
    private DateTimeOffset _discoveredAt;
    private readonly Dictionary<string, IReadOnlyList<BgpPeerStatus>> _lastPeers = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _instances = new(StringComparer.OrdinalIgnoreCase);

    public string Name => "Azure";

    public DiscoveredEstate? Estate => _estate;

    public async Task<SourcePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var estate = await EstateAsync(cancellationToken);
        var sessions = await RefreshSessionsAsync(estate, cancellationToken);
        var vantagePoints = new List<VantagePoint>();
        var collectors = new List<ICollector>();

        foreach (var rs in estate.RouteServers)
        {
            foreach (var connection in rs.Connections)
            {
                var instances = _instances.GetValueOrDefault(connection.Id, ArmCollectors.DefaultInstances);
                foreach (var learned in new[] { true, false })
                {
                    foreach (var (instance, index) in instances.Select((x, i) => (x, i)))
                    {
                        vantagePoints.Add(new VantagePoint(StandardVantages.RouteServer(connection.Id, learned, instance),
                            learned ? VantageKind.RouteServerLearned : VantageKind.RouteServerAdvertised,
                            $"{rs.Name} {(learned ? "←" : "→")} {connection.Name} · {(learned ? "learned" : "advertised")} · IN_{index}",
                            StandardVantages.Node(rs.Id), connection.Id, StandardVantages.NvaNode(connection.PeerIp), instance));
                    }

                    collectors.Add(ArmCollectors.RouteServer(api, connection, learned, instances));
                }
            }
        }

        foreach (var circuit in estate.Circuits.Where(c => c.PrivatePeering is not null))
        {
            foreach (var path in CircuitPaths.Both)
            {
                vantagePoints.Add(new VantagePoint(StandardVantages.CircuitTable(circuit.PrivatePeering!.Id, path.ArmName()), VantageKind.CircuitRouteTable,
                    $"{circuit.Name} · private peering · {path.ArmName()}", StandardVantages.Node(circuit.Id), circuit.PrivatePeering.Id,
                    circuit.PrivatePeering.PeerAsn is { } asn ? StandardVantages.OnPremNode(asn) : null, path.ArmName(),
                    new CircuitRef(circuit.Id, circuit.Name, path)));
                collectors.Add(ArmCollectors.CircuitTable(api, circuit, path));
            }
        }

        foreach (var gateway in estate.Gateways)
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.GatewayLearned(gateway.Id), VantageKind.GatewayLearned, $"{gateway.Name} · learned",
                StandardVantages.Node(gateway.Id), gateway.Id));
            collectors.Add(ArmCollectors.GatewayLearned(api, gateway));
            foreach (var peer in sessions.GatewayPeers.GetValueOrDefault(gateway.Id, []).Where(p => !IsRouteServerPeer(estate, p.Neighbor)))
            {
                vantagePoints.Add(new VantagePoint(StandardVantages.GatewayAdvertised(gateway.Id, peer.Neighbor), VantageKind.GatewayAdvertised,
                    $"{gateway.Name} → {peer.Neighbor} (AS {peer.Asn}) · advertised", StandardVantages.Node(gateway.Id), gateway.Id, null, peer.Neighbor));
                collectors.Add(ArmCollectors.GatewayAdvertised(api, gateway, peer.Neighbor));
            }
        }

        foreach (var cloud in estate.PrivateClouds)
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.AvsSegments(cloud.Id), VantageKind.AvsSegments, $"{cloud.Name} · management block and segments",
                StandardVantages.Node(cloud.Id), cloud.Id));
            collectors.Add(ArmCollectors.AvsSegments(api, cloud));
        }

        foreach (var vnet in estate.Vnets)
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.VnetAddressSpace(vnet.Id), VantageKind.VnetAddressSpace, $"{vnet.Name} · address space",
                StandardVantages.Node(vnet.Id), vnet.Id));
            collectors.Add(ArmCollectors.VnetAddressSpace(api, vnet));
        }

        return new SourcePlan(vantagePoints, AzureTopology.Build(estate, sessions), collectors.Select(c => Remember(c)).ToArray());
    }

    /// <summary>Learns the Route Server instance names from answers, so the next plan names them right.</summary>
    private ICollector Remember(ICollector collector) =>
        new ArmCollector(collector.VantageIds, async (at, ct) =>
        {
            var observations = await collector.CollectAsync(at, ct);
            foreach (var group in observations.Where(o => o.VantageId.Contains("/bgpconnections/", StringComparison.Ordinal))
                         .GroupBy(o => o.VantageId[..o.VantageId.IndexOf('#', StringComparison.Ordinal)]))
            {
                var names = group.Select(o => o.VantageId[(o.VantageId.LastIndexOf('/') + 1)..]).Distinct().Order().ToArray();
                var known = _estate?.RouteServers.SelectMany(r => r.Connections).FirstOrDefault(c => StandardVantages.Node(c.Id) == group.Key);
                if (known is not null && names.Length > 0)
                {
                    _instances[known.Id] = names.Select(n => ArmCollectors.DefaultInstances.FirstOrDefault(d => d.Equals(n, StringComparison.OrdinalIgnoreCase)) ?? n).ToArray();
                }
            }

            return observations;
        });

    private static bool IsRouteServerPeer(DiscoveredEstate estate, string neighbor) =>
        estate.RouteServers.Any(r => r.RouterIps.Contains(neighbor));

    private async Task<DiscoveredEstate> EstateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_estate is not null && time.GetUtcNow() - _discoveredAt < options.DiscoveryInterval)
            {
                return _estate;
            }

            try
            {
                _estate = await discovery.DiscoverAsync(maxConcurrency, ct);
                _discoveredAt = time.GetUtcNow();
                logger.LogInformation(
                    "Discovered {RouteServers} Route Servers, {Circuits} circuits, {Gateways} gateways, {Vnets} VNets, {Clouds} AVS private clouds ({Warnings} warnings)",
                    _estate.RouteServers.Count, _estate.Circuits.Count, _estate.Gateways.Count, _estate.Vnets.Count, _estate.PrivateClouds.Count, _estate.Warnings.Count);
            }
            catch (CollectionException ex) when (_estate is not null)
            {
                // Keep polling what we know; rediscovery is retried next cycle.
                logger.LogWarning("Rediscovery failed ({Reason}: {Message}); polling the last known estate", ex.Reason, ex.Message);
            }

            return _estate;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SessionState> RefreshSessionsAsync(DiscoveredEstate estate, CancellationToken ct)
    {
        var gate = new SemaphoreSlim(maxConcurrency);
        var peers = new Dictionary<string, IReadOnlyList<BgpPeerStatus>>(StringComparer.OrdinalIgnoreCase);
        var summaries = new Dictionary<(string CircuitId, CircuitPath Path), IReadOnlyList<CircuitRouteSummary>?>();

        async Task Guarded(Func<Task> work)
        {
            await gate.WaitAsync(ct);
            try
            {
                await work();
            }
            catch (CollectionException ex)
            {
                logger.LogWarning("Session refresh failed: {Reason}: {Message}", ex.Reason, ex.Message);
            }
            finally
            {
                gate.Release();
            }
        }

        var tasks = estate.Gateways.Select(g => Guarded(async () =>
        {
            var status = await api.GatewayBgpPeerStatusAsync(g.Id, ct) ?? [];
            lock (peers)
            {
                peers[g.Id] = status;
                _lastPeers[g.Id] = status;
            }
        })).Concat(estate.Circuits.Where(c => c.PrivatePeering is not null).SelectMany(c => CircuitPaths.Both.Select(path => Guarded(async () =>
        {
            var summary = await api.CircuitRouteTableSummaryAsync(c.PrivatePeering!.Id, path.ArmName(), ct);
            lock (summaries)
            {
                summaries[(c.Id, path)] = summary;
            }
        })))).ToArray();
        await Task.WhenAll(tasks);

        // A gateway whose peer status could not be read keeps its last known peers (and their vantage points).
        foreach (var g in estate.Gateways.Where(g => !peers.ContainsKey(g.Id) && _lastPeers.ContainsKey(g.Id)))
        {
            peers[g.Id] = _lastPeers[g.Id];
        }

        return new SessionState(peers, summaries);
    }
}

public sealed record SessionState(
    IReadOnlyDictionary<string, IReadOnlyList<BgpPeerStatus>> GatewayPeers,
    IReadOnlyDictionary<(string CircuitId, CircuitPath Path), IReadOnlyList<CircuitRouteSummary>?> CircuitSummaries);
