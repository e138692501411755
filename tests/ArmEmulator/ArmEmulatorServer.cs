using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArmEmulator;

public enum LroStyle
{
    /// <summary>202 + Location; the Location URL answers 202 until done, then 200 with the result.</summary>
    Location,
    /// <summary>202 + Azure-AsyncOperation (status) + Location (result).</summary>
    AsyncOperation,
    /// <summary>Alternate between the two, operation by operation.</summary>
    Mixed,

    /// <summary>202 + Azure-AsyncOperation only: the operation succeeds, but ARM names no Location to read the result from.</summary>
    AsyncOperationWithoutLocation,
}

/// <summary>How the emulated Resource Graph answers.</summary>
public enum ResourceGraphMode
{
    Normal,
    /// <summary>500 on every query.</summary>
    Fail,
    /// <summary>429 on every query, with the quota headers saying it is spent.</summary>
    Throttle,
    /// <summary>Half the rows, marked resultTruncated, without a $skipToken to the rest.</summary>
    Truncate,
}

public sealed class EmulatorSettings
{
    /// <summary>Items per page of list answers; more items get a nextLink.</summary>
    public int PageSize { get; set; } = 100;

    public LroStyle LroStyle { get; set; } = LroStyle.Mixed;

    /// <summary>How many polls of an operation answer "in progress" before it completes.</summary>
    public int PollsBeforeDone { get; set; } = 1;

    /// <summary>Retry-After seconds sent with 202 and 429 answers.</summary>
    public int RetryAfterSeconds { get; set; }

    /// <summary>Time every answer takes (each request, long-running operation polls included).</summary>
    public TimeSpan Latency { get; set; }

    public ResourceGraphMode ResourceGraph { get; set; } = ResourceGraphMode.Normal;

    /// <summary>
    /// Resource groups (ids) the caller has no access to: any request inside them is 403, and listings and
    /// Resource Graph leave their resources out, as ARM filters what a principal may not read.
    /// </summary>
    public HashSet<string> ForbiddenResourceGroups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When set, nextLink, Location and Azure-AsyncOperation point at this base URL instead of the emulator's own
    /// (a hostile or misrouted answer): a client must not send its token there.
    /// </summary>
    public string? LinkBaseUrl { get; set; }
}

/// <summary>
/// A real Kestrel server on loopback that answers like ARM for an <see cref="EmulatedEstate"/>: lists
/// with nextLink paging, gets, Resource Graph queries, long-running POST actions (Location or
/// Azure-AsyncOperation, at ARM-shaped operation URLs), ARM's throttling buckets (<see cref="Throttling"/>),
/// and faults injected per operation through <see cref="Faults"/>. It is stricter than ARM, never looser:
/// it refuses the subscription-wide lists ARM does not serve and Resource Graph requests over 1,000 subscriptions.
/// </summary>
public sealed partial class ArmEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Operation> _operations = new();
    private int _operationCount;

    private ArmEmulatorServer(WebApplication app, EmulatedEstate estate)
    {
        _app = app;
        Estate = estate;
        Metrics = new MetricsModel(estate);
    }

    public EmulatedEstate Estate { get; }

    /// <summary>Azure Monitor's metrics of the estate: per resource on the ARM endpoint, and the regional batch API.</summary>
    public MetricsModel Metrics { get; }

    public FaultPlan Faults { get; } = new();

    public EmulatorSettings Settings { get; } = new();

    public ThrottlingModel Throttling { get; } = new();

    /// <summary>
    /// Resource types ARM lists subscription-wide (…/providers/{type} under a subscription); virtualNetworkGateways
    /// and connections are listed per resource group only (azure-rest-api-specs: VirtualNetworkGateways_List and
    /// VirtualNetworkGatewayConnections_List take a resourceGroupName; there is no ListAll for them).
    /// </summary>
    public static readonly IReadOnlySet<string> SubscriptionWideLists = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Network/virtualHubs", "Microsoft.Network/expressRouteCircuits", "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/networkInterfaces", "Microsoft.Network/routeTables", "Microsoft.AVS/privateClouds",
    };

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request seen ("METHOD /path?query"), for tests that count ARM calls or check each against the RBAC role.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>How many subscriptions each Resource Graph query named.</summary>
    public ConcurrentQueue<int> ResourceGraphSubscriptionCounts { get; } = new();

    public static async Task<ArmEmulatorServer> StartAsync(EmulatedEstate estate, string url = "http://127.0.0.1:0", Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var app = builder.Build();
        var server = new ArmEmulatorServer(app, estate);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var pathAndQuery = path + request.QueryString.Value;
        Requests.Enqueue($"{request.Method} {pathAndQuery}");

        if (Settings.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Settings.Latency, context.RequestAborted);
        }

        Estate.Observe();
        // The metrics batch API is another service (its own host in Azure): not ARM, not ARM's budget.
        if (HttpMethods.IsPost(request.Method) && MetricsModel.IsBatchPath(path))
        {
            await Metrics.BatchAsync(context, path);
            return;
        }

        if (!await WithinBudgetAsync(context, path))
        {
            return;
        }

        if (OperationPath().Match(path) is { Success: true } operationPath)
        {
            await OperationAsync(context, operationPath.Groups[2].Value, operationPath.Groups[1].Value.Equals("operations", StringComparison.OrdinalIgnoreCase));
            return;
        }

        if (NicOperationResult().Match(path) is { Success: true } nicResult)
        {
            // Stricter than ARM: an operation result under a NIC is only that NIC's effective-route operation, and only a GET.
            if (!HttpMethods.IsGet(request.Method) || !_operations.TryGetValue(nicResult.Groups[2].Value, out var started)
                || !started.PathAndQuery.StartsWith(nicResult.Groups[1].Value + "/effectiveRouteTable", StringComparison.OrdinalIgnoreCase))
            {
                await ErrorAsync(context, 404, "OperationNotFound", "No such operation under this network interface.");
                return;
            }

            await OperationAsync(context, nicResult.Groups[2].Value, status: false);
            return;
        }

        if (Faults.For(pathAndQuery, FaultKind.Slow) is { } slow)
        {
            await Task.Delay(slow.Delay ?? TimeSpan.FromSeconds(30), context.RequestAborted);
        }

        if (Faults.For(pathAndQuery, FaultKind.Throttle, FaultKind.ServerError500, FaultKind.ServerError503, FaultKind.Unauthorized, FaultKind.Forbidden) is { } fault)
        {
            await FailAsync(context, fault, path);
            return;
        }

        if (EmulatedEstate.ResourceGroupOf(path) is { } group && Settings.ForbiddenResourceGroups.Contains(group))
        {
            await ErrorAsync(context, 403, "AuthorizationFailed",
                $"The client does not have authorization to perform {request.Method} on '{path}' or the scope '{group}' is invalid.");
            return;
        }

        if (HttpMethods.IsPost(request.Method))
        {
            await PostAsync(context, path, pathAndQuery);
            return;
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            await ErrorAsync(context, 405, "MethodNotAllowed", $"{request.Method} is not emulated.");
            return;
        }

        if (Faults.For(pathAndQuery, FaultKind.MalformedJson) is not null)
        {
            await MalformedAsync(context);
            return;
        }

        if (MetricsModel.IsMetricsPath(path))
        {
            await Metrics.ListAsync(context, path);
            return;
        }

        if (path.Equals("/subscriptions", StringComparison.OrdinalIgnoreCase))
        {
            await ListAsync(context, Estate.Subscriptions.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = $"/subscriptions/{s}", ["subscriptionId"] = s, ["displayName"] = s,
                ["state"] = Estate.SubscriptionStates.GetValueOrDefault(s, "Enabled"),
            }).ToList());
            return;
        }

        if (ResourceGroupList().Match(path) is { Success: true } groups)
        {
            await ListAsync(context, Estate.ResourceGroups(groups.Groups[1].Value).Where(g => !Settings.ForbiddenResourceGroups.Contains(g))
                .Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = g, ["name"] = g.Split('/')[^1], ["type"] = "Microsoft.Resources/resourceGroups", ["location"] = "westeurope",
                    ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
                }).ToList());
            return;
        }

        var generic = GenericList().Match(path);
        if (generic.Success)
        {
            // Resources_List: /subscriptions/{s}/resources?$filter=resourceType eq '…'
            var filter = request.Query["$filter"].ToString();
            var types = QuotedTypes().Matches(filter).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
            await ListAsync(context, Readable(generic.Groups[1].Value)
                .Where(r => types.Count == 0 || types.Contains((string)r["type"]!))
                .Select(r => (JsonNode)new JsonObject { ["id"] = r["id"]!.DeepClone(), ["name"] = r["name"]!.DeepClone(), ["type"] = r["type"]!.DeepClone() }).ToList());
            return;
        }

        var byType = ProviderList().Match(path);
        if (byType.Success && Estate.Get(path) is null)
        {
            var type = byType.Groups[2].Value;
            if (!SubscriptionWideLists.Contains(type))
            {
                await ErrorAsync(context, 404, "InvalidResourceType",
                    $"The resource type '{type}' is not listed at subscription scope; list it per resource group.");
                return;
            }

            await ListAsync(context, Readable(byType.Groups[1].Value)
                .Where(r => ((string)r["type"]!).Equals(type, StringComparison.OrdinalIgnoreCase)).Select(r => (JsonNode)r.DeepClone()).ToList());
            return;
        }

        if (GroupProviderList().Match(path) is { Success: true } inGroup)
        {
            var groupId = $"/subscriptions/{inGroup.Groups[1].Value}/resourceGroups/{inGroup.Groups[2].Value}";
            if (!Estate.ResourceGroups(inGroup.Groups[1].Value).Contains(groupId, StringComparer.OrdinalIgnoreCase))
            {
                await ErrorAsync(context, 404, "ResourceGroupNotFound", $"Resource group '{inGroup.Groups[2].Value}' could not be found.");
                return;
            }

            await ListAsync(context, Estate.InSubscription(inGroup.Groups[1].Value)
                .Where(r => groupId.Equals(EmulatedEstate.ResourceGroupOf((string)r["id"]!), StringComparison.OrdinalIgnoreCase)
                            && ((string)r["type"]!).Equals(inGroup.Groups[3].Value, StringComparison.OrdinalIgnoreCase))
                .Select(r => (JsonNode)r.DeepClone()).ToList());
            return;
        }

        if (Estate.Get(path) is { } resource)
        {
            await JsonAsync(context, 200, resource);
            return;
        }

        if (Estate.Children(path) is { } children)
        {
            await ListAsync(context, children.Select(c => (JsonNode)c.DeepClone()).ToList());
            return;
        }

        await ErrorAsync(context, 404, "ResourceNotFound", $"The resource '{path}' was not found.");
    }

    /// <summary>The resources of a subscription the caller may read (forbidden resource groups left out, as ARM filters them).</summary>
    private IEnumerable<JsonObject> Readable(string subscriptionId) =>
        Estate.InSubscription(subscriptionId).Where(r => EmulatedEstate.ResourceGroupOf((string)r["id"]!) is not { } g || !Settings.ForbiddenResourceGroups.Contains(g));

    /// <summary>
    /// ARM's throttling: a token from the request's bucket (429 with Retry-After when empty) and the
    /// remaining-budget headers on every answer. Resource Graph queries draw from its own per-user quota.
    /// </summary>
    private async Task<bool> WithinBudgetAsync(HttpContext context, string path)
    {
        var headers = context.Response.Headers;
        if (IsResourceGraph(path))
        {
            var (quota, resets) = Settings.ResourceGraph == ResourceGraphMode.Throttle ? (null, TimeSpan.FromSeconds(1)) : Throttling.TakeGraphQuery();
            headers["x-ms-user-quota-remaining"] = (quota ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["x-ms-user-quota-resets-after"] = resets.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
            if (quota is null)
            {
                headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(resets.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorAsync(context, 429, "RateLimiting", "Please provide below info when asking for support: timestamp, correlationId. The quota of Resource Graph queries is spent.");
                return false;
            }

            return true;
        }

        var segments = path.Trim('/').Split('/');
        var subscription = segments.Length >= 2 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1].ToLowerInvariant() : null;
        var scope = subscription ?? "tenant";
        var kind = subscription is null ? "tenant" : "subscription";
        var write = !HttpMethods.IsGet(context.Request.Method);
        var (remaining, retryAfter) = Throttling.Take(scope, write);
        headers[$"x-ms-ratelimit-remaining-{kind}-reads"] = (write ? Throttling.Peek(scope, false) : remaining ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (write)
        {
            headers[$"x-ms-ratelimit-remaining-{kind}-writes"] = (remaining ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (remaining is null)
        {
            headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ErrorAsync(context, 429, "TooManyRequests",
                $"The request is being throttled as the limit has been reached for operation type - {(write ? "Write" : "Read")}_{(subscription is null ? "Tenant" : "Subscription")}.");
            return false;
        }

        return true;
    }

    private static bool IsResourceGraph(string path) => path.Equals("/providers/Microsoft.ResourceGraph/resources", StringComparison.OrdinalIgnoreCase);

    private async Task PostAsync(HttpContext context, string path, string pathAndQuery)
    {
        if (IsResourceGraph(path))
        {
            await ResourceGraphAsync(context);
            return;
        }

        var action = Estate.FindAction(path);
        if (action is null)
        {
            await ErrorAsync(context, 404, "ResourceNotFound", $"No action at '{path}'.");
            return;
        }

        if (Estate.RefusalOf(path) is { } refusal)
        {
            await ErrorAsync(context, refusal.Status, refusal.Code, refusal.Message);
            return;
        }

        var peer = context.Request.Query["peer"].ToString();
        var id = Interlocked.Increment(ref _operationCount);
        var style = Settings.LroStyle == LroStyle.Mixed ? (id % 2 == 0 ? LroStyle.AsyncOperation : LroStyle.Location) : Settings.LroStyle;
        var operation = new Operation(id.ToString(System.Globalization.CultureInfo.InvariantCulture), pathAndQuery, () => action(peer.Length == 0 ? null : peer));
        _operations[operation.Id] = operation;

        // ARM-shaped operation URLs in the resource's subscription: Microsoft.Network/locations/{location}/operations|operationResults/{id}.
        var subscription = path.Trim('/').Split('/')[1];
        var root = $"{LinkBase}/subscriptions/{subscription}/providers/Microsoft.Network/locations/westeurope";
        context.Response.StatusCode = 202;
        context.Response.Headers["Retry-After"] = Settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (style != LroStyle.AsyncOperationWithoutLocation)
        {
            // A NIC's effective routes name their result under the NIC itself (NetworkInterfaceEffectiveRouteTableList.json).
            context.Response.Headers.Location = NicEffectiveRoutes().Match(path) is { Success: true } nic
                ? $"{LinkBase}{nic.Groups[1].Value}/operationResults/{operation.Id}?api-version=2024-07-01"
                : $"{root}/operationResults/{operation.Id}?api-version=2024-07-01";
        }

        if (style is LroStyle.AsyncOperation or LroStyle.AsyncOperationWithoutLocation)
        {
            context.Response.Headers["Azure-AsyncOperation"] = $"{root}/operations/{operation.Id}?api-version=2024-07-01";
        }
    }

    /// <summary>The base URL links in answers use: the emulator's own, unless a test points them elsewhere.</summary>
    private string LinkBase => Settings.LinkBaseUrl ?? BaseUrl;

    private async Task OperationAsync(HttpContext context, string id, bool status)
    {
        if (!_operations.TryGetValue(id, out var operation))
        {
            await ErrorAsync(context, 404, "OperationNotFound", "No such operation.");
            return;
        }

        var polls = Interlocked.Increment(ref operation.Polls);
        var neverEnds = Faults.For(operation.PathAndQuery, FaultKind.NeverCompletes) is not null;
        var done = !neverEnds && polls > Settings.PollsBeforeDone;
        if (status)
        {
            context.Response.Headers["Retry-After"] = Settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var failed = done && Faults.For(operation.PathAndQuery, FaultKind.OperationFailed) is not null;
            await JsonAsync(context, 200, failed
                ? new JsonObject { ["status"] = "Failed", ["error"] = new JsonObject { ["code"] = "InternalServerError", ["message"] = "The route table could not be retrieved from the edge routers." } }
                : new JsonObject { ["status"] = done ? "Succeeded" : "InProgress" });
            if (done)
            {
                operation.StatusDone = true;
            }

            return;
        }

        if (!done && !operation.StatusDone)
        {
            context.Response.StatusCode = 202;
            context.Response.Headers["Retry-After"] = Settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers.Location = $"{BaseUrl}{context.Request.Path}?api-version=2024-07-01";
            return;
        }

        if (Faults.For(operation.PathAndQuery, FaultKind.OperationFailed) is not null)
        {
            await ErrorAsync(context, 500, "InternalServerError", "The operation failed.");
            return;
        }

        if (Faults.For(operation.PathAndQuery, FaultKind.MalformedJson) is not null)
        {
            await MalformedAsync(context);
            return;
        }

        if (Faults.For(operation.PathAndQuery, FaultKind.EmptyBody) is not null)
        {
            context.Response.StatusCode = 200;
            return;
        }

        var body = operation.Result();
        await JsonAsync(context, 200, body ?? new JsonObject());
    }

    private async Task ResourceGraphAsync(HttpContext context)
    {
        if (Settings.ResourceGraph == ResourceGraphMode.Fail)
        {
            await ErrorAsync(context, 500, "InternalServerError", "Resource Graph is unavailable.");
            return;
        }

        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        var subscriptions = request?["subscriptions"]?.AsArray().Select(s => (string)s!).ToArray() ?? [];
        if (subscriptions.Length > 1000)
        {
            await ErrorAsync(context, 400, "BadRequest", $"A query may name at most 1000 subscriptions; this one names {subscriptions.Length}.");
            return;
        }

        ResourceGraphSubscriptionCounts.Enqueue(subscriptions.Length);
        var query = (string?)request?["query"] ?? "";
        var types = QuotedTypes().Matches(query).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var skip = int.TryParse((string?)request?["options"]?["$skipToken"], out var s) ? s : 0;
        var all = subscriptions.SelectMany(Readable)
            .Where(r => types.Contains((string)r["type"]!))
            .OrderBy(r => (string)r["id"]!, StringComparer.OrdinalIgnoreCase)
            .Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r["id"]!.DeepClone(), ["type"] = ((string)r["type"]!).ToLowerInvariant(), ["name"] = r["name"]!.DeepClone(),
                ["subscriptionId"] = ((string)r["id"]!).Split('/')[2],
            }).ToList();
        if (Settings.ResourceGraph == ResourceGraphMode.Truncate)
        {
            var half = all.Take(all.Count / 2).ToList();
            await JsonAsync(context, 200, new JsonObject
            {
                ["totalRecords"] = all.Count, ["count"] = half.Count, ["data"] = new JsonArray([.. half]), ["resultTruncated"] = "true",
            });
            return;
        }

        var page = all.Skip(skip).Take(Settings.PageSize).ToList();
        var body = new JsonObject { ["totalRecords"] = all.Count, ["count"] = page.Count, ["data"] = new JsonArray([.. page]), ["resultTruncated"] = "false" };
        if (skip + page.Count < all.Count)
        {
            body["$skipToken"] = (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await JsonAsync(context, 200, body);
    }

    private async Task ListAsync(HttpContext context, List<JsonNode> items)
    {
        var skip = int.TryParse(context.Request.Query["$skipToken"], out var s) ? s : 0;
        var page = items.Skip(skip).Take(Settings.PageSize).ToList();
        var body = new JsonObject { ["value"] = new JsonArray([.. page]) };
        if (skip + page.Count < items.Count)
        {
            var query = System.Web.HttpUtility.ParseQueryString(context.Request.QueryString.Value ?? "");
            query["$skipToken"] = (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["nextLink"] = $"{LinkBase}{context.Request.Path}?{query}";
        }

        await JsonAsync(context, 200, body);
    }

    private async Task FailAsync(HttpContext context, Fault fault, string path)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                context.Response.Headers["Retry-After"] = Math.Max(Settings.RetryAfterSeconds, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorAsync(context, 429, "TooManyRequests", "The request is being throttled as the limit has been reached for operation type - Write_Subscription.");
                break;
            case FaultKind.ServerError500:
                await ErrorAsync(context, 500, "InternalServerError", "An error occurred.");
                break;
            case FaultKind.ServerError503:
                await ErrorAsync(context, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
                break;
            case FaultKind.Unauthorized:
                await ErrorAsync(context, 401, "InvalidAuthenticationToken", "The access token is invalid.");
                break;
            case FaultKind.Forbidden:
                await ErrorAsync(context, 403, "AuthorizationFailed",
                    $"The client does not have authorization to perform action on '{path}' or the scope is invalid.");
                break;
        }
    }

    private static Task MalformedAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"value\": [ {\"network\": \"10.0.0.0/8\", ");
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static async Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(Json), context.RequestAborted);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    [GeneratedRegex("^/subscriptions/([^/]+)/resources$", RegexOptions.IgnoreCase)]
    private static partial Regex GenericList();

    [GeneratedRegex("^/subscriptions/([^/]+)/providers/([^/]+/[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ProviderList();

    [GeneratedRegex("^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+/[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupProviderList();

    [GeneratedRegex("^/subscriptions/([^/]+)/resourcegroups$", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceGroupList();

    [GeneratedRegex("^/subscriptions/[^/]+/providers/Microsoft\\.Network/locations/[^/]+/(operations|operationResults)/([^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex OperationPath();

    [GeneratedRegex("^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/networkInterfaces/[^/]+)/effectiveRouteTable$", RegexOptions.IgnoreCase)]
    private static partial Regex NicEffectiveRoutes();

    [GeneratedRegex("^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/networkInterfaces/[^/]+)/operationResults/([^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NicOperationResult();

    [GeneratedRegex("'([A-Za-z.]+/[A-Za-z]+)'")]
    private static partial Regex QuotedTypes();

    private sealed class Operation(string id, string pathAndQuery, Func<JsonNode?> result)
    {
        public int Polls;

        public volatile bool StatusDone;

        public string Id { get; } = id;

        public string PathAndQuery { get; } = pathAndQuery;

        public Func<JsonNode?> Result { get; } = result;
    }
}
