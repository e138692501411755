namespace HybridRoutingPortal.Data;

// Signals are history too, kept compactly: a row per series, and a row per change of its value (not per point).

/// <summary>A metric series (a session's state, a peer's route count) and its latest known value.</summary>
public sealed class SignalSeriesRow
{
    /// <summary>Small surrogate key: change rows repeat it.</summary>
    public int Key { get; set; }

    public required string Id { get; set; }

    public int Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>The vantage points the series speaks for, as a JSON array (a handful of ids).</summary>
    public required string VantageIds { get; set; }

    public string? LinkId { get; set; }

    public string? Lane { get; set; }

    public long GrainTicks { get; set; }

    /// <summary>The value in force since <see cref="LastChangedAt"/>.</summary>
    public double? LastValue { get; set; }

    public long? LastChangedAt { get; set; }

    /// <summary>The newest final point read, changed or not: a point at or before it is old news.</summary>
    public long? LastPointAt { get; set; }
}

/// <summary>The value of a series from <see cref="At"/> (a point's time) until its next change.</summary>
public sealed class SignalChangeRow
{
    public long Id { get; set; }

    public int SeriesKey { get; set; }

    public long At { get; set; }

    public double Value { get; set; }
}
