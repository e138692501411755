namespace HybridRoutingPortal.Azure;

/// <summary>The Azure:* settings (DESIGN.md §4 plus tuning knobs with safe defaults).</summary>
public sealed class AzureSourceOptions
{
    public const string Section = "Azure";

    public string ArmEndpoint { get; set; } = "https://management.azure.com";

    /// <summary>Subscription ids to watch; empty = every subscription the credential can read.</summary>
    public IList<string> Subscriptions { get; set; } = [];

    /// <summary>"Default" (DefaultAzureCredential) or "None" (only for a loopback ArmEndpoint).</summary>
    public string Credential { get; set; } = "Default";

    /// <summary>How often resources are rediscovered (route polling runs more often).</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Timeout of one HTTP request to ARM.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Overall deadline of one long-running operation (route tables take seconds to tens of seconds).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries of one request on 429, 5xx and network errors, with exponential backoff honouring Retry-After.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Extra NIC resource ids whose effective routes are read, besides every NIC of an NVA peered with a Route Server and
    /// every NIC tagged hybrid-routing-watch = true.
    /// </summary>
    public IList<string> WatchNics { get; set; } = [];

    /// <summary>Use Azure Resource Graph for discovery (falls back to per-resource listing when it fails).</summary>
    public bool UseResourceGraph { get; set; } = true;

    /// <summary>ARM's throttling buckets as the pacer assumes them (Azure:Pacing:*); the documented sizes by default.</summary>
    public Arm.ArmPacingOptions Pacing { get; set; } = new();

    /// <summary>
    /// The regional Azure Monitor metrics batch endpoint (https://{region}.metrics.monitor.azure.com). Set, the fast lane
    /// reads metrics there in batches of up to 50 resources, with its own token (Azure:MetricsBatchScope) and no ARM reads;
    /// unset, it reads each resource's metrics on the ARM endpoint.
    /// </summary>
    public string? MetricsBatchEndpoint { get; set; }

    /// <summary>The batch endpoint's token scope; the ARM token is never sent there.</summary>
    public string MetricsBatchScope { get; set; } = Metrics.MetricsBatchClient.DefaultScope;

    public bool UsesCredential => !Credential.Equals("None", StringComparison.OrdinalIgnoreCase);
}
