using HybridRoutingPortal.Azure;

namespace HybridRoutingPortal.Azure.Tests;

public class AzureSourceOptionsTests
{
    [Fact]
    public void Defaults_match_the_documented_contract()
    {
        var options = new AzureSourceOptions();
        Assert.Equal("https://management.azure.com", options.ArmEndpoint);
        Assert.Equal("Default", options.Credential);
        Assert.Empty(options.Subscriptions);
        Assert.Equal("Azure", AzureSourceOptions.Section);
    }
}
