using System.ComponentModel.DataAnnotations;

namespace HybridRoutingPortal.Web;

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

    public TimeSpan EffectivePollInterval => PollInterval ?? (Source == SourceKind.Demo ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(5));

    /// <summary>A vantage point is stale when its last success is older than this.</summary>
    public TimeSpan StaleAfter => EffectivePollInterval * 2.5;
}

/// <summary>The Demo:* settings.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>History the demo writes on first start with an empty database.</summary>
    public TimeSpan Backfill { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Spacing of the backfilled polls.</summary>
    public TimeSpan BackfillInterval { get; set; } = TimeSpan.FromMinutes(5);

    public int Seed { get; set; } = HybridRoutingPortal.Demo.DemoScenario.DefaultSeed;
}
