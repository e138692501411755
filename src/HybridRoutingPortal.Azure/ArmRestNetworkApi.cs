using System.Text.Json;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure;

/// <summary><see cref="IAzureNetworkApi"/> over ARM REST with <see cref="ArmClient"/>.</summary>
public sealed class ArmRestNetworkApi(ArmClient arm) : IAzureNetworkApi
{
    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct) =>
        arm.ListAsync<Subscription>($"subscriptions?api-version={ApiVersions.Subscriptions}", "list subscriptions", ct);

    public async Task<ResourceGraphResult> QueryResourcesAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<string> types, CancellationToken ct)
    {
        if (subscriptions.Count > ApiVersions.ResourceGraphSubscriptionsPerRequest)
        {
            throw new ArgumentException($"Resource Graph takes at most {ApiVersions.ResourceGraphSubscriptionsPerRequest} subscriptions per request.", nameof(subscriptions));
        }

        // Projecting id keeps $skipToken paging possible (Resource Graph's own guidance).
        var query = "resources | where type in~ (" + string.Join(", ", types.Select(t => $"'{t.ToLowerInvariant()}'")) + ") | project id, type, name, subscriptionId | order by id asc";
        var results = new List<GraphResource>();
        string? skipToken = null;
        long? total = null;
        var truncated = false;
        do
        {
            var page = await arm.PostAsync<ResourceGraphResponse>(
                $"providers/Microsoft.ResourceGraph/resources?api-version={ApiVersions.ResourceGraph}",
                new ResourceGraphRequest(subscriptions, query, new ResourceGraphRequestOptions(skipToken, 1000)),
                "query Azure Resource Graph", ct);
            results.AddRange(page.Data);
            total ??= page.TotalRecords;
            truncated |= page.ResultTruncated == true;
            skipToken = page.SkipToken;
        }
        while (!string.IsNullOrEmpty(skipToken));

        var incomplete = truncated
            ? $"Resource Graph marked the result truncated ({results.Count} of {total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} rows)."
            : total is { } t && results.Count < t
                ? $"Resource Graph returned {results.Count} of {t} rows."
                : null;
        return new ResourceGraphResult(results, incomplete);
    }

    public Task<IReadOnlyList<ArmResource<T>>> ListBySubscriptionAsync<T>(string subscriptionId, string resourceType, string apiVersion, CancellationToken ct) =>
        arm.ListAsync<ArmResource<T>>($"subscriptions/{subscriptionId}/providers/{resourceType}?api-version={apiVersion}", $"list {resourceType} in subscription {subscriptionId}", ct);

    public async Task<IReadOnlyList<string>> ListResourceGroupsAsync(string subscriptionId, CancellationToken ct) =>
        (await arm.ListAsync<ArmResource<JsonElement>>($"subscriptions/{subscriptionId}/resourcegroups?api-version={ApiVersions.ResourceGroups}",
            $"list the resource groups of subscription {subscriptionId}", ct)).Select(g => g.Id).ToArray();

    public Task<IReadOnlyList<ArmResource<T>>> ListByResourceGroupAsync<T>(string resourceGroupId, string resourceType, string apiVersion, CancellationToken ct) =>
        arm.ListAsync<ArmResource<T>>($"{resourceGroupId.TrimStart('/')}/providers/{resourceType}?api-version={apiVersion}", $"list {resourceType} in {Name(resourceGroupId)}", ct);

    public Task<T> GetAsync<T>(string resourceId, string apiVersion, CancellationToken ct) =>
        arm.GetAsync<T>($"{resourceId.TrimStart('/')}?api-version={apiVersion}", $"read {Name(resourceId)}", ct);

    public Task<IReadOnlyList<ArmResource<T>>> ListChildrenAsync<T>(string parentId, string childPath, string apiVersion, CancellationToken ct) =>
        arm.ListAsync<ArmResource<T>>($"{parentId.TrimStart('/')}/{childPath}?api-version={apiVersion}", $"list {childPath} of {Name(parentId)}", ct);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<PeerRoute>>> RouteServerRoutesAsync(string bgpConnectionId, RouteDirection direction, CancellationToken ct)
    {
        var action = direction == RouteDirection.Learned ? "learnedRoutes" : "advertisedRoutes";
        var operation = $"list {action} of {Name(bgpConnectionId)}";
        var body = await arm.PostLongRunningAsync<Dictionary<string, List<PeerRoute>?>>(
            $"{bgpConnectionId.TrimStart('/')}/{action}?api-version={ApiVersions.Network}", operation, ct);
        // The answer is a dictionary keyed by Route Server instance. A list-shaped body ({"value": [...]}) or an
        // instance without a list is the wrong shape, not an instance called "value" or one with no routes.
        if (body.Keys.FirstOrDefault(k => k.Equals("value", StringComparison.OrdinalIgnoreCase) || k.Equals("nextLink", StringComparison.OrdinalIgnoreCase)) is { } listKey)
        {
            throw ArmFailure.Malformed(operation, $"expected routes keyed by Route Server instance, got a \"{listKey}\" list.");
        }

        if (body.FirstOrDefault(kv => kv.Value is null) is { Key: { } empty })
        {
            throw ArmFailure.Malformed(operation, $"instance {empty} has no route list (null).");
        }

        // {} (no instance at all) is a valid answer: a passive NVA has nothing to exchange.
        return body.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PeerRoute>)kv.Value!, StringComparer.OrdinalIgnoreCase);
    }

    // The route-table results' value is optional in the spec (ExpressRouteCircuitsRoutesTableListResult): {} is an empty table.
    public async Task<IReadOnlyList<CircuitRoute>> CircuitRouteTableAsync(string peeringId, string devicePath, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<OptionalList<CircuitRoute>>(
            $"{peeringId.TrimStart('/')}/routeTables/{devicePath}?api-version={ApiVersions.Network}", $"list the {devicePath} route table of {CircuitName(peeringId)}", ct)).Items;

    public async Task<IReadOnlyList<CircuitRouteSummary>> CircuitRouteTableSummaryAsync(string peeringId, string devicePath, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<OptionalList<CircuitRouteSummary>>(
            $"{peeringId.TrimStart('/')}/routeTablesSummary/{devicePath}?api-version={ApiVersions.Network}", $"list the {devicePath} route table summary of {CircuitName(peeringId)}", ct)).Items;

    // The gateway results' value is optional in the spec (GatewayRouteListResult, BgpPeerStatusListResult) and the official examples answer {}.
    public async Task<IReadOnlyList<PeerRoute>> GatewayLearnedRoutesAsync(string gatewayId, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<OptionalList<PeerRoute>>(
            $"{gatewayId.TrimStart('/')}/getLearnedRoutes?api-version={ApiVersions.Network}", $"get learned routes of {Name(gatewayId)}", ct)).Items;

    public async Task<IReadOnlyList<PeerRoute>> GatewayAdvertisedRoutesAsync(string gatewayId, string peer, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<OptionalList<PeerRoute>>(
            $"{gatewayId.TrimStart('/')}/getAdvertisedRoutes?peer={Uri.EscapeDataString(peer)}&api-version={ApiVersions.Network}", $"get routes {Name(gatewayId)} advertises to {peer}", ct)).Items;

    public async Task<IReadOnlyList<BgpPeerStatus>> GatewayBgpPeerStatusAsync(string gatewayId, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<OptionalList<BgpPeerStatus>>(
            $"{gatewayId.TrimStart('/')}/getBgpPeerStatus?api-version={ApiVersions.Network}", $"get BGP peer status of {Name(gatewayId)}", ct)).Items;

    public async Task<IReadOnlyList<EffectiveRouteDto>> NicEffectiveRoutesAsync(string networkInterfaceId, CancellationToken ct)
    {
        var operation = $"get the effective routes of {Name(networkInterfaceId)}";
        try
        {
            var body = await arm.PostLongRunningAsync<OptionalList<EffectiveRouteDto>>(
                $"{networkInterfaceId.TrimStart('/')}/effectiveRouteTable?api-version={ApiVersions.Network}", operation, ct);
            // Every running NIC has system routes (its VNet, the Internet default): no list, or an empty one, is not "no routes".
            if (body.Value is not { Count: > 0 } routes)
            {
                throw ArmFailure.Malformed(operation, "no effective routes at all (every running NIC has at least its VNet's system route).");
            }

            if (routes.Any(r => r is null))
            {
                throw ArmFailure.Malformed(operation, "a null route in the list.");
            }

            return routes;
        }
        catch (CollectionException ex) when (ex.HttpStatus == 400)
        {
            // Azure refuses to compute effective routes for a NIC whose VM is not running (stopped, deallocated) with a 400.
            // The specs document no error code for it, so the status decides and ARM's own words are kept.
            throw new CollectionException(FailureReason.NotRunning,
                $"Azure computes effective routes only while the VM runs; {Name(networkInterfaceId)}'s VM is not running (stopped or deallocated). ARM said: {ex.Message}", ex)
            { HttpStatus = ex.HttpStatus };
        }
    }

    public IReadOnlyList<RequestBudget> Budgets() => arm.Pacer.Snapshot();

    public IReadOnlyList<Core.Signals.LaneUsage> Lanes() => arm.Pacer.Lanes.Snapshot();

    private static string Name(string id) => id.TrimEnd('/').Split('/')[^1];

    private static string CircuitName(string peeringId)
    {
        var parts = peeringId.Split('/');
        var i = Array.FindIndex(parts, p => p.Equals("expressRouteCircuits", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : Name(peeringId);
    }

    /// <summary>A result whose value the spec leaves optional: { "value": [...] }, or {} for none. A null item is the wrong shape.</summary>
    private sealed record OptionalList<T>(IReadOnlyList<T>? Value)
    {
        public IReadOnlyList<T> Items => Value ?? [];
    }
}
