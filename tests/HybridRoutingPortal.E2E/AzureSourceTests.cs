using System.Text.Json;
using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>The app started with the Azure source against the ARM emulator shows the estate as the demo does.</summary>
[Collection(AzurePortalCollection.Name)]
public class AzureSourceTests(AzurePortalProcess portal)
{
    [Fact]
    public async Task The_azure_source_against_the_emulator_shows_the_estate_in_the_ui_and_the_api()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-testid=source-chip]")).ToContainTextAsync("Azure");
        await Assertions.Expect(page.Locator("[data-testid=vantage-table] [data-testid=freshness]", new() { HasText = "Fresh" }))
            .ToHaveCountAsync(22, new() { Timeout = 30_000 }); // with the data plane: 4 NICs and 3 route tables
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, "overview-azure-emulator.png") });

        var response = await page.APIRequest.GetAsync("/api/v1/vantage-points");
        var vantages = JsonDocument.Parse(await response.TextAsync()).RootElement.EnumerateArray().ToArray();
        Assert.Equal(22, vantages.Length);
        Assert.All(vantages, v => Assert.Equal("Ok", v.GetProperty("status").GetString()));
        Assert.Contains(vantages, v => v.GetProperty("name").GetString()!.Contains("er-contoso-ams", StringComparison.Ordinal) && v.GetProperty("routeCount").GetInt32() > 0);
    }
}
