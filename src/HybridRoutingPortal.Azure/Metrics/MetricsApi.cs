using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Metrics;

/// <summary>Azure Monitor metrics reads: per resource on the ARM endpoint, or batched on a regional endpoint where one is configured.</summary>
public interface IAzureMetricsApi
{
    /// <summary>Whether Azure:MetricsBatchEndpoint is configured (batches cost no ARM reads).</summary>
    bool HasBatch { get; }

    /// <summary>
    /// The region the batch endpoint serves (westeurope for https://westeurope.metrics.monitor.azure.com), or null when
    /// its host names none (a loopback emulator, a proxy). Resources of other regions are read on the ARM endpoint.
    /// </summary>
    string? BatchRegion { get; }

    /// <summary>Metrics_List on the ARM endpoint: one ARM read of the subscription's budget.</summary>
    Task<IReadOnlyList<MetricDto?>> ResourceAsync(string resourceId, MetricQuery query, DateTimeOffset start, DateTimeOffset end, int top, CancellationToken ct);

    /// <summary>metrics:getBatch for at most 50 resources of one subscription, region and type, keyed by resource id.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<MetricDto?>>> BatchAsync(string subscriptionId, IReadOnlyList<string> resourceIds, MetricQuery query,
        DateTimeOffset start, DateTimeOffset end, int top, CancellationToken ct);
}

/// <summary><see cref="IAzureMetricsApi"/> over the ARM client, and over <see cref="MetricsBatchClient"/> when a batch endpoint is set.</summary>
public sealed class ArmMetricsApi(ArmClient arm, MetricsBatchClient? batch = null) : IAzureMetricsApi
{
    public const int MaxBatchResources = 50;

    public bool HasBatch => batch is not null;

    public string? BatchRegion => batch?.Region;

    public async Task<IReadOnlyList<MetricDto?>> ResourceAsync(string resourceId, MetricQuery query, DateTimeOffset start, DateTimeOffset end, int top, CancellationToken ct) =>
        (await arm.GetAsync<MetricsResponse>(query.ArmPathAndQuery(resourceId, start, end, top), $"read the metrics of {Name(resourceId)}", ct)).Value
        ?? throw ArmFailure.Malformed($"read the metrics of {Name(resourceId)}", "no value list.");

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricDto?>>> BatchAsync(string subscriptionId, IReadOnlyList<string> resourceIds, MetricQuery query,
        DateTimeOffset start, DateTimeOffset end, int top, CancellationToken ct)
    {
        if (batch is null)
        {
            throw new InvalidOperationException("No metrics batch endpoint is configured (Azure:MetricsBatchEndpoint).");
        }

        if (resourceIds.Count is 0 or > MaxBatchResources)
        {
            throw new ArgumentException($"A metrics batch takes 1 to {MaxBatchResources} resources.", nameof(resourceIds));
        }

        var answer = await batch.GetBatchAsync(subscriptionId, resourceIds, query.BatchQuery(start, end, top), ct);
        var byId = new Dictionary<string, IReadOnlyList<MetricDto?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in answer.Values ?? [])
        {
            if (item?.Resourceid is { } id && item.Value is { } metrics)
            {
                byId[id.TrimEnd('/')] = metrics;
            }
        }

        return byId;
    }

    private static string Name(string id) => id.TrimEnd('/').Split('/')[^1];
}

/// <summary>
/// The regional metrics batch API (https://{region}.metrics.monitor.azure.com): a data-plane service with its own host,
/// token audience and limits. Its own pipeline asks the credential for a token of that audience only, so the ARM token
/// never goes to it; its requests are not ARM reads and are not paced against ARM's buckets.
/// </summary>
public sealed class MetricsBatchClient
{
    /// <summary>The batch API's token scope (Azure public cloud); Azure:MetricsBatchScope sets another cloud's.</summary>
    public const string DefaultScope = "https://metrics.monitor.azure.com/.default";

    private const string RegionalHostSuffix = ".metrics.monitor.azure.com";
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    /// <summary>The region in the endpoint's host ({region}.metrics.monitor.azure.com), or null when the host names none.</summary>
    public string? Region => _endpoint.Host.EndsWith(RegionalHostSuffix, StringComparison.OrdinalIgnoreCase)
        ? _endpoint.Host[..^RegionalHostSuffix.Length].ToLowerInvariant()
        : null;

    public MetricsBatchClient(Uri endpoint, TokenCredential? credential, string scope, AzureSourceOptions options, HttpPipelineTransport? transport = null)
    {
        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
        var clientOptions = AzureClientDefaults.Configure(new BatchClientOptions(), options, transport);

        HttpPipelinePolicy[] perRetry = credential is null ? [] : [new BearerTokenAuthenticationPolicy(credential, scope)];
        _pipeline = HttpPipelineBuilder.Build(clientOptions, [], perRetry, new ResponseClassifier());
    }

    public async Task<MetricsBatchResponse> GetBatchAsync(string subscriptionId, IReadOnlyList<string> resourceIds, string query, CancellationToken ct)
    {
        const string operation = "read a metrics batch";
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(_endpoint, $"subscriptions/{Uri.EscapeDataString(subscriptionId)}/metrics:getBatch?{query}"));
        message.Request.Headers.Add("Accept", "application/json");
        message.Request.Headers.Add("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new MetricsBatchRequest(resourceIds)));
        try
        {
            await _pipeline.SendAsync(message, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            throw new CollectionException(FailureReason.Network, $"The metrics batch endpoint {_endpoint.Authority} could not be reached: {ex.Message.Split('\n')[0]}", ex);
        }
        catch (AggregateException ex) when (!ct.IsCancellationRequested)
        {
            throw new CollectionException(ex.InnerExceptions.Any(e => e is TaskCanceledException) ? FailureReason.Timeout : FailureReason.Network,
                $"The metrics batch endpoint {_endpoint.Authority} did not answer: {ex.InnerExceptions[^1].Message.Split('\n')[0]}", ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new CollectionException(FailureReason.Unauthorized, $"Could not get a token for the metrics batch API: {ex.Message.Split('\n')[0]}", ex);
        }

        var response = message.Response;
        if (response.Status != 200)
        {
            // The batch API answers 529 when it throttles (DESIGN.md §1).
            var reason = response.Status switch
            {
                429 or 529 => FailureReason.Throttled,
                401 => FailureReason.Unauthorized,
                403 => FailureReason.Forbidden,
                404 => FailureReason.NotFound,
                >= 500 => FailureReason.ServerError,
                _ => FailureReason.Unknown,
            };
            throw new CollectionException(reason, $"The metrics batch API answered {response.Status} for {operation}.");
        }

        try
        {
            return JsonSerializer.Deserialize<MetricsBatchResponse>(response.Content.ToMemory().Span, ArmJson.Options)
                ?? throw ArmFailure.Malformed(operation, "the body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw ArmFailure.Malformed(operation, ex.Message.Split('\n')[0], ex);
        }
    }

    private sealed class BatchClientOptions : ClientOptions;
}
