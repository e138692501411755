using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Discovery;

/// <summary>
/// Finds the data plane of the watched subscriptions: every NIC and every route table, from ARM's subscription-wide lists
/// (NetworkInterfaces_ListAll, RouteTables_ListAll: one paged read each per subscription, whatever the estate's size).
/// The NICs whose effective routes are read are those of an NVA peered with a Route Server (every NIC of the VM holding the
/// BGP peer address), those tagged hybrid-routing-watch = true, and those named in Azure:WatchNics. A subscription whose
/// list fails keeps what was known of it before, and the NIC inventory is then incomplete (a next hop no known NIC holds is
/// not called a blackhole).
/// </summary>
internal sealed class DataPlaneDiscovery(IAzureNetworkApi api, AzureSourceOptions options)
{
    public const string WatchTag = "hybrid-routing-watch";

    public async Task<DataPlaneInfo> DiscoverAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<RouteServerInfo> routeServers, DataPlaneInfo? previous,
        List<DiscoveryPart> parts, CancellationToken ct)
    {
        previous ??= DataPlaneInfo.Empty;
        var nics = new List<ArmResource<NetworkInterfaceProperties>>();
        var kept = new List<NicInfo>();
        var complete = true;
        foreach (var subscription in subscriptions)
        {
            try
            {
                nics.AddRange(await api.ListBySubscriptionAsync<NetworkInterfaceProperties>(subscription, "Microsoft.Network/networkInterfaces", ApiVersions.Network, ct));
            }
            catch (CollectionException ex)
            {
                complete = false;
                var known = previous.Nics.Where(n => InSubscription(n.Id, subscription)).ToArray();
                kept.AddRange(known);
                parts.Add(new DiscoveryPart("Microsoft.Network/networkInterfaces", $"/subscriptions/{subscription}", DiscoveryPartStatus.Failed, ex.Reason,
                    $"The NICs could not be listed: {ex.Message} Keeping the {known.Length} known before; until they can be listed, a route table's next hop no known NIC holds is not called a blackhole.",
                    known.Length));
            }
        }

        var tables = await RouteTablesAsync(subscriptions, previous.RouteTables, parts, ct);
        var inventory = nics.Select(ToInfo).Concat(kept.Select(k => k with { WatchReason = null })).DistinctBy(n => n.Id, StringComparer.OrdinalIgnoreCase).ToList();
        var watched = Watch(inventory, routeServers);
        foreach (var id in options.WatchNics.Where(id => !watched.Any(n => n?.Id.Equals(id, StringComparison.OrdinalIgnoreCase) == true)).ToArray())
        {
            watched.Add(await WatchedNicAsync(id, inventory, previous, parts, ct));
        }

        var all = inventory.Where(n => !watched.Any(w => w?.Id.Equals(n.Id, StringComparison.OrdinalIgnoreCase) == true)).Concat(watched.OfType<NicInfo>()).ToArray();
        return new DataPlaneInfo(all, tables, complete);
    }

    /// <summary>The route tables of every watched subscription; one that cannot be listed keeps its tables known before.</summary>
    public async Task<IReadOnlyList<RouteTableInfo>> RouteTablesAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<RouteTableInfo> previous, List<DiscoveryPart> parts,
        CancellationToken ct)
    {
        var tables = new List<RouteTableInfo>();
        foreach (var subscription in subscriptions)
        {
            try
            {
                var listed = await api.ListBySubscriptionAsync<RouteTableProperties>(subscription, "Microsoft.Network/routeTables", ApiVersions.Network, ct);
                tables.AddRange(listed.Select(ToInfo));
            }
            catch (CollectionException ex)
            {
                var known = previous.Where(t => InSubscription(t.Id, subscription)).ToArray();
                tables.AddRange(known);
                parts.Add(new DiscoveryPart("Microsoft.Network/routeTables", $"/subscriptions/{subscription}", DiscoveryPartStatus.Failed, ex.Reason,
                    $"The route tables could not be listed: {ex.Message} Keeping the {known.Length} known before; their vantage points stay unknown.", known.Length));
            }
        }

        return tables;
    }

    public static RouteTableInfo ToInfo(ArmResource<RouteTableProperties> table) =>
        new(table.Id, table.Name, table.Properties?.DisableBgpRoutePropagation,
            (table.Properties?.Subnets ?? []).Select(s => s?.Id).OfType<string>().ToArray(),
            (table.Properties?.Routes ?? []).OfType<RouteTableRoute>()
                .Select(r => new UserRouteInfo(r.Name ?? "", r.Properties?.AddressPrefix, r.Properties?.NextHopType, r.Properties?.NextHopIpAddress)).ToArray());

    private static NicInfo ToInfo(ArmResource<NetworkInterfaceProperties> nic)
    {
        var configurations = (nic.Properties?.IpConfigurations ?? []).Where(c => c?.Properties is not null).Select(c => c.Properties!).ToArray();
        return new NicInfo(nic.Id, nic.Name,
            configurations.Select(c => Bare(c.PrivateIPAddress)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            configurations.Select(c => c.Subnet?.Id).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            nic.Properties?.VirtualMachine?.Id,
            nic.Tags?.Any(t => t.Key.Equals(WatchTag, StringComparison.OrdinalIgnoreCase) && t.Value?.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true) == true);
    }

    /// <summary>The tagged NICs, and every NIC of each VM that holds a Route Server peer's address (an NVA's trust and untrust sides).</summary>
    private static List<NicInfo?> Watch(List<NicInfo> inventory, IReadOnlyList<RouteServerInfo> routeServers)
    {
        var peers = routeServers.SelectMany(r => r.Connections.Select(c => (RouteServer: r.Name, c.PeerIp))).ToArray();
        var watched = new Dictionary<string, NicInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var nic in inventory.Where(n => n.Tagged))
        {
            watched[nic.Id] = nic with { WatchReason = $"tagged {WatchTag}=true" };
        }

        foreach (var (routeServer, peerIp) in peers)
        {
            foreach (var holder in inventory.Where(n => n.Addresses.Contains(peerIp, StringComparer.OrdinalIgnoreCase)))
            {
                var siblings = holder.VirtualMachineId is { } vm
                    ? inventory.Where(n => string.Equals(n.VirtualMachineId, vm, StringComparison.OrdinalIgnoreCase))
                    : [holder];
                foreach (var nic in siblings)
                {
                    watched[nic.Id] = nic with { WatchReason = $"NVA {peerIp} peered with {routeServer}" };
                }
            }
        }

        return [.. watched.Values];
    }

    /// <summary>A NIC named in Azure:WatchNics that the lists did not show (another subscription): read on its own.</summary>
    private async Task<NicInfo?> WatchedNicAsync(string id, List<NicInfo> inventory, DataPlaneInfo previous, List<DiscoveryPart> parts, CancellationToken ct)
    {
        const string reason = "listed in Azure:WatchNics";
        if (inventory.FirstOrDefault(n => n.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) is { } listed)
        {
            return listed with { WatchReason = reason };
        }

        try
        {
            var nic = ToInfo(await api.GetAsync<ArmResource<NetworkInterfaceProperties>>(id, ApiVersions.Network, ct));
            inventory.Add(nic);
            return nic with { WatchReason = reason };
        }
        catch (CollectionException ex) when (ex.Reason == FailureReason.NotFound)
        {
            parts.Add(new DiscoveryPart("Azure:WatchNics", id, DiscoveryPartStatus.Warning, ex.Reason, $"The NIC {id} in Azure:WatchNics does not exist (404); it is not watched."));
            return null;
        }
        catch (CollectionException ex)
        {
            var last = previous.Nics.FirstOrDefault(n => n.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
            parts.Add(new DiscoveryPart("Azure:WatchNics", id, DiscoveryPartStatus.Failed, ex.Reason,
                last is null ? $"The NIC could not be read: {ex.Message} It is not watched until it can be read." : $"The NIC could not be read: {ex.Message} Keeping what was known before.",
                last is null ? 0 : 1));
            return last is null ? null : last with { WatchReason = reason };
        }
    }

    private static bool InSubscription(string id, string subscription) => id.StartsWith($"/subscriptions/{subscription}/", StringComparison.OrdinalIgnoreCase);

    /// <summary>"172.20.2.16/28" → "172.20.2.16": ARM may write the prefix length into privateIPAddress.</summary>
    private static string? Bare(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var slash = address.IndexOf('/');
        return (slash < 0 ? address : address[..slash]).Trim();
    }
}
