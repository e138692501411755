using HybridRoutingPortal.Core;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Azure.Discovery;

/// <summary>
/// Finds the estate and degrades instead of collapsing: the subscriptions, then where each resource is
/// (<see cref="ResourceLocator"/>: Resource Graph, else the listings ARM serves), then each resource's
/// details with bounded concurrency. Every part fails alone. What was known before and can no longer be
/// listed or read is kept as it was — its vantage points then fail with the reason, unknown, never gone —
/// and a resource that vanishes from a listing is only dropped once ARM says it is not found. Each part
/// that did not simply succeed is reported in <see cref="DiscoveredEstate.Parts"/> with why.
/// </summary>
public sealed class EstateDiscovery(IAzureNetworkApi api, AzureSourceOptions options, ILogger<EstateDiscovery> logger)
{
    /// <summary>
    /// Subscription states whose resources can be read: Warned and PastDue subscriptions still run (and are
    /// read) until they are disabled; Disabled and Deleted ones serve no reads.
    /// </summary>
    public static readonly IReadOnlyList<string> ReadableStates = ["Enabled", "Warned", "PastDue"];

    public Task<DiscoveredEstate> DiscoverAsync(int maxConcurrency, CancellationToken ct) => DiscoverAsync(null, maxConcurrency, ct);

    public async Task<DiscoveredEstate> DiscoverAsync(DiscoveredEstate? previous, int maxConcurrency, CancellationToken ct)
    {
        previous ??= DiscoveredEstate.Empty;
        var parts = new List<DiscoveryPart>();
        var subscriptions = await SubscriptionsAsync(previous, parts, ct);
        var gate = new SemaphoreSlim(Math.Max(1, maxConcurrency));
        var located = subscriptions.Count == 0 ? new LocatedResources() : await new ResourceLocator(api, options, logger, gate).LocateAsync(subscriptions, ct);
        parts.AddRange(located.Parts);

        var candidates = Candidates(previous, located, subscriptions, parts);
        var details = new ResourceDetails(api);
        var reads = new DetailReads(gate, parts, logger, ct);
        var routeServers = reads.AllAsync(candidates, ResourceTypes.VirtualHubs, previous.RouteServers, r => r.Id, id => details.RouteServerAsync(id, ct));
        var circuits = reads.AllAsync(candidates, ResourceTypes.ExpressRouteCircuits, previous.Circuits, c => c.Id, async id => (CircuitInfo?)await details.CircuitAsync(id, ct));
        var gateways = reads.AllAsync(candidates, ResourceTypes.VirtualNetworkGateways, previous.Gateways, g => g.Id, async id => (GatewayInfo?)await details.GatewayAsync(id, ct));
        var connections = reads.AllAsync(candidates, ResourceTypes.Connections, previous.Connections, c => c.Id, async id => (ConnectionInfo?)await details.ConnectionAsync(id, ct));
        var vnets = reads.AllAsync(candidates, ResourceTypes.VirtualNetworks, previous.Vnets, v => v.Id, async id => (VnetInfo?)await details.VnetAsync(id, ct));
        var clouds = reads.AllAsync(candidates, ResourceTypes.PrivateClouds, previous.PrivateClouds, p => p.Id, async id => (PrivateCloudInfo?)await details.PrivateCloudAsync(id, ct));
        await Task.WhenAll(routeServers, circuits, gateways, connections, vnets, clouds);

        foreach (var rs in (await routeServers).Where(r => !r.Ready))
        {
            parts.Add(new DiscoveryPart(ResourceTypes.VirtualHubs, rs.Id, DiscoveryPartStatus.Warning, null,
                $"Route Server {rs.Name} is still provisioning ({rs.ProvisioningState ?? "state unknown"}): it has no router IPs yet, so its BGP peers are polled once it has them."));
        }

        var dataPlane = await new DataPlaneDiscovery(api, options).DiscoverAsync(subscriptions, await routeServers, previous.DataPlane, parts, ct);
        var estate = new DiscoveredEstate(await routeServers, await circuits, await gateways, await connections, await vnets, await clouds, [], subscriptions, dataPlane);
        parts.Insert(0, Summary(estate, reads.VirtualWanHubs, subscriptions.Count, parts));
        return estate with { Parts = parts };
    }

    private async Task<IReadOnlyList<string>> SubscriptionsAsync(DiscoveredEstate previous, List<DiscoveryPart> parts, CancellationToken ct)
    {
        if (options.Subscriptions.Count > 0)
        {
            return options.Subscriptions.ToArray();
        }

        try
        {
            var all = await api.ListSubscriptionsAsync(ct);
            var readable = all.Where(s => s.State is null || ReadableStates.Contains(s.State, StringComparer.OrdinalIgnoreCase)).ToArray();
            var notReadable = all.Except(readable).ToArray();
            if (notReadable.Length > 0)
            {
                parts.Add(new DiscoveryPart("Subscriptions", null, DiscoveryPartStatus.Warning, null,
                    $"Left out {notReadable.Length} subscription(s) ARM serves no reads for: {string.Join(", ", notReadable.Select(s => $"{s.DisplayName ?? s.SubscriptionId} ({s.State})"))}."));
            }

            return readable.Select(s => s.SubscriptionId).ToArray();
        }
        catch (CollectionException ex) when (previous.Subscriptions is { Count: > 0 } known)
        {
            parts.Add(new DiscoveryPart("Subscriptions", null, DiscoveryPartStatus.Failed, ex.Reason,
                $"The subscriptions could not be listed. {ex.Message} Rediscovering the {known.Count} known before.", known.Count));
            return known;
        }
    }

    /// <summary>
    /// The ids to read, by type: what was located; what was known before in a scope whose listing failed
    /// (kept, counted on that part); and what was known before in a scope that listed fine without it (read
    /// again: ARM's "not found" drops it, any other failure keeps it as unknown).
    /// </summary>
    private static Dictionary<string, List<(string Id, Candidate Kind)>> Candidates(
        DiscoveredEstate previous, LocatedResources located, IReadOnlyList<string> subscriptions, List<DiscoveryPart> parts)
    {
        var candidates = ResourceTypes.All.ToDictionary(t => t, t => located.Ids(t).Select(id => (id, Candidate.Located)).ToList(), StringComparer.OrdinalIgnoreCase);
        var watched = subscriptions.Select(LocatedResources.ScopePrefix).ToArray();
        var kept = new Dictionary<int, int>();
        foreach (var (type, id) in previous.ResourceIds())
        {
            if (located.Contains(type, id) || !watched.Any(w => id.StartsWith(w, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (located.InFailedScope(type, id, out var part))
            {
                kept[part] = kept.GetValueOrDefault(part) + 1;
                candidates[type].Add((id, Candidate.InFailedScope));
            }
            else
            {
                candidates[type].Add((id, Candidate.Vanished));
            }
        }

        var offset = parts.Count - located.Parts.Count;
        foreach (var (part, count) in kept)
        {
            var p = parts[offset + part];
            parts[offset + part] = p with { KeptUnknown = count, Message = $"{p.Message} Keeping {count} resource(s) known before; their vantage points stay unknown until this can be listed again." };
        }

        return candidates;
    }

    private static DiscoveryPart Summary(DiscoveredEstate estate, int virtualWanHubs, int subscriptions, List<DiscoveryPart> parts)
    {
        var failed = parts.Count(p => p.Status == DiscoveryPartStatus.Failed);
        return new DiscoveryPart("Discovery", null, failed > 0 ? DiscoveryPartStatus.Warning : DiscoveryPartStatus.Ok, null,
            $"{subscriptions} subscription(s): {estate.RouteServers.Count} Route Server(s), {estate.Circuits.Count} circuit(s), {estate.Gateways.Count} gateway(s), "
            + $"{estate.Connections.Count} connection(s), {estate.Vnets.Count} VNet(s), {estate.PrivateClouds.Count} AVS private cloud(s), "
            + $"{estate.DataPlane?.Watched.Count() ?? 0} watched NIC(s), {estate.DataPlane?.RouteTables.Count ?? 0} route table(s)"
            + (virtualWanHubs > 0 ? $"; {virtualWanHubs} Virtual WAN hub(s) left out (not Route Servers)" : "")
            + (failed > 0 ? $"; {failed} part(s) failed, see below." : "."));
    }

    private enum Candidate
    {
        Located,
        InFailedScope,
        Vanished,
    }

    /// <summary>Detail reads of one discovery, with bounded concurrency; a resource that cannot be read keeps its last known details.</summary>
    private sealed class DetailReads(SemaphoreSlim gate, List<DiscoveryPart> parts, ILogger logger, CancellationToken ct)
    {
        private int _virtualWanHubs;

        public int VirtualWanHubs => _virtualWanHubs;

        public async Task<IReadOnlyList<T>> AllAsync<T>(
            Dictionary<string, List<(string Id, Candidate Kind)>> candidates, string type, IReadOnlyList<T> previous, Func<T, string> idOf, Func<string, Task<T?>> read)
            where T : class
        {
            var known = previous.ToDictionary(idOf, StringComparer.OrdinalIgnoreCase);
            var results = await Task.WhenAll(candidates[type].DistinctBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
                .Select(c => OneAsync(type, c.Id, c.Kind, known.GetValueOrDefault(c.Id), read)));
            return results.OfType<T>().ToArray();
        }

        private async Task<T?> OneAsync<T>(string type, string id, Candidate kind, T? last, Func<string, Task<T?>> read)
            where T : class
        {
            await gate.WaitAsync(ct);
            try
            {
                var found = await read(id);
                if (found is null && type == ResourceTypes.VirtualHubs)
                {
                    Interlocked.Increment(ref _virtualWanHubs);
                }

                return found;
            }
            catch (CollectionException ex) when (ex.Reason == FailureReason.NotFound)
            {
                // Deleted (or moved) since it was listed or last seen: gone, not unknown.
                return null;
            }
            catch (CollectionException ex)
            {
                logger.LogWarning("Discovery could not read {Id}: {Reason}: {Message}", id, ex.Reason, ex.Message);
                var why = kind == Candidate.Vanished ? "It no longer shows in its listing, and reading it failed" : "Reading it failed";
                lock (parts)
                {
                    parts.Add(last is null
                        ? new DiscoveryPart(type, id, DiscoveryPartStatus.Failed, ex.Reason, $"{why}: {ex.Message} It is not watched until it can be read.")
                        : new DiscoveryPart(type, id, DiscoveryPartStatus.Failed, ex.Reason, $"{why}: {ex.Message} Keeping what was known before; its vantage points stay unknown.",
                            // Already counted on the listing part that failed for its scope.
                            kind == Candidate.InFailedScope ? 0 : 1));
                }

                return last;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
