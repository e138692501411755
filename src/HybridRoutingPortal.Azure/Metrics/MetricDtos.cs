using System.Text.Json.Serialization;

namespace HybridRoutingPortal.Azure.Metrics;

// Azure Monitor's metrics answers (arm-examples/metrics/GetMetric.json, MetricBatchExample.json). Every part is
// optional here; what must be present is checked where it is read, so a gap is unknown, never an empty series.

public sealed record MetricsResponse(
    string? Timespan,
    string? Interval,
    [property: JsonPropertyName("namespace")] string? Namespace,
    string? Resourceregion,
    IReadOnlyList<MetricDto?>? Value);

public sealed record MetricDto(string? Id, LocalizableString? Name, string? Unit, IReadOnlyList<TimeSeriesDto?>? Timeseries, string? ErrorCode, string? ErrorMessage);

public sealed record LocalizableString(string? Value, string? LocalizedValue);

public sealed record TimeSeriesDto(IReadOnlyList<MetadataValueDto?>? Metadatavalues, IReadOnlyList<MetricValueDto?>? Data);

public sealed record MetadataValueDto(LocalizableString? Name, string? Value);

/// <summary>A point: an aggregation missing from it means no data in that grain (not zero).</summary>
public sealed record MetricValueDto(DateTimeOffset? TimeStamp, double? Average, double? Minimum, double? Maximum, double? Total, double? Count);

/// <summary>The batch API's answer: one entry per resource, each with the Metrics_List shape of metrics.</summary>
public sealed record MetricsBatchResponse(IReadOnlyList<MetricsBatchItem?>? Values);

public sealed record MetricsBatchItem(string? Resourceid, string? Starttime, string? Endtime, string? Interval, IReadOnlyList<MetricDto?>? Value);

internal sealed record MetricsBatchRequest([property: JsonPropertyName("resourceids")] IReadOnlyList<string> ResourceIds);
