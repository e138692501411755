namespace HybridRoutingPortal.Demo.Signals;

public enum MetricAggregation
{
    Maximum,
    Average,
    Minimum,
    Total,
}

/// <summary>One grain of a metric: its start, its aggregate (null when no sample has landed), and whether samples are still to land.</summary>
public sealed record SampledPoint(DateTimeOffset At, double? Value, bool Partial);

/// <summary>
/// How a platform metric comes to be, for the demo and the ARM emulator alike: the resource is sampled every
/// <c>step</c>, each sample lands an ingestion delay later, and a grain's point aggregates the samples that have
/// landed. The newest point with data is therefore partial (some samples still to land) and changes later — as
/// Azure Monitor's do ("collected each minute, lands within a couple of minutes").
/// </summary>
public static class MetricSampling
{
    public static readonly TimeSpan DefaultStep = TimeSpan.FromSeconds(15);

    /// <summary>The grains of [start, end) at <paramref name="grain"/>, aligned on whole grains, as seen at <paramref name="visibleUntil"/> (now less the delay).</summary>
    public static IReadOnlyList<SampledPoint> Points(Func<DateTimeOffset, double?> valueAt, DateTimeOffset start, DateTimeOffset end, TimeSpan grain,
        DateTimeOffset visibleUntil, MetricAggregation aggregation, TimeSpan? step = null)
    {
        var sample = step ?? DefaultStep;
        var points = new List<SampledPoint>();
        for (var bucket = Floor(start, grain); bucket < end; bucket += grain)
        {
            var values = new List<double>();
            var partial = false;
            for (var at = bucket; at < bucket + grain; at += sample)
            {
                if (at > visibleUntil)
                {
                    partial = true;
                    continue;
                }

                if (valueAt(at) is { } v)
                {
                    values.Add(v);
                }
            }

            points.Add(values.Count == 0
                ? new SampledPoint(bucket, null, partial)
                : new SampledPoint(bucket, Aggregate(values, aggregation), partial));
        }

        return points;
    }

    public static DateTimeOffset Floor(DateTimeOffset at, TimeSpan grain) => new(at.UtcTicks - (at.UtcTicks % grain.Ticks), TimeSpan.Zero);

    private static double Aggregate(List<double> values, MetricAggregation aggregation) => aggregation switch
    {
        MetricAggregation.Maximum => values.Max(),
        MetricAggregation.Minimum => values.Min(),
        MetricAggregation.Total => values.Sum(),
        _ => values.Average(),
    };
}
