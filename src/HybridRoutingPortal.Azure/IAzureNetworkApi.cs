using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure;

/// <summary>
/// Every Azure read the collectors make, one method per ARM operation (see <see cref="ArmOperations"/>
/// for the operations and their RBAC actions). <see cref="ArmRestNetworkApi"/> implements it over ARM
/// REST; a typed management SDK (Azure.ResourceManager.Network / .Avs) could implement it instead
/// without touching discovery or the collectors.
/// </summary>
public interface IAzureNetworkApi
{
    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct);

    /// <summary>Resource ids and types of interest across at most 1,000 subscriptions (Azure Resource Graph), every page.</summary>
    Task<ResourceGraphResult> QueryResourcesAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<string> types, CancellationToken ct);

    Task<IReadOnlyList<ArmResource<T>>> ListBySubscriptionAsync<T>(string subscriptionId, string resourceType, string apiVersion, CancellationToken ct);

    Task<IReadOnlyList<string>> ListResourceGroupsAsync(string subscriptionId, CancellationToken ct);

    Task<IReadOnlyList<ArmResource<T>>> ListByResourceGroupAsync<T>(string resourceGroupId, string resourceType, string apiVersion, CancellationToken ct);

    Task<T> GetAsync<T>(string resourceId, string apiVersion, CancellationToken ct);

    Task<IReadOnlyList<ArmResource<T>>> ListChildrenAsync<T>(string parentId, string childPath, string apiVersion, CancellationToken ct);

    Task<IReadOnlyDictionary<string, IReadOnlyList<PeerRoute>>> RouteServerRoutesAsync(string bgpConnectionId, RouteDirection direction, CancellationToken ct);

    Task<IReadOnlyList<CircuitRoute>> CircuitRouteTableAsync(string peeringId, string devicePath, CancellationToken ct);

    Task<IReadOnlyList<CircuitRouteSummary>> CircuitRouteTableSummaryAsync(string peeringId, string devicePath, CancellationToken ct);

    Task<IReadOnlyList<PeerRoute>> GatewayLearnedRoutesAsync(string gatewayId, CancellationToken ct);

    Task<IReadOnlyList<PeerRoute>> GatewayAdvertisedRoutesAsync(string gatewayId, string peer, CancellationToken ct);

    Task<IReadOnlyList<BgpPeerStatus>> GatewayBgpPeerStatusAsync(string gatewayId, CancellationToken ct);

    /// <summary>
    /// A NIC's effective routes (NetworkInterfaces_GetEffectiveRouteTable, long-running, result via Location). Azure computes
    /// them only while the NIC's VM runs: a stopped or deallocated VM fails with <see cref="FailureReason.NotRunning"/>.
    /// </summary>
    Task<IReadOnlyList<EffectiveRouteDto>> NicEffectiveRoutesAsync(string networkInterfaceId, CancellationToken ct);

    /// <summary>The request budgets ARM and Resource Graph reported, and how long requests waited to stay inside them.</summary>
    IReadOnlyList<RequestBudget> Budgets();

    /// <summary>ARM requests per hour by read lane (slow tables, fast metrics, targeted reads), where counted.</summary>
    IReadOnlyList<Core.Signals.LaneUsage> Lanes() => [];
}

/// <summary>What a Resource Graph query found, and whether Resource Graph says that is everything.</summary>
/// <param name="Incomplete">Why the rows may not be all (truncated, fewer rows than totalRecords); null when complete.</param>
public sealed record ResourceGraphResult(IReadOnlyList<GraphResource> Rows, string? Incomplete);

public enum RouteDirection
{
    Learned,
    Advertised,
}

/// <summary>The api-versions used, from the specs the examples in ../shared/arm-examples come from.</summary>
public static class ApiVersions
{
    public const string Network = "2024-07-01";
    public const string Avs = "2023-09-01";
    public const string AvsSegments = "2023-09-01";
    public const string Subscriptions = "2022-12-01";
    public const string ResourceGroups = "2021-04-01";
    public const string ResourceGraph = "2022-10-01";

    /// <summary>Resource Graph takes at most 1,000 subscriptions per request.</summary>
    public const int ResourceGraphSubscriptionsPerRequest = 1000;
}
