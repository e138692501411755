namespace HybridRoutingPortal.Monitoring.Options;

/// <summary>The History:* settings.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>How long history is kept. Zero or negative keeps everything.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per transaction; small batches keep the writer free for polls.</summary>
    public int PruneBatchSize { get; set; } = 5000;
}
