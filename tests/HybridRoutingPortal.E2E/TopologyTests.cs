using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>The topology graph in chromium: it renders the demo estate, its panel, time, compare and trace work.</summary>
[Collection(PortalCollection.Name)]
public class TopologyTests(PortalProcess portal)
{
    private const int DemoNodes = 14;
    private const int DemoEdges = 16;

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, name + ".png") });

    private async Task<IPage> OpenAsync(string url)
    {
        var page = await portal.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        try
        {
            await Assertions.Expect(page.Locator("[data-testid=topology-graph][data-ready=true]")).ToHaveCountAsync(1);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException("The graph did not become ready. Browser errors: " + string.Join(" | ", errors), ex);
        }

        return page;
    }

    /// <summary>What Cytoscape holds, read through the test hook the module exposes.</summary>
    private static Task<int> CountAsync(IPage page, string what) =>
        page.EvaluateAsync<int>($"() => window.__topology.stats().{what}");

    [Fact]
    public async Task The_graph_renders_the_demo_estate_with_its_nodes_and_edges()
    {
        var page = await OpenAsync("/topology");
        Assert.Equal(DemoNodes, await CountAsync(page, "nodes"));
        Assert.Equal(DemoEdges, await CountAsync(page, "edges"));
        // Laid out off the main thread: the worker module and the layout libraries load from the app.
        Assert.True(await page.EvaluateAsync<bool>("() => window.__topology.stats().worker"));
        await Assertions.Expect(page.Locator("[data-testid=legend]")).ToContainTextAsync("Route Server");
        await Shot(page, "topology");
    }

    [Fact]
    public async Task Clicking_a_node_opens_its_panel_with_its_vantage_points()
    {
        var page = await OpenAsync("/topology");
        await page.EvaluateAsync("() => window.__topology.tapNode('er-contoso-ams')");
        var details = page.Locator("[data-testid=topology-details]");
        await Assertions.Expect(details).ToContainTextAsync("ExpressRoute circuit");
        await Assertions.Expect(page.Locator("[data-testid=node-vantages]")).ToContainTextAsync("private peering · primary");
        await Assertions.Expect(page.Locator("[data-testid=node-vantages]")).ToContainTextAsync("private peering · secondary");
        await Shot(page, "topology-panel");
    }

    [Fact]
    public async Task The_time_slider_shows_a_past_state_and_live_keeps_positions()
    {
        var page = await OpenAsync("/topology");
        var before = await page.EvaluateAsync<string>("() => JSON.stringify(window.__topology.stats().positions)");
        // One hour into the history, before the VDI segment existed: one node fewer.
        await page.Locator("[data-testid=time-slider] input[type=range], input[type=range][data-testid=time-slider]").First.FillAsync("12");
        await Assertions.Expect(page.Locator("[data-testid=topology-at]")).Not.ToContainTextAsync("now");
        await page.WaitForFunctionAsync($"() => window.__topology.stats().nodes === {DemoNodes - 1} && window.__topology.stats().settled");
        await page.Locator("[data-testid=live]").ClickAsync();
        await page.WaitForFunctionAsync($"() => window.__topology.stats().nodes === {DemoNodes} && window.__topology.stats().settled");
        // Back to the same nodes: the positions are where they were before.
        var after = await page.EvaluateAsync<string>("() => JSON.stringify(window.__topology.stats().positions)");
        Assert.Equal(before, after);
        await Shot(page, "topology-past");
    }

    [Fact]
    public async Task A_prefix_trace_of_the_new_avs_segment_shows_where_it_stops()
    {
        var page = await OpenAsync("/topology?trace=10.202.40.0/24");
        // The verdict is the explanation's path, from the origin to the first break: the NVA has no summary for the new segment.
        var verdict = page.Locator("[data-testid=trace-verdict]");
        await Assertions.Expect(verdict).ToContainTextAsync("10.202.40.0/24 from AVS segment seg-vdi of avs-contoso-weu: avs-contoso-weu");
        await Assertions.Expect(verdict).ToContainTextAsync("→ ergw-hub-weu · learned →");
        await Assertions.Expect(verdict).ToContainTextAsync("stops at Route Server ← NVA fw01 · learned · IN_0 (default): nva-not-readvertising.");
        // The panel: where it first breaks, why (the NVA's own advertisements as evidence), and what to change.
        var panel = page.Locator("[data-testid=trace-explanation]");
        await Assertions.Expect(panel).ToContainTextAsync("First break: Route Server ← NVA fw01 · learned · IN_0 (default)");
        await Assertions.Expect(panel.Locator("[data-testid=reason-code]")).ToHaveTextAsync("nva-not-readvertising");
        await Assertions.Expect(panel.Locator("[data-testid=reason-text]")).ToContainTextAsync("NVA fw01 learned 10.202.40.0/24 from Route Server but advertises no route covering it back");
        await Assertions.Expect(panel.Locator("[data-testid=reason-evidence]")).ToContainTextAsync("NVA fw01 advertises 5 routes: 0.0.0.0/0, 10.0.0.0/11, 10.200.0.0/15, 172.16.0.0/12, 192.168.0.0/16");
        await Assertions.Expect(panel.Locator("[data-testid=reason-suggestion]")).ToContainTextAsync(
            "Widen NVA fw01's summary to cover 10.202.40.0/24 (for example advertise 10.202.0.0/16) or enable ExpressRoute Global Reach");
        // The on-prem circuit, further on, is default-only for the same reason.
        await Assertions.Expect(page.Locator("[data-testid=trace-hops]")).ToContainTextAsync("er-contoso-ams · private peering · primary");
        var classes = await page.EvaluateAsync<string[]>("() => ['avs-contoso-weu','ergw-hub-weu','er-contoso-ams'].map(l => window.__topology.classesOf(l))");
        Assert.Contains("trace-present", classes[0]);
        Assert.Contains("trace-partial", classes[1]);
        Assert.Contains("trace-default", classes[2]);
        // The circuit is where the segment's alert fires: its node says so.
        Assert.Contains("health-alert", classes[2]);
        // The path is drawn: the links that carry it from AVS to the gateway and on, and one break.
        var drawn = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__topology.drawnTrace()");
        var carried = drawn.GetProperty("carried").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var breakAt = drawn.GetProperty("breakAt").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains(carried, link => link.Contains("ergw-hub-weu", StringComparison.Ordinal));
        Assert.Equal(["rs-hub-weu"], breakAt); // the Route Server holds the NVA session the prefix stops at
        await Shot(page, "topology-trace");
    }

    [Fact]
    public async Task Compare_mode_marks_what_changed()
    {
        var page = await OpenAsync("/topology");
        await page.Locator("input[data-testid=compare-toggle]").CheckAsync();
        // From the start of the history to now: the VDI segment and the branch withdrawal are among the changes.
        await page.Locator("[data-testid=compare-slider] input[type=range], input[type=range][data-testid=compare-slider]").First.FillAsync("0");
        await page.WaitForFunctionAsync("() => window.__topology.classesOf('avs-contoso-weu').includes('changed')");
        await page.EvaluateAsync("() => window.__topology.tapNode('avs-contoso-weu')");
        await Assertions.Expect(page.Locator("[data-testid=topology-details]")).ToContainTextAsync("10.202.40.0/24");
        await Shot(page, "topology-compare");
    }
}
