using System.Text.Json;
using HybridRoutingPortal.Core;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Azure.Discovery;

/// <summary>Where the resources of each type are, and which scopes could not be read.</summary>
internal sealed class LocatedResources
{
    private readonly Dictionary<string, HashSet<string>> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Type, string Scope, int Part)> _failed = [];

    public List<DiscoveryPart> Parts { get; } = [];

    public IReadOnlyCollection<string> Ids(string type) => _ids.GetValueOrDefault(type) ?? (IReadOnlyCollection<string>)[];

    public void Add(string type, string id)
    {
        lock (_ids)
        {
            if (!_ids.TryGetValue(type, out var set))
            {
                _ids[type] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            set.Add(id);
        }
    }

    public bool Contains(string type, string id) => _ids.TryGetValue(type, out var set) && set.Contains(id);

    /// <summary>A type in a scope (a subscription or a resource group) that could not be listed.</summary>
    public void Failed(string type, string scope, CollectionException ex, string what)
    {
        lock (_failed)
        {
            Parts.Add(new DiscoveryPart(type, scope, DiscoveryPartStatus.Failed, ex.Reason, $"{what}: {ex.Message}"));
            _failed.Add((type, scope, Parts.Count - 1));
        }
    }

    /// <summary>Whether a listing of this type failed in a scope that holds the resource.</summary>
    public bool InFailedScope(string type, string id, out int part)
    {
        foreach (var (t, scope, index) in _failed)
        {
            if (t.Equals(type, StringComparison.OrdinalIgnoreCase) && id.StartsWith(ScopePrefix(scope), StringComparison.OrdinalIgnoreCase))
            {
                part = index;
                return true;
            }
        }

        part = -1;
        return false;
    }

    public void Note(DiscoveryPart part)
    {
        lock (_failed)
        {
            Parts.Add(part);
        }
    }

    /// <summary>The id prefix of a scope: a subscription id or a resource group id.</summary>
    public static string ScopePrefix(string scope) => (scope.StartsWith('/') ? scope : $"/subscriptions/{scope}").TrimEnd('/') + "/";
}

/// <summary>
/// Finds the resource ids of interest. Resource Graph first — one query per 1,000 subscriptions, every
/// page, inside its quota — and, for the subscriptions whose query failed, was throttled or came back
/// incomplete, the listings ARM really serves, type by type: subscription-wide where ARM has such a list,
/// per resource group for virtualNetworkGateways and connections. Each type in each scope fails alone.
/// </summary>
internal sealed class ResourceLocator(IAzureNetworkApi api, AzureSourceOptions options, ILogger logger, SemaphoreSlim gate)
{
    public async Task<LocatedResources> LocateAsync(IReadOnlyList<string> subscriptions, CancellationToken ct)
    {
        var located = new LocatedResources();
        var toList = new List<string>();
        if (!options.UseResourceGraph)
        {
            toList.AddRange(subscriptions);
        }
        else
        {
            foreach (var batch in subscriptions.Chunk(ApiVersions.ResourceGraphSubscriptionsPerRequest))
            {
                var scope = batch.Length == subscriptions.Count ? null : $"{batch.Length} subscriptions from {batch[0]}";
                try
                {
                    var result = await api.QueryResourcesAsync(batch, ResourceTypes.All, ct);
                    foreach (var row in result.Rows)
                    {
                        located.Add(CanonicalType(row.Type), row.Id);
                    }

                    if (result.Incomplete is { } why)
                    {
                        located.Note(new DiscoveryPart("Resource Graph", scope, DiscoveryPartStatus.FellBack, FailureReason.MalformedResponse,
                            $"{why} Listing each resource type instead."));
                        toList.AddRange(batch);
                    }
                }
                catch (CollectionException ex)
                {
                    logger.LogInformation("Resource Graph unavailable ({Reason}: {Message}); listing resources per type", ex.Reason, ex.Message);
                    located.Note(new DiscoveryPart("Resource Graph", scope, DiscoveryPartStatus.FellBack, ex.Reason,
                        $"Resource Graph could not be queried. {ex.Message} Listing each resource type instead."));
                    toList.AddRange(batch);
                }
            }
        }

        await Task.WhenAll(toList.Select(subscription => ListSubscriptionAsync(subscription, located, ct)));
        return located;
    }

    private async Task ListSubscriptionAsync(string subscription, LocatedResources located, CancellationToken ct)
    {
        var perSubscription = ResourceTypes.All.Where(t => !ResourceTypes.ListedPerResourceGroup(t))
            .Select(type => ListAsync(type, subscription, located,
                () => api.ListBySubscriptionAsync<JsonElement>(subscription, type, ResourceTypes.ApiVersion(type), ct), ct));
        await Task.WhenAll([.. perSubscription, ListPerResourceGroupAsync(subscription, located, ct)]);
    }

    private async Task ListPerResourceGroupAsync(string subscription, LocatedResources located, CancellationToken ct)
    {
        var perGroup = ResourceTypes.All.Where(ResourceTypes.ListedPerResourceGroup).ToArray();
        IReadOnlyList<string> groups;
        try
        {
            groups = await Guarded(() => api.ListResourceGroupsAsync(subscription, ct), ct);
        }
        catch (CollectionException ex)
        {
            foreach (var type in perGroup)
            {
                located.Failed(type, subscription, ex, $"The resource groups of subscription {subscription} could not be listed, so its {Short(type)} could not be");
            }

            return;
        }

        await Task.WhenAll(groups.SelectMany(group => perGroup.Select(type => ListAsync(type, group, located,
            () => api.ListByResourceGroupAsync<JsonElement>(group, type, ResourceTypes.ApiVersion(type), ct), ct))));
    }

    private async Task ListAsync(string type, string scope, LocatedResources located, Func<Task<IReadOnlyList<Arm.ArmResource<JsonElement>>>> list, CancellationToken ct)
    {
        try
        {
            foreach (var resource in await Guarded(list, ct))
            {
                located.Add(type, resource.Id);
            }
        }
        catch (CollectionException ex)
        {
            logger.LogWarning("Discovery could not list {Type} in {Scope}: {Reason}: {Message}", type, scope, ex.Reason, ex.Message);
            located.Failed(type, scope, ex, $"{Short(type)} in {ScopeName(scope)} could not be listed");
        }
    }

    private async Task<T> Guarded<T>(Func<Task<T>> call, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return await call();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Resource Graph answers types in lower case; discovery keys them as ARM spells them.</summary>
    private static string CanonicalType(string type) =>
        ResourceTypes.All.FirstOrDefault(t => t.Equals(type, StringComparison.OrdinalIgnoreCase)) ?? type;

    private static string Short(string type) => type[(type.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private static string ScopeName(string scope) => scope.StartsWith('/') ? $"resource group {scope.TrimEnd('/').Split('/')[^1]}" : $"subscription {scope}";
}
