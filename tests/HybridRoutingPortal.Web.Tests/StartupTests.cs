using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Binds and validates every setting as start-up does; returns the message start-up would stop with, or null.</summary>
    private static string? StartupError(params (string Key, string Value)[] values)
    {
        // Later values override earlier ones, as a later configuration source does.
        var config = new ConfigurationBuilder().AddInMemoryCollection(values.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => (string?)g.Last().Value)).Build();
        using var services = new ServiceCollection().AddPortalOptions(config).BuildServiceProvider();
        try
        {
            PortalAppExtensions.ValidateSettings(services);
            return null;
        }
        catch (Exception ex) when (PortalAppExtensions.IsSettingError(ex))
        {
            return ex.Message;
        }
    }

    [Fact]
    public void Credential_none_is_refused_for_a_real_arm_endpoint() =>
        Assert.Contains("loopback", StartupError(("Routing:Source", "Azure"), ("Azure:Credential", "None"), ("Azure:ArmEndpoint", "https://management.azure.com")));

    [Fact]
    public void Credential_none_is_accepted_for_a_loopback_emulator() =>
        Assert.Null(StartupError(("Routing:Source", "Azure"), ("Azure:Credential", "None"), ("Azure:ArmEndpoint", "http://127.0.0.1:7071")));

    [Theory]
    [InlineData("Routing:Source", "Bogus")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("Routing:PollInterval", "00:00:01")]
    public void Unknown_or_unsafe_settings_stop_start_up_with_a_message(string key, string value) =>
        Assert.Contains(key, StartupError((key, value)));

    [Theory]
    [InlineData("Notifications:Smtp:From", "not an address")]
    [InlineData("Notifications:Smtp:To:0", "nobody")]
    public void A_bad_smtp_setting_stops_start_up_with_a_message(string key, string value)
    {
        var error = StartupError(("Notifications:Smtp:Host", "smtp.contoso.example"), ("Notifications:Smtp:From", "routing@contoso.example"),
            ("Notifications:Smtp:To:0", "netops@contoso.example"), (key, value));
        Assert.Contains(key, error);
    }

    [Fact]
    public void A_webhook_without_a_usable_url_stops_start_up_without_printing_the_url()
    {
        var error = StartupError(("Notifications:Webhooks:0:Name", "teams"), ("Notifications:Webhooks:0:Url", "https://"));
        Assert.Contains("Notifications:Webhooks:0 ('teams')", error);
        Assert.DoesNotContain("https://", error);
    }

    [Theory]
    [InlineData("Auth:Mode", "Bogus", "Auth:Mode")]
    [InlineData("Auth:Authority", "", "Auth:Authority must be the issuer's absolute URL")]
    [InlineData("Auth:Authority", "login.microsoftonline.com/contoso", "Auth:Authority must be the issuer's absolute URL")]
    [InlineData("Auth:Authority", "http://login.contoso.example/v2.0", "http is accepted only for a loopback issuer")]
    [InlineData("Auth:ClientId", "", "Auth:ClientId is required")]
    [InlineData("Auth:KnownProxies:0", "proxy.contoso.example", "Auth:KnownProxies:0")]
    [InlineData("Auth:KnownNetworks:0", "10.0.0.0/99", "Auth:KnownNetworks:0")]
    [InlineData("Auth:SessionLifetime", "00:00:10", "Auth:SessionLifetime")]
    public void A_bad_auth_setting_stops_start_up_with_a_message_that_names_it_and_not_the_secret(string key, string value, string expected)
    {
        var error = StartupError(("Auth:Mode", "Oidc"), ("Auth:Authority", "https://login.microsoftonline.com/contoso/v2.0"),
            ("Auth:ClientId", "11111111-2222-3333-4444-555555555555"), ("Auth:ClientSecret", "s3cr3t-never-printed"), (key, value));
        Assert.NotNull(error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("s3cr3t-never-printed", error);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/contoso/v2.0")]
    [InlineData("http://127.0.0.1:7080/")]
    [InlineData("http://localhost:7080/")]
    public void Oidc_with_an_https_or_loopback_issuer_and_a_client_id_starts(string authority) =>
        Assert.Null(StartupError(("Auth:Mode", "Oidc"), ("Auth:Authority", authority), ("Auth:ClientId", "portal")));

    [Fact]
    public void Local_mode_needs_no_auth_setting() => Assert.Null(StartupError(("Auth:Mode", "None")));

    [Fact]
    public void Demo_polls_faster_by_default_than_azure()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), new RoutingOptions { Source = SourceKind.Demo }.EffectivePollInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), new RoutingOptions { Source = SourceKind.Azure }.EffectivePollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), new RoutingOptions { PollInterval = TimeSpan.FromSeconds(30) }.EffectivePollInterval);
    }
}
