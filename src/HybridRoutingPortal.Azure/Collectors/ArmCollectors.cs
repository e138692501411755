using System.Collections.Concurrent;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Collectors;

/// <summary>One ARM read yielding the observations of the vantage points it covers.</summary>
internal sealed class ArmCollector(IReadOnlyList<string> vantageIds, Func<DateTimeOffset, CancellationToken, Task<IReadOnlyList<Observation>>> collect) : ICollector
{
    public IReadOnlyList<string> VantageIds => vantageIds;

    public Task<IReadOnlyList<Observation>> CollectAsync(DateTimeOffset polledAt, CancellationToken cancellationToken) => collect(polledAt, cancellationToken);
}

/// <summary>The rows each vantage point's last answer left out, counted so they show on the Overview.</summary>
internal sealed class RowWarnings
{
    private readonly ConcurrentDictionary<string, SkippedRows> _latest = new(StringComparer.Ordinal);

    public IReadOnlyList<Route> Keep(string vantageId, MappedRoutes mapped, DateTimeOffset at)
    {
        if (mapped.Skipped > 0)
        {
            _latest[vantageId] = new SkippedRows(vantageId, mapped.Skipped, mapped.SkipReason ?? "unreadable rows", at);
        }
        else
        {
            _latest.TryRemove(vantageId, out _);
        }

        return mapped.Routes;
    }

    public IReadOnlyList<SkippedRows> Snapshot() => _latest.Values.OrderBy(s => s.VantageId, StringComparer.Ordinal).ToArray();
}

/// <summary>Builds the collectors of DESIGN.md §1 for a discovered estate.</summary>
internal static class ArmCollectors
{
    /// <summary>Route Server answers per instance; these are the names ARM uses today, used until an answer says otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultInstances = ["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"];

    public static ICollector RouteServer(IAzureNetworkApi api, BgpConnectionInfo connection, bool learned, IReadOnlyList<string> instances,
        RowWarnings warnings, Action<IReadOnlyList<string>> sawInstances)
    {
        var ids = instances.Select(i => StandardVantages.RouteServer(connection.Id, learned, i)).ToArray();
        var operation = $"{(learned ? "learnedRoutes" : "advertisedRoutes")} of {connection.Name}";
        return new ArmCollector(ids, async (at, ct) =>
        {
            var answer = await api.RouteServerRoutesAsync(connection.Id, learned ? RouteDirection.Learned : RouteDirection.Advertised, ct);
            // Every instance ARM names is kept; an answer with no instance at all is a passive peer: valid and empty.
            var observations = answer.Select(kv =>
            {
                var id = StandardVantages.RouteServer(connection.Id, learned, kv.Key);
                return Observation.Ok(id, at, warnings.Keep(id, RouteMapping.FromPeerRoutes(kv.Value, operation), at));
            }).ToList();
            if (answer.Count == 0)
            {
                observations.AddRange(ids.Select(id => Observation.Ok(id, at, [])));
            }
            else
            {
                sawInstances(answer.Keys.ToArray());
            }

            return observations;
        });
    }

    public static ICollector CircuitTable(IAzureNetworkApi api, CircuitInfo circuit, CircuitPath path, RowWarnings warnings)
    {
        var operation = $"the {path.ArmName()} route table of {circuit.Name}";
        var id = StandardVantages.CircuitTable(circuit.PrivatePeering!.Id, path.ArmName());
        return new ArmCollector([id], async (at, ct) =>
        {
            var rows = await api.CircuitRouteTableAsync(circuit.PrivatePeering.Id, path.ArmName(), ct);
            return [Observation.Ok(id, at, warnings.Keep(id, RouteMapping.FromCircuitRoutes(rows, operation), at))];
        });
    }

    public static ICollector GatewayLearned(IAzureNetworkApi api, GatewayInfo gateway, RowWarnings warnings)
    {
        var operation = $"learned routes of {gateway.Name}";
        var id = StandardVantages.GatewayLearned(gateway.Id);
        return new ArmCollector([id], async (at, ct) =>
        {
            var rows = await api.GatewayLearnedRoutesAsync(gateway.Id, ct);
            return [Observation.Ok(id, at, warnings.Keep(id, RouteMapping.FromPeerRoutes(rows, operation), at))];
        });
    }

    public static ICollector GatewayAdvertised(IAzureNetworkApi api, GatewayInfo gateway, string peer, RowWarnings warnings)
    {
        var operation = $"routes {gateway.Name} advertises to {peer}";
        var id = StandardVantages.GatewayAdvertised(gateway.Id, peer);
        return new ArmCollector([id], async (at, ct) =>
        {
            var rows = await api.GatewayAdvertisedRoutesAsync(gateway.Id, peer, ct);
            return [Observation.Ok(id, at, warnings.Keep(id, RouteMapping.FromPeerRoutes(rows, operation), at))];
        });
    }

    /// <summary>The prefixes AVS should advertise: its management block and every workload segment.</summary>
    public static ICollector AvsSegments(IAzureNetworkApi api, PrivateCloudInfo cloud, RowWarnings warnings)
    {
        var id = StandardVantages.AvsSegments(cloud.Id);
        var operation = $"segments of {cloud.Name}";
        return new ArmCollector([id], async (at, ct) =>
        {
            var pc = await api.GetAsync<PrivateCloud>(cloud.Id, ApiVersions.Avs, ct);
            var segments = await api.ListChildrenAsync<SegmentProperties>(cloud.Id, "workloadNetworks/default/segments", ApiVersions.AvsSegments, ct);
            var routes = new List<Route> { new(RouteMapping.Prefix(pc.Properties.NetworkBlock, operation), "", AsPath.Empty, RouteOrigins.AvsManagementBlock) };
            var skipped = 0;
            foreach (var segment in segments)
            {
                // A segment without a gateway address has no subnet yet (being created): nothing to advertise, not an error.
                if (segment.Properties?.Subnet?.GatewayAddress is not { Length: > 0 } gateway)
                {
                    continue;
                }

                if (!IpPrefix.TryParse(gateway, out var prefix))
                {
                    skipped++;
                    continue;
                }

                var slash = gateway.IndexOf('/');
                routes.Add(new Route(prefix, slash < 0 ? gateway : gateway[..slash], AsPath.Empty, RouteOrigins.AvsSegment, SourcePeer: segment.Name));
            }

            return [Observation.Ok(id, at, warnings.Keep(id, new MappedRoutes(routes, skipped, skipped > 0 ? "a segment's gatewayAddress is not a prefix" : null), at))];
        });
    }

    /// <summary>A watched NIC's effective routes; its VM not running fails it as NotRunning (unknown, never empty).</summary>
    public static ICollector NicEffectiveRoutes(IAzureNetworkApi api, NicInfo nic, RowWarnings warnings)
    {
        var id = StandardVantages.NicEffectiveRoutes(nic.Id);
        var operation = $"effective routes of {nic.Name}";
        return new ArmCollector([id], async (at, ct) =>
        {
            var rows = await api.NicEffectiveRoutesAsync(nic.Id, ct);
            return [Observation.Ok(id, at, warnings.Keep(id, RouteMapping.FromEffectiveRoutes(rows, operation), at))];
        });
    }

    /// <summary>A route table's user-defined routes, read each cycle (an empty table is a valid answer).</summary>
    public static ICollector RouteTable(IAzureNetworkApi api, RouteTableInfo table, RowWarnings warnings)
    {
        var id = StandardVantages.RouteTable(table.Id);
        var operation = $"routes of {table.Name}";
        return new ArmCollector([id], async (at, ct) =>
        {
            var current = DataPlaneDiscovery.ToInfo(await api.GetAsync<ArmResource<RouteTableProperties>>(table.Id, ApiVersions.Network, ct));
            return [Observation.Ok(id, at, warnings.Keep(id, RouteMapping.FromUserRoutes(current.Routes, operation), at))];
        });
    }

    public static ICollector VnetAddressSpace(IAzureNetworkApi api, VnetInfo vnet)
    {
        var id = StandardVantages.VnetAddressSpace(vnet.Id);
        var operation = $"address space of {vnet.Name}";
        return new ArmCollector([id], async (at, ct) =>
        {
            var current = await api.GetAsync<ArmResource<VirtualNetworkProperties>>(vnet.Id, ApiVersions.Network, ct);
            var prefixes = current.Properties?.AddressSpace?.AddressPrefixes ?? throw ArmFailure.Malformed(operation, "no addressSpace.");
            return [Observation.Ok(id, at, prefixes.Select(p => new Route(RouteMapping.Prefix(p, operation), "", AsPath.Empty, RouteOrigins.Network)).ToArray())];
        });
    }
}
