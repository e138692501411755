using Microsoft.Extensions.Configuration;

namespace HybridRoutingPortal.Web.Tests;

public class StartupTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://127.0.0.2:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://10.1.2.3:5000", false)]
    [InlineData("http://portal.contoso.com", false)]
    public void Local_mode_accepts_only_loopback_urls(string url, bool loopback) => Assert.Equal(loopback, LocalBinding.IsLoopback(url));

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void Credential_none_is_refused_for_a_real_arm_endpoint()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StartupChecks.Validate(Config(
            ("Routing:Source", "Azure"), ("Azure:Credential", "None"), ("Azure:ArmEndpoint", "https://management.azure.com"))));
        Assert.Contains("loopback", error.Message);
    }

    [Fact]
    public void Credential_none_is_accepted_for_a_loopback_emulator() =>
        StartupChecks.Validate(Config(("Routing:Source", "Azure"), ("Azure:Credential", "None"), ("Azure:ArmEndpoint", "http://127.0.0.1:7071")));

    [Theory]
    [InlineData("Routing:Source", "Bogus")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("Routing:PollInterval", "00:00:01")]
    public void Unknown_or_unsafe_settings_stop_start_up_with_a_message(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StartupChecks.Validate(Config((key, value))));
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Demo_polls_faster_by_default_than_azure()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), new RoutingOptions { Source = SourceKind.Demo }.EffectivePollInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), new RoutingOptions { Source = SourceKind.Azure }.EffectivePollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), new RoutingOptions { PollInterval = TimeSpan.FromSeconds(30) }.EffectivePollInterval);
    }
}
