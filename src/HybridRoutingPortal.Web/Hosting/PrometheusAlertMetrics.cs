using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Monitoring.Alerts;
using Prometheus;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>Alerts firing now, by severity, as a Prometheus gauge at /metrics.</summary>
public sealed class PrometheusAlertMetrics : IAlertMetrics
{
    private static readonly Gauge FiringAlerts = Metrics.CreateGauge(
        "hybridrouting_alerts_firing", "Alerts firing now, by severity.", new GaugeConfiguration { LabelNames = ["severity"] });

    public PrometheusAlertMetrics()
    {
        // Every severity is published from the start, so a scrape sees 0 rather than no series.
        foreach (var severity in Enum.GetValues<AlertSeverity>())
        {
            FiringAlerts.WithLabels(Label(severity));
        }
    }

    public void FiringChanged(IReadOnlyDictionary<AlertSeverity, int> firingBySeverity)
    {
        foreach (var (severity, count) in firingBySeverity)
        {
            FiringAlerts.WithLabels(Label(severity)).Set(count);
        }
    }

    private static string Label(AlertSeverity severity) => severity.ToString().ToLowerInvariant();
}
