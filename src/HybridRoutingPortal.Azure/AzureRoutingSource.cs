using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Collectors;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Azure.Metrics;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Azure;

/// <summary>
/// The estate read through ARM. Discovery runs every Azure:DiscoveryInterval; each cycle refreshes the
/// cheap session state (gateway BGP peers, circuit route-table summaries) for the topology and plans one
/// collector per route-bearing ARM operation. Nothing here depends on an estate's names, counts or IP plan.
/// How discovery went, the request budgets ARM reports and rows left out of answers are in <see cref="Diagnostics"/>.
/// </summary>
public sealed class AzureRoutingSource(
    IAzureNetworkApi api,
    EstateDiscovery discovery,
    AzureSourceOptions options,
    int maxConcurrency,
    TimeProvider time,
    ILogger<AzureRoutingSource> logger,
    IAzureMetricsApi? metrics = null) : IRoutingSource, IDiagnosedSource, ISignalSource
{
    private readonly AzureSignals? _signals = metrics is null ? null : new AzureSignals(metrics, api.Budgets);
    private SessionState? _lastSessions;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DiscoveredEstate? _estate;
    private DateTimeOffset _discoveredAt;
    private IReadOnlyList<DiscoveryPart> _discoveryParts = [];
    private readonly Dictionary<string, IReadOnlyList<BgpPeerStatus>> _lastPeers = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _instances = new(StringComparer.OrdinalIgnoreCase);
    private readonly RowWarnings _rowWarnings = new();

    public string Name => "Azure";

    public DiscoveredEstate? Estate => _estate;

    public SourceDiagnostics Diagnostics => new(_estate is null ? null : _discoveredAt, _discoveryParts, api.Budgets(), _rowWarnings.Snapshot(), api.Lanes());

    /// <summary>
    /// The fast lane: Azure Monitor metrics of the estate discovered so far (nothing before the first discovery), each
    /// resource at its metric's grain. A failure is reported per resource, never thrown: only its signal is unknown.
    /// </summary>
    public async Task<SignalRead> ReadSignalsAsync(SignalRequest request, CancellationToken cancellationToken)
    {
        if (_signals is null || _estate is not { } estate)
        {
            return SignalRead.Empty(request.Now);
        }

        return await _signals.ReadAsync(request, estate, _lastSessions, _instances, maxConcurrency, cancellationToken);
    }

    public async Task<SourcePlan> PlanAsync(CancellationToken cancellationToken)
    {
        var estate = await EstateAsync(cancellationToken);
        var sessions = await RefreshSessionsAsync(estate, cancellationToken);
        _lastSessions = sessions;
        var vantagePoints = new List<VantagePoint>();
        var collectors = new List<ICollector>();

        // A Route Server still provisioning has no router IPs and no sessions yet: shown, said in the diagnostics, not polled.
        foreach (var rs in estate.RouteServers.Where(r => r.Ready))
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

                    var connectionId = connection.Id;
                    collectors.Add(ArmCollectors.RouteServer(api, connection, learned, instances, _rowWarnings,
                        seen => _instances[connectionId] = seen.Select(n => ArmCollectors.DefaultInstances.FirstOrDefault(d => d.Equals(n, StringComparison.OrdinalIgnoreCase)) ?? n)
                            .Order(StringComparer.OrdinalIgnoreCase).ToArray()));
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
                collectors.Add(ArmCollectors.CircuitTable(api, circuit, path, _rowWarnings));
            }
        }

        foreach (var gateway in estate.Gateways)
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.GatewayLearned(gateway.Id), VantageKind.GatewayLearned, $"{gateway.Name} · learned",
                StandardVantages.Node(gateway.Id), gateway.Id));
            collectors.Add(ArmCollectors.GatewayLearned(api, gateway, _rowWarnings));
            foreach (var peer in sessions.GatewayPeers.GetValueOrDefault(gateway.Id, []).Where(p => !IsRouteServerPeer(estate, p.Neighbor)))
            {
                vantagePoints.Add(new VantagePoint(StandardVantages.GatewayAdvertised(gateway.Id, peer.Neighbor), VantageKind.GatewayAdvertised,
                    $"{gateway.Name} → {peer.Neighbor} (AS {peer.Asn}) · advertised", StandardVantages.Node(gateway.Id), gateway.Id, null, peer.Neighbor));
                collectors.Add(ArmCollectors.GatewayAdvertised(api, gateway, peer.Neighbor, _rowWarnings));
            }
        }

        foreach (var cloud in estate.PrivateClouds)
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.AvsSegments(cloud.Id), VantageKind.AvsSegments, $"{cloud.Name} · management block and segments",
                StandardVantages.Node(cloud.Id), cloud.Id));
            collectors.Add(ArmCollectors.AvsSegments(api, cloud, _rowWarnings));
        }

        foreach (var vnet in estate.Vnets)
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.VnetAddressSpace(vnet.Id), VantageKind.VnetAddressSpace, $"{vnet.Name} · address space",
                StandardVantages.Node(vnet.Id), vnet.Id));
            collectors.Add(ArmCollectors.VnetAddressSpace(api, vnet));
        }

        // The data plane: the watched NICs' effective routes and every route table's routes.
        foreach (var nic in estate.DataPlane?.Watched ?? [])
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.NicEffectiveRoutes(nic.Id), VantageKind.NicEffectiveRoutes, $"{nic.Name} · effective routes",
                StandardVantages.Node(nic.Id), nic.Id));
            collectors.Add(ArmCollectors.NicEffectiveRoutes(api, nic, _rowWarnings));
        }

        foreach (var table in sessions.RouteTables ?? estate.DataPlane?.RouteTables ?? [])
        {
            vantagePoints.Add(new VantagePoint(StandardVantages.RouteTable(table.Id), VantageKind.RouteTable, $"{table.Name} · routes", StandardVantages.Node(table.Id), table.Id));
            collectors.Add(ArmCollectors.RouteTable(api, table, _rowWarnings));
        }

        return new SourcePlan(vantagePoints, AzureTopology.Build(estate, sessions), collectors);
    }

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
                _estate = await discovery.DiscoverAsync(_estate, maxConcurrency, ct);
                _discoveredAt = time.GetUtcNow();
                _discoveryParts = _estate.Parts;
                var problems = _estate.Parts.Count(p => p.Status is DiscoveryPartStatus.Failed or DiscoveryPartStatus.FellBack);
                logger.LogInformation(
                    "Discovered {RouteServers} Route Servers, {Circuits} circuits, {Gateways} gateways, {Vnets} VNets, {Clouds} AVS private clouds ({Problems} parts failed or fell back)",
                    _estate.RouteServers.Count, _estate.Circuits.Count, _estate.Gateways.Count, _estate.Vnets.Count, _estate.PrivateClouds.Count, problems);
            }
            catch (CollectionException ex)
            {
                _discoveryParts = [new DiscoveryPart("Discovery", null, DiscoveryPartStatus.Failed, ex.Reason,
                    _estate is null ? $"Discovery failed: {ex.Message} Retrying next cycle." : $"Rediscovery failed: {ex.Message} Polling the estate discovered before.",
                    _estate?.ResourceIds().Count() ?? 0), .. _estate?.Parts ?? []];
                if (_estate is null)
                {
                    throw;
                }

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
        var routeServerSessions = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<RouteTableInfo>? routeTables = null;

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
            var status = await api.GatewayBgpPeerStatusAsync(g.Id, ct);
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
        })))).Concat(estate.DataPlane is null ? [] : [Guarded(async () =>
        {
            // Route tables are listed every cycle (one paged read per subscription): "Propagate gateway routes" and the subnets
            // a table is attached to change without a rediscovery, and the explanations read them from the topology.
            var parts = new List<DiscoveryPart>();
            routeTables = await new DataPlaneDiscovery(api, options).RouteTablesAsync(estate.Subscriptions ?? [], estate.DataPlane.RouteTables, parts, ct);
            foreach (var part in parts)
            {
                logger.LogWarning("Route table refresh: {Message}", part.Message);
            }
        })]).Concat(estate.RouteServers.Select(rs => Guarded(async () =>
        {
            // Route Server's session states are read every cycle, not taken from the last discovery: a state from
            // half an hour ago is not evidence of now. A Route Server that cannot be read leaves its sessions unknown.
            var connections = await api.ListChildrenAsync<BgpConnectionProperties>(rs.Id, "bgpConnections", ApiVersions.Network, ct);
            lock (routeServerSessions)
            {
                foreach (var c in connections)
                {
                    routeServerSessions[c.Id] = c.Properties?.ConnectionState;
                }
            }
        }))).ToArray();
        await Task.WhenAll(tasks);

        // A gateway whose peer status could not be read keeps its last known peers (and their vantage points).
        foreach (var g in estate.Gateways.Where(g => !peers.ContainsKey(g.Id) && _lastPeers.ContainsKey(g.Id)))
        {
            peers[g.Id] = _lastPeers[g.Id];
        }

        return new SessionState(peers, summaries, routeServerSessions, routeTables);
    }
}

public sealed record SessionState(
    IReadOnlyDictionary<string, IReadOnlyList<BgpPeerStatus>> GatewayPeers,
    IReadOnlyDictionary<(string CircuitId, CircuitPath Path), IReadOnlyList<CircuitRouteSummary>?> CircuitSummaries,
    IReadOnlyDictionary<string, string?>? RouteServerSessions = null,
    IReadOnlyList<RouteTableInfo>? RouteTables = null)
{
    /// <summary>A Route Server session's state read this cycle; Unknown when it could not be read.</summary>
    public BgpState RouteServerSession(string connectionId) =>
        RouteServerSessions?.TryGetValue(connectionId, out var state) == true ? BgpStates.Parse(state) : BgpState.Unknown;
}
