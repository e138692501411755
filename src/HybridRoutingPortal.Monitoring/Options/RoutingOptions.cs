using System.ComponentModel.DataAnnotations;

namespace HybridRoutingPortal.Monitoring.Options;

public enum SourceKind
{
    Demo,
    Azure,
}

/// <summary>The Routing:* settings (DESIGN.md §4).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    public SourceKind Source { get; set; } = SourceKind.Demo;

    /// <summary>Time between poll cycles. Unset: 5 minutes for Azure, 1 minute for the demo so it feels alive.</summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary>How many collectors run at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How long one collector may take before its vantage points are marked failed (timeout).</summary>
    public TimeSpan CollectorTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Run the poller, the pruner and the notification sender (tests of the web host switch them off).</summary>
    public bool EnablePoller { get; set; } = true;

    /// <summary>The fast lane (DESIGN.md §4): time between metric reads, the cheap signal between full table polls.</summary>
    public TimeSpan SignalInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The fast lane's tuning (Routing:Signals:*).</summary>
    public SignalOptions Signals { get; set; } = new();

    public TimeSpan EffectivePollInterval => PollInterval ?? (Source == SourceKind.Demo ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(5));

    /// <summary>A vantage point is stale when its last success is older than this.</summary>
    public TimeSpan StaleAfter => EffectivePollInterval * 2.5;
}
