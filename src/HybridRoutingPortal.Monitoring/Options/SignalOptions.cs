namespace HybridRoutingPortal.Monitoring.Options;

/// <summary>
/// The Routing:Signals:* settings: how the fast lane reads metrics and what a change in them sets off. The interval
/// itself is Routing:SignalInterval (a DESIGN.md §4 contract).
/// </summary>
public sealed class SignalOptions
{
    /// <summary>Read metrics between table polls (when the source has them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a metric point takes to become final ("within a couple of minutes"): a newer point is partial and may
    /// still change, so it only hints at a change (a targeted read), never becomes history or an alert on its own.
    /// </summary>
    public TimeSpan MetricsLatency { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A route count must move by more than this many routes to schedule a read (0: any change).</summary>
    public int CountTolerance { get; set; }

    /// <summary>Time between a targeted read and each confirming read.</summary>
    public TimeSpan ConfirmAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Confirming reads after the first targeted read; unset: enough for the alert lifecycle (the larger of
    /// Alerts:FireAfter and Alerts:ResolveAfter, less the first read).
    /// </summary>
    public int? ConfirmReads { get; set; }

    /// <summary>At most this many targeted read sequences per vantage point per hour: a flapping signal cannot buy unbounded reads.</summary>
    public int MaxTriggersPerHour { get; set; } = 6;

    /// <summary>
    /// How long a session must stay up in the metrics before its "session down" alert resolves: flaps inside it keep
    /// the one alert firing instead of raising a new one each time.
    /// </summary>
    public TimeSpan SessionHoldDown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of the ARM read budget (as ARM last reported it) the fast lane may spend in one read.</summary>
    public double MaxReadBudgetShare { get; set; } = 0.25;
}
