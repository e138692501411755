using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>What only a browser shows: the app comes up on the demo estate and its pages work, with a screenshot each.</summary>
[Collection(PortalCollection.Name)]
public class PortalTests(PortalProcess portal)
{
    private const int DemoVantagePoints = 22; // 15 control-plane vantage points, 4 NICs and 3 route tables

    /// <summary>Opens a page and waits until its Blazor circuit is interactive, as a user's first click would.</summary>
    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, name + ".png"), FullPage = false });

    [Fact]
    public async Task Overview_shows_the_demo_estate_within_15_seconds()
    {
        var page = await portal.NewPageAsync();
        await OpenAsync(page, "/");
        var fresh = page.Locator("[data-testid=vantage-table] [data-testid=freshness]");
        await Assertions.Expect(fresh).ToHaveCountAsync(DemoVantagePoints, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=stat-history]")).ToContainTextAsync("h");
        await Assertions.Expect(page.Locator("[data-testid=latest-changes] [data-testid=change-counts]").First).ToBeVisibleAsync();
        await Shot(page, "overview");
    }

    [Fact]
    public async Task Routes_page_filters_by_containment_and_links_from_the_overview()
    {
        var page = await portal.NewPageAsync();
        await OpenAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=vantage-table] [data-testid=freshness]")).ToHaveCountAsync(DemoVantagePoints);
        await page.Locator("[data-testid=vantage-table] a", new() { HasText = "private peering · primary" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("routes\\?vantage="));
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=route-count]")).ToContainTextAsync("routes at now");
        await Assertions.Expect(page.Locator("[data-testid=routes-grid]")).ToContainTextAsync("192.168.255.1");

        var prefix = page.Locator("input[data-testid=prefix-input]");
        await prefix.FillAsync("10.0.0.0/8");
        await prefix.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=route-count]")).ToContainTextAsync("inside 10.0.0.0/8");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("within=10.0.0.0"));
        await Assertions.Expect(page.Locator("[data-testid=routes-grid]")).Not.ToContainTextAsync("172.16.0.0/20");
        await Shot(page, "routes");
    }

    [Fact]
    public async Task Snapshots_page_shows_polls_and_what_one_changed()
    {
        var page = await portal.NewPageAsync();
        await OpenAsync(page, "/snapshots");
        await Assertions.Expect(page.Locator("[data-testid=snapshot-count]")).ToContainTextAsync("polls");
        var count = page.Locator("[data-testid=snapshot-count]");
        var allPolls = await count.TextContentAsync();
        await page.Locator("input[data-testid=only-changes]").CheckAsync();
        // Wait for the filtered list before clicking, so the click lands on a row that stays.
        await Assertions.Expect(count).Not.ToHaveTextAsync(allPolls!);
        var changed = page.Locator("[data-testid=snapshot-table] tbody tr", new() { HasText = "+" }).First;
        await changed.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=poll-changes]")).ToBeVisibleAsync();
        await Shot(page, "snapshots");
    }

    [Fact]
    public async Task Dark_theme_follows_the_system_and_can_be_toggled()
    {
        var page = await portal.NewPageAsync(ColorScheme.Dark);
        await OpenAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=vantage-table] [data-testid=freshness]")).ToHaveCountAsync(DemoVantagePoints);
        const string darkBackground = "rgb(14, 20, 27)"; // PortalTheme.PaletteDark.Background
        const string lightBackground = "rgb(245, 247, 250)";
        const string bodyBackground = "getComputedStyle(document.body).backgroundColor";
        await page.WaitForFunctionAsync($"() => {bodyBackground} === '{darkBackground}'");
        await Shot(page, "overview-dark");
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => {bodyBackground} === '{lightBackground}'");
    }
}

/// <summary>A comparison link pasted into a ticket opens the same comparison in a browser.</summary>
[Collection(PortalCollection.Name)]
public class DeepLinkTests(PortalProcess portal)
{
    [Fact]
    public async Task A_compare_deep_link_shows_the_secondary_path_losing_its_on_prem_routes()
    {
        var page = await portal.NewPageAsync();
        var secondary = "/subscriptions/6f1c2a3b-0d4e-4f5a-9b8c-7d6e5f4a3b2c/resourcegroups/rg-contoso-connectivity-weu/providers/microsoft.network/expressroutecircuits/er-contoso-ams/peerings/azureprivatepeering#routetable/secondary";
        var snapshots = await page.APIRequest.GetAsync($"/api/v1/snapshots?vantage={Uri.EscapeDataString(secondary)}&limit=5000");
        var polls = System.Text.Json.JsonDocument.Parse(await snapshots.TextAsync()).RootElement.GetProperty("snapshots").EnumerateArray();
        var loss = polls.First(p => p.GetProperty("removed").GetInt32() == 6).GetProperty("polledAt").GetDateTimeOffset();

        await page.GotoAsync($"/compare?from={UrlTime.Of(loss.AddMinutes(-5))}&to={UrlTime.Of(loss.AddMinutes(5))}&vantage={Uri.EscapeDataString(secondary)}&kind=removed");

        var results = page.Locator("[data-testid=compare-results]");
        await Assertions.Expect(results).ToContainTextAsync("er-contoso-ams · private peering · secondary");
        await Assertions.Expect(results).ToContainTextAsync("10.10.0.0/16");
        await Assertions.Expect(results).ToContainTextAsync("192.168.255.5");
        await Assertions.Expect(page.Locator("[data-testid=compare-summary]")).ToContainTextAsync("−6");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, "compare-deep-link.png") });
    }
}

/// <summary>Journey 1: the alert badge shows the new AVS segment missing on-prem; its detail traces it.</summary>
[Collection(PortalCollection.Name)]
public class AlertJourneyTests(PortalProcess portal)
{
    [Fact]
    public async Task The_badge_leads_to_the_missing_segment_and_its_evidence()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-testid=alert-badge]")).ToContainTextAsync("2");
        await page.GotoAsync("/alerts");
        var alert = page.Locator("[data-testid=alert-table] a", new() { HasText = "10.202.40.0/24 missing at er-contoso-ams · private peering · primary" });
        await Assertions.Expect(alert).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, "alerts.png") });
        await alert.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=alert-state]")).ToContainTextAsync("Firing");
        await Assertions.Expect(page.Locator("[data-testid=last-seen]")).ToContainTextAsync("Never seen");
        await Assertions.Expect(page.Locator("[data-testid=alert-history]")).ToContainTextAsync("Firing");
        await Assertions.Expect(page.Locator("[data-testid=trace-link]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("topology\\?trace=10.202.40.0"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, "alert-detail.png") });
    }
}
