namespace HybridRoutingPortal.Azure;

/// <summary>
/// The Azure:* settings (DESIGN.md §4). The collectors that use them arrive with the Azure collectors
/// issue; the keys and their validation are fixed now so configuration stays stable.
/// </summary>
public sealed class AzureSourceOptions
{
    public const string Section = "Azure";

    public string ArmEndpoint { get; set; } = "https://management.azure.com";

    public IList<string> Subscriptions { get; set; } = [];

    /// <summary>"Default" (DefaultAzureCredential) or "None" (only for a loopback ArmEndpoint).</summary>
    public string Credential { get; set; } = "Default";
}
