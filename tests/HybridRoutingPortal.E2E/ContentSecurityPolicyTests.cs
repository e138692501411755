using System.Text.Json;
using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The content security policy the app sends is one it passes: every page, opened in chromium and made interactive,
/// reports no violation, neither as a securitypolicyviolation event nor as a console error.
/// </summary>
[Collection(PortalCollection.Name)]
public class ContentSecurityPolicyTests(PortalProcess portal)
{
    /// <summary>Every routable page; the alert detail is added with a real alert id when the demo has one.</summary>
    private static readonly string[] Pages =
    [
        "/", "/alerts", "/compare", "/expectations", "/routes", "/snapshots", "/timeline?prefix=0.0.0.0/0", "/topology", "/not-found",
    ];

    [Fact]
    public async Task Every_page_runs_under_the_policy_without_a_violation()
    {
        var urls = Pages.ToList();
        using (var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) })
        {
            var alerts = JsonDocument.Parse(await http.GetStringAsync("/api/v1/alerts")).RootElement;
            var list = alerts.ValueKind == JsonValueKind.Array ? alerts : alerts.GetProperty("alerts");
            if (list.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first)
            {
                urls.Add($"/alerts/{first.GetProperty("id").GetInt64()}");
            }
        }

        var violations = new List<string>();
        foreach (var url in urls)
        {
            var page = await portal.NewPageAsync();
            // Recorded from the first script on, before the app's own scripts run.
            await page.AddInitScriptAsync(
                "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' blocked ' + e.blockedURI));");
            var console = new List<string>();
            page.Console += (_, m) =>
            {
                if (m.Type == "error" && m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    console.Add(m.Text);
                }
            };

            var response = await page.GotoAsync(url);
            Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync()).GetValueOrDefault("content-security-policy") ?? "");
            // Interactive means blazor.web.js loaded and its WebSocket connected under the policy.
            await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
            if (url == "/topology")
            {
                // The graph's modules and worker are the strictest test of script-src and worker-src.
                await Assertions.Expect(page.Locator("[data-testid=topology-graph][data-ready=true]")).ToHaveCountAsync(1);
            }

            violations.AddRange((await page.EvaluateAsync<string[]>("() => window.__csp")).Select(v => $"{url}: {v}"));
            violations.AddRange(console.Select(c => $"{url}: console: {c}"));
            await page.Context.CloseAsync();
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
