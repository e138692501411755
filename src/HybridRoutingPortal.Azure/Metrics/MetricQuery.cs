using HybridRoutingPortal.Core.Signals;

namespace HybridRoutingPortal.Azure.Metrics;

/// <summary>
/// One metrics question about one kind of resource: the namespace, the metrics (all of one aggregation and grain, so
/// one request asks them all), the dimensions to split by, and how many series each metric may return (top).
/// </summary>
public sealed record MetricQuery(string Namespace, IReadOnlyList<string> Metrics, string Aggregation, TimeSpan Grain, IReadOnlyList<string> SplitBy)
{
    public const string ApiVersion = "2024-02-01";

    /// <summary>ISO 8601 duration of the grain, as the interval parameter takes it (PT1M, PT5M).</summary>
    public string Interval => System.Xml.XmlConvert.ToString(Grain);

    /// <summary>"dim eq '*' and …": one series per combination of dimension values.</summary>
    public string Filter => string.Join(" and ", SplitBy.Select(d => $"{d} eq '*'"));

    /// <summary>Route Server: peer status and route counts per instance and BGP peer (Maximum, PT1M).</summary>
    public static readonly MetricQuery RouteServer = new("Microsoft.Network/virtualHubs",
        [MonitorMetrics.BgpPeerStatus, MonitorMetrics.RoutesLearnedFromPeer, MonitorMetrics.RoutesAdvertisedToPeer], "Maximum", MonitorMetrics.RouteServerGrain,
        [MonitorMetrics.RouteServerInstance, MonitorMetrics.BgpPeerIp]);

    /// <summary>ExpressRoute circuit: BGP availability per peering and path (Average percent, PT1M).</summary>
    public static readonly MetricQuery Circuit = new("Microsoft.Network/expressRouteCircuits",
        [MonitorMetrics.BgpAvailability], "Average", MonitorMetrics.CircuitGrain, [MonitorMetrics.PeeringType, MonitorMetrics.Peer]);

    /// <summary>ExpressRoute gateway: route counts per instance and BGP peer (Maximum, PT5M: its finest grain).</summary>
    public static readonly MetricQuery Gateway = new("Microsoft.Network/virtualNetworkGateways",
        [MonitorMetrics.GatewayRoutesLearned, MonitorMetrics.GatewayRoutesAdvertised], "Maximum", MonitorMetrics.GatewayGrain,
        [MonitorMetrics.RoleInstance, MonitorMetrics.BgpPeerAddress]);

    /// <summary>The per-resource metrics path on the ARM endpoint (Metrics_List), for a window ending now.</summary>
    public string ArmPathAndQuery(string resourceId, DateTimeOffset start, DateTimeOffset end, int top) =>
        $"{resourceId.TrimStart('/')}/providers/Microsoft.Insights/metrics?api-version={ApiVersion}"
        + $"&metricnamespace={Uri.EscapeDataString(Namespace)}&metricnames={Uri.EscapeDataString(string.Join(',', Metrics))}"
        + $"&timespan={Uri.EscapeDataString($"{Iso(start)}/{Iso(end)}")}&interval={Interval}&aggregation={Aggregation}"
        + $"&$filter={Uri.EscapeDataString(Filter)}&top={top}";

    /// <summary>The batch API's query (metrics:getBatch): its own parameter names (starttime/endtime, filter without $).</summary>
    public string BatchQuery(DateTimeOffset start, DateTimeOffset end, int top) =>
        $"api-version={ApiVersion}&metricnamespace={Uri.EscapeDataString(Namespace)}&metricnames={Uri.EscapeDataString(string.Join(',', Metrics))}"
        + $"&starttime={Uri.EscapeDataString(Iso(start))}&endtime={Uri.EscapeDataString(Iso(end))}&interval={Interval}&aggregation={Aggregation}"
        + $"&filter={Uri.EscapeDataString(Filter)}&top={top}";

    /// <summary>The value of a point in this query's aggregation, or null (no data).</summary>
    public double? ValueOf(MetricValueDto point) => Aggregation switch
    {
        "Maximum" => point.Maximum,
        "Minimum" => point.Minimum,
        "Total" => point.Total,
        _ => point.Average,
    };

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
