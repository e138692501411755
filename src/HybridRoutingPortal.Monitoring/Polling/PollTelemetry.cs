using System.Diagnostics;
using System.Diagnostics.Metrics;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Monitoring.Polling;

/// <summary>
/// What polling tells an operator's tracing and metrics backend: a span per cycle (or targeted read) with a child per
/// collector, and counts and durations of both. Plain System.Diagnostics: nothing is recorded until the host listens
/// (OpenTelemetry when an OTLP endpoint is configured; prometheus-net publishes the meter at /metrics).
/// </summary>
public sealed class PollTelemetry : IDisposable
{
    /// <summary>The name of both the activity source and the meter.</summary>
    public const string Name = "HybridRoutingPortal.Polling";

    public const string CycleSpan = "poll cycle";
    public const string TargetedSpan = "targeted read";
    public const string CollectSpan = "poll vantage points";

    internal static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _cycles;
    private readonly Histogram<double> _cycleDuration;
    private readonly Counter<long> _vantagePolls;

    /// <param name="meters">The host's meter factory; none (a bare service collection): a meter of its own.</param>
    public PollTelemetry(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(Name) ?? new Meter(Name);
        _cycles = _meter.CreateCounter<long>("hybridrouting.poll.cycles", "{cycle}", "Poll cycles and targeted reads run, by kind and outcome.");
        _cycleDuration = _meter.CreateHistogram<double>("hybridrouting.poll.cycle.duration", "s", "How long a poll cycle or targeted read took.");
        _vantagePolls = _meter.CreateCounter<long>("hybridrouting.poll.vantage_points", "{poll}", "Vantage point polls, by status and failure reason.");
    }

    internal static Activity? StartCycle(string span, string source) =>
        Source.StartActivity(span)?.SetTag("hybridrouting.source", source);

    /// <summary>A collector's span, a child of the cycle or targeted read it runs in.</summary>
    internal static Activity? StartCollect(ICollector collector) =>
        Source.StartActivity(CollectSpan)?.SetTag("hybridrouting.vantage_ids", collector.VantageIds.ToArray());

    /// <summary>Ends a collector's span with what it observed, and counts its vantage point polls.</summary>
    internal void Collected(Activity? span, IReadOnlyList<Observation> observations)
    {
        foreach (var group in observations.GroupBy(o => (o.Status, o.Failure?.Reason)))
        {
            _vantagePolls.Add(group.Count(), new KeyValuePair<string, object?>("status", group.Key.Status.ToString().ToLowerInvariant()),
                new KeyValuePair<string, object?>("reason", group.Key.Reason?.ToString() ?? ""));
        }

        if (span is null)
        {
            return;
        }

        var failed = observations.Where(o => o.Status == ObservationStatus.Failed).ToArray();
        span.SetTag("hybridrouting.vantage_points", observations.Count);
        span.SetTag("hybridrouting.failed", failed.Length);
        if (failed.Length > 0)
        {
            // The reasons only: a failure's message may quote an ARM error, which has no business in a trace backend's index.
            span.SetStatus(ActivityStatusCode.Error, string.Join(", ", failed.Select(o => o.Failure?.Reason.ToString()).Distinct()));
        }
    }

    /// <summary>Ends a cycle's (or targeted read's) span and counts it.</summary>
    internal void CycleEnded(Activity? span, string kind, CycleResult? result, Exception? error)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        _cycles.Add(1, kindTag, new KeyValuePair<string, object?>("outcome", error is null ? "ok" : "failed"));
        if (result is not null)
        {
            _cycleDuration.Record(result.Duration.TotalSeconds, kindTag);
            span?.SetTag("hybridrouting.vantage_points", result.Results.Count);
            span?.SetTag("hybridrouting.changed", result.Changed);
            span?.SetTag("hybridrouting.failed", result.Failed);
        }

        if (error is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
    }

    public void Dispose() => _meter.Dispose();
}
