using Microsoft.Playwright;

namespace HybridRoutingPortal.Bench;

/// <summary>The browser the browser benches measure in: Debian's chromium, headless, as the E2E tests drive it.</summary>
public static class BenchBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
}
