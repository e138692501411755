using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HybridRoutingPortal.E2E;
using Microsoft.Playwright;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// The big-estate pages in headless Debian chromium against the real app (its built dll, poller off) on a
/// 100,000-route history (the history bench's generator: 5-minute polls at 0.1 % churn): Routes (every vantage point), Compare
/// a day apart (about 26,000 changes) and Snapshots. For each, the first render — from the start of the navigation
/// to the first frame that paints a data row — and the longest main-thread task the page caused while it loaded and
/// settled. The baseline, measured in the same run, is the same page on the demo-sized estate: what a
/// page costs before the estate is big.
/// </summary>
public static class PagesBench
{
    private static readonly (string Name, string Path, string Row)[] Pages =
    [
        ("routes", "/routes", "[data-testid=routes-grid] tbody tr.mud-table-row"), // every vantage point
        ("compare", "/compare?from={from}&to={to}", "[data-testid=route-changes] tbody tr"),
        ("snapshots", "/snapshots?vantage={vantage}", "[data-testid=snapshot-table] tbody tr.mud-table-row"),
    ];

    public static async Task RunAsync(BenchOptions options)
    {
        var days = Math.Min(options.Days, 30);
        Console.WriteLine($"pages: {options.Routes:N0} routes, {days} days of 5-minute polls at 0.1 % churn, in headless chromium");
        var t0 = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        await using var big = await BenchDatabase.CreateAsync("pages");
        await HistoryBench.WriteHistoryAsync(big, options.Routes, days * 288, 0.001, t0);
        await using var small = await BenchDatabase.CreateAsync("pages-small");
        // The demo-sized estate churns 1 % a poll: at 0.1 % its 229 routes would never change.
        await HistoryBench.WriteHistoryAsync(small, 229, days * 288, 0.01, t0);

        var from = t0 + TimeSpan.FromDays(days / 2.0) + TimeSpan.FromMinutes(2);
        var values = new Dictionary<string, string>
        {
            ["vantage"] = Uri.EscapeDataString(HistoryBench.Vantage),
            ["from"] = Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)),
            ["to"] = Uri.EscapeDataString((from + TimeSpan.FromDays(1)).ToString("O", CultureInfo.InvariantCulture)),
        };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);

        var measured = new Dictionary<string, (Measure Big, Measure Small)>();
        await using (var smallApp = await StartAppAsync(small))
        await using (var bigApp = await StartAppAsync(big))
        {
            foreach (var (name, path, row) in Pages)
            {
                var url = Regex.Replace(path, @"\{(\w+)\}", m => values[m.Groups[1].Value]);
                // Warm-up (the app's JIT and page cache, the browser's assets), then the median of three.
                await MeasureAsync(browser, smallApp.BaseUrl + url, row);
                await MeasureAsync(browser, bigApp.BaseUrl + url, row);
                var s = await MedianAsync(() => MeasureAsync(browser, smallApp.BaseUrl + url, row));
                var b = await MedianAsync(() => MeasureAsync(browser, bigApp.BaseUrl + url, row));
                measured[name] = (b, s);
                Console.WriteLine($"  {name,-10} first render {b.FirstRenderMs,7:0} ms (demo-sized {s.FirstRenderMs:0} ms), longest task {b.LongestTaskMs,5:0} ms (demo-sized {s.LongestTaskMs:0} ms), {b.Rows} rows on screen");
            }
        }

        var result = new Dictionary<string, object>
        {
            ["routes"] = options.Routes,
            ["days"] = days,
            ["routesFirstRenderMs"] = measured["routes"].Big.FirstRenderMs,
            ["compareFirstRenderMs"] = measured["compare"].Big.FirstRenderMs,
            ["snapshotsFirstRenderMs"] = measured["snapshots"].Big.FirstRenderMs,
            ["longestTaskMs"] = measured.Values.Max(m => m.Big.LongestTaskMs),
            ["routesRowsOnScreen"] = measured["routes"].Big.Rows,
            ["compareRowsOnScreen"] = measured["compare"].Big.Rows,
            ["baselineRoutesFirstRenderMs"] = measured["routes"].Small.FirstRenderMs,
            ["baselineCompareFirstRenderMs"] = measured["compare"].Small.FirstRenderMs,
            ["baselineSnapshotsFirstRenderMs"] = measured["snapshots"].Small.FirstRenderMs,
            ["baselineLongestTaskMs"] = measured.Values.Max(m => m.Small.LongestTaskMs),
            ["browser"] = browser.Version,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "pages.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }

    private static async Task<Measure> MedianAsync(Func<Task<Measure>> run)
    {
        var runs = new List<Measure>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await run());
        }

        return new Measure(
            runs.Select(r => r.FirstRenderMs).Order().ElementAt(1),
            runs.Select(r => r.LongestTaskMs).Order().ElementAt(1),
            runs[^1].Rows);
    }

    /// <summary>One visit in a fresh page: navigation start until the first frame with a data row, then a settle for late tasks.</summary>
    private static async Task<Measure> MeasureAsync(IBrowser browser, string url, string row)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        try
        {
            // Long tasks are collected from the document's first moment (buffered), so none is missed. The first render is
            // the first frame that has a data row to paint: a check in every animation frame (frames run only once the
            // page may render: its stylesheets loaded), timed from the start of the navigation (performance.now()'s origin).
            await page.AddInitScriptAsync($$"""
                window.__longTasks = [];
                new PerformanceObserver(l => l.getEntries().forEach(e => window.__longTasks.push(e.duration)))
                  .observe({ type: 'longtask', buffered: true });
                const watchRows = now => {
                  const first = document.querySelector({{JsonSerializer.Serialize(row)}});
                  if (first && first.getBoundingClientRect().height > 0) window.__firstRow = now;
                  else requestAnimationFrame(watchRows);
                };
                requestAnimationFrame(watchRows);
                """);
            await page.GotoAsync(url, new PageGotoOptions { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
            try
            {
                await page.WaitForFunctionAsync("() => window.__firstRow !== undefined", null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 50 });
                await page.Locator(row).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
            }
            catch (TimeoutException)
            {
                var shot = Path.Combine(Path.GetTempPath(), $"hrp-pages-bench-{Guid.NewGuid():N}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                throw new TimeoutException($"{url} showed no row ({row}) within 2 minutes; screenshot: {shot}");
            }

            var firstRender = await page.EvaluateAsync<double>("() => window.__firstRow");
            await page.WaitForTimeoutAsync(1000);
            var longest = await page.EvaluateAsync<double>("() => window.__longTasks.length ? Math.max(...window.__longTasks) : 0");
            var rows = await page.Locator(row).CountAsync();
            return new Measure(Math.Round(firstRender), Math.Round(longest), rows);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private sealed record Measure(double FirstRenderMs, double LongestTaskMs, int Rows);

    /// <summary>The real app (the E2E tests' child process) on a prepared database: demo source, poller off.</summary>
    private static async Task<PortalChild> StartAppAsync(BenchDatabase db)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await PortalChild.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Routing"] = db.ConnectionString,
                ["Routing__Source"] = "Demo",
                ["Routing__EnablePoller"] = "false",
            },
            timeout.Token);
    }
}
