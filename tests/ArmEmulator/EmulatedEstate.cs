using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ArmEmulator;

/// <summary>
/// An estate as ARM would serve it: resources as JSON by id (children are resources whose id extends
/// their parent's), and the results of POST actions computed when asked, so a test can change the
/// estate between polls.
/// </summary>
public sealed class EmulatedEstate
{
    private readonly ConcurrentDictionary<string, JsonObject> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Func<string?, JsonNode?>> _actions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Func<DateTimeOffset, IReadOnlyList<HybridRoutingPortal.Demo.Signals.MetricSample>>> _metrics = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<Action> _observers = [];

    /// <summary>The clock Azure Monitor's metrics run on (a test or the detect bench runs it simulated).</summary>
    public TimeProvider MetricsClock { get; set; } = TimeProvider.System;

    /// <summary>A resource's platform metric samples at a moment (what Azure Monitor would have recorded then).</summary>
    public void Metrics(string resourceId, Func<DateTimeOffset, IReadOnlyList<HybridRoutingPortal.Demo.Signals.MetricSample>> samples) =>
        _metrics[Normalize(resourceId)] = samples;

    public Func<DateTimeOffset, IReadOnlyList<HybridRoutingPortal.Demo.Signals.MetricSample>>? MetricsOf(string resourceId) => _metrics.GetValueOrDefault(Normalize(resourceId));

    /// <summary>Something to do at every request (record the state metrics are derived from).</summary>
    public void OnRequest(Action observe) => _observers.Add(observe);

    public void Observe()
    {
        foreach (var observe in _observers)
        {
            observe();
        }
    }
    private readonly ConcurrentDictionary<string, Func<ArmRefusal?>> _refusals = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Subscriptions { get; } = [];

    /// <summary>A subscription's state as the subscriptions list reports it (Enabled when not set): Warned, PastDue, Disabled…</summary>
    public ConcurrentDictionary<string, string> SubscriptionStates { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, JsonObject> Resources => _resources;

    public void Add(string id, string type, JsonObject? properties, JsonObject? extra = null)
    {
        var name = id.TrimEnd('/').Split('/')[^1];
        var resource = new JsonObject { ["id"] = id, ["name"] = name, ["type"] = type, ["location"] = "westeurope" };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                resource[key] = value?.DeepClone();
            }
        }

        resource["properties"] = properties ?? new JsonObject();
        _resources[Normalize(id)] = resource;
    }

    public void Remove(string id) => _resources.TryRemove(Normalize(id), out _);

    /// <summary>A POST action on a resource; the function gets the "peer" query value (gateway actions).</summary>
    public void Action(string resourceId, string action, Func<string?, JsonNode?> result) =>
        _actions[$"{Normalize(resourceId)}/{action.ToLowerInvariant()}"] = result;

    /// <summary>
    /// When the check answers, the POST action is refused at once with that status and error, before any operation starts
    /// (a NIC's effective routes while its VM is stopped).
    /// </summary>
    public void Refuse(string resourceId, string action, Func<ArmRefusal?> check) =>
        _refusals[$"{Normalize(resourceId)}/{action.ToLowerInvariant()}"] = check;

    public ArmRefusal? RefusalOf(string path) => _refusals.GetValueOrDefault(Normalize(path))?.Invoke();

    public JsonObject? Get(string id) => _resources.GetValueOrDefault(Normalize(id));

    /// <summary>Direct children under a collection path (…/bgpConnections), in insertion order.</summary>
    public IReadOnlyList<JsonObject>? Children(string collectionPath)
    {
        var prefix = Normalize(collectionPath) + "/";
        var children = _resources.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && !kv.Key[prefix.Length..].Contains('/'))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToArray();
        return children.Length > 0 || _resources.Keys.Any(k => prefix.StartsWith(k + "/", StringComparison.Ordinal)) ? children : null;
    }

    public IEnumerable<JsonObject> InSubscription(string subscriptionId) =>
        _resources.Where(kv => kv.Key.StartsWith($"/subscriptions/{subscriptionId.ToLowerInvariant()}/", StringComparison.Ordinal)).Select(kv => kv.Value);

    public Func<string?, JsonNode?>? FindAction(string path) => _actions.GetValueOrDefault(Normalize(path));

    /// <summary>The resource groups of a subscription that hold resources, as ids spelled like the resources'.</summary>
    public IReadOnlyList<string> ResourceGroups(string subscriptionId) =>
        InSubscription(subscriptionId).Select(r => ResourceGroupOf((string)r["id"]!)).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>/subscriptions/{s}/resourceGroups/{rg} of a resource id, or null for one outside a resource group.</summary>
    public static string? ResourceGroupOf(string id)
    {
        var parts = id.Trim('/').Split('/');
        return parts.Length >= 4 && parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? $"/{parts[0]}/{parts[1]}/{parts[2]}/{parts[3]}" : null;
    }

    public static string Normalize(string id) => "/" + id.Trim('/').ToLowerInvariant();
}

/// <summary>An ARM error answer to a POST action: its status, error code and message.</summary>
public sealed record ArmRefusal(int Status, string Code, string Message);
