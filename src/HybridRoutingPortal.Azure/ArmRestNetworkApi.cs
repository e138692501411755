using HybridRoutingPortal.Azure.Arm;

namespace HybridRoutingPortal.Azure;

/// <summary><see cref="IAzureNetworkApi"/> over ARM REST with <see cref="ArmClient"/>.</summary>
public sealed class ArmRestNetworkApi(ArmClient arm) : IAzureNetworkApi
{
    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct) =>
        arm.ListAsync<Subscription>($"subscriptions?api-version={ApiVersions.Subscriptions}", "list subscriptions", ct);

    public async Task<IReadOnlyList<GraphResource>> QueryResourcesAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<string> types, CancellationToken ct)
    {
        var query = "resources | where type in~ (" + string.Join(", ", types.Select(t => $"'{t.ToLowerInvariant()}'")) + ") | project id, type, name, subscriptionId";
        var results = new List<GraphResource>();
        string? skipToken = null;
        do
        {
            var page = await arm.PostAsync<ResourceGraphResponse>(
                $"providers/Microsoft.ResourceGraph/resources?api-version={ApiVersions.ResourceGraph}",
                new ResourceGraphRequest(subscriptions, query, new ResourceGraphRequestOptions(skipToken, 1000)),
                "query Azure Resource Graph", ct);
            results.AddRange(page.Data);
            skipToken = page.SkipToken;
        }
        while (!string.IsNullOrEmpty(skipToken));

        return results;
    }

    public Task<IReadOnlyList<ArmResource<T>>> ListBySubscriptionAsync<T>(string subscriptionId, string resourceType, string apiVersion, CancellationToken ct) =>
        arm.ListAsync<ArmResource<T>>($"subscriptions/{subscriptionId}/providers/{resourceType}?api-version={apiVersion}", $"list {resourceType} in {subscriptionId}", ct);

    public Task<T> GetAsync<T>(string resourceId, string apiVersion, CancellationToken ct) =>
        arm.GetAsync<T>($"{resourceId.TrimStart('/')}?api-version={apiVersion}", $"read {Name(resourceId)}", ct);

    public Task<IReadOnlyList<ArmResource<T>>> ListChildrenAsync<T>(string parentId, string childPath, string apiVersion, CancellationToken ct) =>
        arm.ListAsync<ArmResource<T>>($"{parentId.TrimStart('/')}/{childPath}?api-version={apiVersion}", $"list {childPath} of {Name(parentId)}", ct);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<PeerRoute>>> RouteServerRoutesAsync(string bgpConnectionId, RouteDirection direction, CancellationToken ct)
    {
        var action = direction == RouteDirection.Learned ? "learnedRoutes" : "advertisedRoutes";
        var body = await arm.PostLongRunningAsync<Dictionary<string, List<PeerRoute>?>>(
            $"{bgpConnectionId.TrimStart('/')}/{action}?api-version={ApiVersions.Network}", $"list {action} of {Name(bgpConnectionId)}", ct);
        // A passive NVA answers with empty lists (or no body at all): a valid, empty answer.
        return (body ?? []).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PeerRoute>)(kv.Value ?? []), StringComparer.OrdinalIgnoreCase);
    }

    public async Task<IReadOnlyList<CircuitRoute>?> CircuitRouteTableAsync(string peeringId, string devicePath, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<ArmList<CircuitRoute>>(
            $"{peeringId.TrimStart('/')}/routeTables/{devicePath}?api-version={ApiVersions.Network}", $"list the {devicePath} route table of {CircuitName(peeringId)}", ct))?.Value;

    public async Task<IReadOnlyList<CircuitRouteSummary>?> CircuitRouteTableSummaryAsync(string peeringId, string devicePath, CancellationToken ct) =>
        (await arm.PostLongRunningAsync<ArmList<CircuitRouteSummary>>(
            $"{peeringId.TrimStart('/')}/routeTablesSummary/{devicePath}?api-version={ApiVersions.Network}", $"list the {devicePath} route table summary of {CircuitName(peeringId)}", ct))?.Value;

    // The gateway actions: no body at all is unreadable (null); "{}" is the documented empty answer.
    public async Task<IReadOnlyList<PeerRoute>?> GatewayLearnedRoutesAsync(string gatewayId, CancellationToken ct) =>
        await arm.PostLongRunningAsync<GatewayRouteList>(
            $"{gatewayId.TrimStart('/')}/getLearnedRoutes?api-version={ApiVersions.Network}", $"get learned routes of {Name(gatewayId)}", ct) is { } r ? r.Value ?? [] : null;

    public async Task<IReadOnlyList<PeerRoute>?> GatewayAdvertisedRoutesAsync(string gatewayId, string peer, CancellationToken ct) =>
        await arm.PostLongRunningAsync<GatewayRouteList>(
            $"{gatewayId.TrimStart('/')}/getAdvertisedRoutes?peer={Uri.EscapeDataString(peer)}&api-version={ApiVersions.Network}", $"get routes {Name(gatewayId)} advertises to {peer}", ct) is { } r ? r.Value ?? [] : null;

    public async Task<IReadOnlyList<BgpPeerStatus>?> GatewayBgpPeerStatusAsync(string gatewayId, CancellationToken ct) =>
        await arm.PostLongRunningAsync<BgpPeerStatusList>(
            $"{gatewayId.TrimStart('/')}/getBgpPeerStatus?api-version={ApiVersions.Network}", $"get BGP peer status of {Name(gatewayId)}", ct) is { } r ? r.Value ?? [] : null;

    private static string Name(string id) => id.TrimEnd('/').Split('/')[^1];

    private static string CircuitName(string peeringId)
    {
        var parts = peeringId.Split('/');
        var i = Array.FindIndex(parts, p => p.Equals("expressRouteCircuits", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : Name(peeringId);
    }

    /// <summary>The gateway route actions answer { "value": [...] } and may omit value entirely ({}).</summary>
    private sealed record GatewayRouteList(IReadOnlyList<PeerRoute>? Value);

    private sealed record BgpPeerStatusList(IReadOnlyList<BgpPeerStatus>? Value);
}
