using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Arm;

/// <summary>
/// Runs every attempt (retries included) through the <see cref="ArmRequestPacer"/>: waits for its turn
/// before sending, and feeds ARM's remaining-budget headers back after the answer.
/// </summary>
internal sealed class ArmPacingPolicy(ArmRequestPacer pacer) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The ARM client is asynchronous only.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var (subscription, kind) = Classify(message.Request);
        await pacer.WaitTurnAsync(subscription, kind, message.CancellationToken);
        if (kind != BudgetKind.ResourceGraphQueries)
        {
            pacer.Lanes.Count(Core.Signals.ReadLanes.Current, kind == BudgetKind.Writes);
        }

        await ProcessNextAsync(message, pipeline);
        Observe(message.Response, subscription, kind);
    }

    /// <summary>Which bucket a request draws from: its subscription (none for tenant-level paths) and its kind.</summary>
    public static (string? Subscription, BudgetKind Kind) Classify(Request request)
    {
        var path = request.Uri.Path;
        if (path.TrimEnd('/').EndsWith("/providers/Microsoft.ResourceGraph/resources", StringComparison.OrdinalIgnoreCase))
        {
            return (null, BudgetKind.ResourceGraphQueries);
        }

        var kind = request.Method == RequestMethod.Get || request.Method == RequestMethod.Head ? BudgetKind.Reads : BudgetKind.Writes;
        return (SubscriptionOf(path), kind);
    }

    public static string? SubscriptionOf(string path)
    {
        var segments = path.Trim('/').Split('/');
        return segments.Length >= 2 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }

    private void Observe(Response response, string? subscription, BudgetKind kind)
    {
        if (response.Status == 429)
        {
            var withHeaders = kind == BudgetKind.ResourceGraphQueries
                ? response.Headers.Contains("x-ms-user-quota-remaining")
                : response.Headers.Contains($"x-ms-ratelimit-remaining-{(subscription is null ? "tenant" : "subscription")}-{(kind == BudgetKind.Reads ? "reads" : "writes")}");
            pacer.ObserveThrottled(subscription, kind, withHeaders);
        }

        if (kind == BudgetKind.ResourceGraphQueries)
        {
            if (Long(response, "x-ms-user-quota-remaining") is { } quota)
            {
                pacer.ObserveGraphQuota(quota,
                    response.Headers.TryGetValue("x-ms-user-quota-resets-after", out var resets)
                    && TimeSpan.TryParse(resets, CultureInfo.InvariantCulture, out var after) ? after : null);
            }

            return;
        }

        var scope = subscription is null ? "tenant" : "subscription";
        if (Long(response, $"x-ms-ratelimit-remaining-{scope}-reads") is { } reads)
        {
            pacer.ObserveRemaining(subscription, BudgetKind.Reads, reads);
        }

        if (Long(response, $"x-ms-ratelimit-remaining-{scope}-writes") is { } writes)
        {
            pacer.ObserveRemaining(subscription, BudgetKind.Writes, writes);
        }
    }

    private static long? Long(Response response, string header) =>
        response.Headers.TryGetValue(header, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
