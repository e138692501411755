namespace HybridRoutingPortal.Monitoring.Options;

/// <summary>The Alerts:* settings.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Consecutive Ok polls without the prefix before a missing-prefix alert fires.</summary>
    public int FireAfter { get; set; } = 3;

    /// <summary>Consecutive Ok polls with the prefix before it resolves.</summary>
    public int ResolveAfter { get; set; } = 2;

    /// <summary>Consecutive failed polls before "source unavailable" fires.</summary>
    public int SourceUnavailableAfter { get; set; } = 3;

    /// <summary>Derive expectations from the estate (AVS segments to on-prem, on-prem to Azure, the NVA's default route).</summary>
    public bool DerivedExpectations { get; set; } = true;
}
