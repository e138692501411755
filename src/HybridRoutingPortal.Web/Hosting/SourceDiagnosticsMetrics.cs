using HybridRoutingPortal.Core;
using HybridRoutingPortal.Monitoring.Polling;
using Prometheus;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>
/// The routing source's own health at /metrics, refreshed at each scrape: the request budgets its provider
/// reports (ARM's x-ms-ratelimit-remaining-*, Resource Graph's x-ms-user-quota-*), how discovery went,
/// and rows left out of answers. Sources that report nothing (the demo) export nothing.
/// </summary>
public static class SourceDiagnosticsMetrics
{
    private static readonly Gauge Remaining = Metrics.CreateGauge("hybridrouting_source_requests_remaining",
        "Requests left in the provider's throttling budget, as its last answer reported.", new GaugeConfiguration { LabelNames = ["subscription", "kind"] });

    private static readonly Gauge Throttled = Metrics.CreateGauge("hybridrouting_source_throttled_responses",
        "429 answers seen since start, by budget.", new GaugeConfiguration { LabelNames = ["subscription", "kind"] });

    private static readonly Gauge Paced = Metrics.CreateGauge("hybridrouting_source_paced_seconds",
        "Wall time during which requests were held back so as not to be throttled, by budget.", new GaugeConfiguration { LabelNames = ["subscription", "kind"] });

    private static readonly Gauge QuotaResets = Metrics.CreateGauge("hybridrouting_source_resource_graph_quota_resets_seconds",
        "Seconds until Resource Graph's query quota resets, as last reported.");

    private static readonly Gauge DiscoveryParts = Metrics.CreateGauge("hybridrouting_source_discovery_parts",
        "Parts of the last discovery by outcome (ok, fellback, warning, failed).", new GaugeConfiguration { LabelNames = ["status"] });

    private static readonly Gauge KeptUnknown = Metrics.CreateGauge("hybridrouting_source_discovery_kept_unknown_resources",
        "Resources kept from an earlier discovery because the part that lists or reads them failed.");

    private static readonly Gauge SkippedRows = Metrics.CreateGauge("hybridrouting_source_skipped_rows",
        "Rows left out of each vantage point's last answer because they could not be read.", new GaugeConfiguration { LabelNames = ["vantage"] });

    private static readonly Lock Gate = new();
    private static HashSet<string[]> _budgetLabels = new(LabelComparer.Instance);
    private static HashSet<string[]> _skippedLabels = new(LabelComparer.Instance);

    public static void Publish(IServiceProvider services)
    {
        var sources = services.GetRequiredService<IRoutingSourceProvider>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(async ct =>
        {
            if (await sources.GetAsync(ct) is IDiagnosedSource source)
            {
                Update(source.Diagnostics);
            }
        });
    }

    private static void Update(SourceDiagnostics diagnostics)
    {
        lock (Gate)
        {
            var budgets = new HashSet<string[]>(LabelComparer.Instance);
            foreach (var b in diagnostics.Budgets)
            {
                string[] labels = [b.SubscriptionId ?? "", b.Kind.ToString()];
                budgets.Add(labels);
                Remaining.WithLabels(labels).Set(b.Remaining);
                Throttled.WithLabels(labels).Set(b.Throttled);
                Paced.WithLabels(labels).Set(b.Paced.TotalSeconds);
                if (b.Kind == BudgetKind.ResourceGraphQueries)
                {
                    QuotaResets.Set(b.ResetsAfter?.TotalSeconds ?? 0);
                }
            }

            foreach (var gone in _budgetLabels.Except(budgets, LabelComparer.Instance))
            {
                Remaining.RemoveLabelled(gone);
                Throttled.RemoveLabelled(gone);
                Paced.RemoveLabelled(gone);
            }

            _budgetLabels = budgets;

            foreach (var status in Enum.GetValues<DiscoveryPartStatus>())
            {
                DiscoveryParts.WithLabels(status.ToString().ToLowerInvariant()).Set(diagnostics.Discovery.Count(p => p.Status == status));
            }

            KeptUnknown.Set(diagnostics.Discovery.Sum(p => p.KeptUnknown));

            var skipped = new HashSet<string[]>(LabelComparer.Instance);
            foreach (var s in diagnostics.SkippedRows)
            {
                skipped.Add([s.VantageId]);
                SkippedRows.WithLabels(s.VantageId).Set(s.Count);
            }

            foreach (var gone in _skippedLabels.Except(skipped, LabelComparer.Instance))
            {
                SkippedRows.RemoveLabelled(gone);
            }

            _skippedLabels = skipped;
        }
    }

    private sealed class LabelComparer : IEqualityComparer<string[]>
    {
        public static readonly LabelComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string[] obj) => string.Join('\u001f', obj).GetHashCode(StringComparison.Ordinal);
    }
}
