namespace HybridRoutingPortal.Monitoring.Options;

/// <summary>
/// How much history a replayable source (the demo) writes on first start: the Demo:Backfill and
/// Demo:BackfillInterval settings.
/// </summary>
public sealed class BackfillOptions
{
    public const string Section = "Demo";

    /// <summary>History written on first start with an empty database.</summary>
    public TimeSpan Backfill { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Spacing of the backfilled polls.</summary>
    public TimeSpan BackfillInterval { get; set; } = TimeSpan.FromMinutes(5);
}
