using System.Text.Json;
using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The graph module with an estate too large for Cytoscape edges (its edges on the edge layer), in chromium, on a page
/// served from the app's origin (the module, its worker and Cytoscape load from the app as the Topology page loads them):
/// edges are drawn, tapped and traced through the layer; data updates and a node that goes and comes back behave as on
/// a small graph.
/// </summary>
[Collection(PortalCollection.Name)]
public class LargeTopologyTests(PortalProcess portal)
{
    private const int Nodes = 240, Edges = 480;

    /// <summary>
    /// A page with the graph and a generated estate: `window.estate(step)` gives the estate at a step, `window.selected` the
    /// taps the page reported, `window.graph` the module's handle.
    /// </summary>
    private const string Page = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>large graph</title></head>
        <body style="margin:0"><div id="graph" style="width:1200px;height:800px"></div>
        <script type="module">
          import { create } from '/js/topology.js';
          const kinds = ['OnPremSite', 'ExpressRouteCircuit', 'ExpressRouteGateway', 'HubVnet', 'RouteServer', 'Nva', 'SpokeVnet', 'AvsPrivateCloud', 'AvsSegment'];
          let seed = 11;
          const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
          const nodes = Array.from({ length: NODES }, (_, i) => ({ id: `n${i}`, kind: kinds[Math.floor(i * kinds.length / NODES)], label: `node-${i}`, health: 'ok' }));
          const edges = [];
          const seen = new Set();
          while (edges.length < EDGES) {
            const a = Math.floor(random() * NODES), b = Math.min(NODES - 1, a + 1 + Math.floor(random() * 29));
            if (a === b || seen.has(`${a},${b}`)) continue;
            seen.add(`${a},${b}`);
            edges.push({ id: `l${edges.length}`, kind: edges.length % 2 ? 'BgpSession' : 'VnetPeering', from: `n${a}`, to: `n${b}`, label: `in ${edges.length}`, health: 'ok' });
          }
          window.estate = ({ without = null, health = 'ok', carried = [], stopped = [] } = {}) => ({
            nodes: nodes.filter(n => n.id !== without).map(n => ({ ...n, health })),
            edges: edges.filter(e => e.from !== without && e.to !== without),
            trace: { path: { steps: [{ edgeIds: carried, carried: true }, { edgeIds: stopped, carried: false }] } },
          });
          window.edgeEnds = id => { const e = edges.find(x => x.id === id); return [e.from, e.to]; };
          window.selected = [];
          window.graph = create(document.getElementById('graph'), { invokeMethodAsync: (_, id, type) => { window.selected.push([id, type]); return Promise.resolve(); } });
          window.ready = true;
        </script></body></html>
        """;

    private async Task<IPage> OpenAsync()
    {
        var page = await portal.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.RouteAsync("**/large-graph-test", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = Page.Replace("NODES", Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Replace("EDGES", Edges.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }));
        await page.GotoAsync("/large-graph-test");
        await page.WaitForFunctionAsync("() => window.ready === true");
        Assert.Empty(errors);
        return page;
    }

    private static Task<JsonElement> StatsAsync(IPage page) => page.EvaluateAsync<JsonElement>("() => { const s = window.graph.stats(); delete s.positions; return s; }");

    [Fact]
    public async Task Its_edges_are_drawn_by_the_edge_layer_and_a_tap_on_one_selects_it()
    {
        var page = await OpenAsync();
        await page.EvaluateAsync("() => window.graph.setData(window.estate())");

        var stats = await StatsAsync(page);
        Assert.Equal((Nodes, Edges, true), (stats.GetProperty("nodes").GetInt32(), stats.GetProperty("edges").GetInt32(), stats.GetProperty("edgeLayer").GetBoolean()));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__topology.cy.edges().length"));
        // The layer's canvas holds the lines: pixels that are not blank.
        var inked = await page.EvaluateAsync<int>("""
            () => new Promise(resolve => requestAnimationFrame(() => {
              const c = document.querySelector('[data-testid=topology-edges]');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
              resolve(n);
            }))
            """);
        Assert.True(inked > 1000, $"{inked} pixels drawn");

        // A click on the middle of an edge, where no node is, selects that edge; a click on empty canvas selects nothing.
        var target = await page.EvaluateAsync<JsonElement>("""
            () => {
              const cy = window.__topology.cy, zoom = cy.zoom(), pan = cy.pan();
              const at = id => cy.getElementById(id).position();
              const screen = p => ({ x: p.x * zoom + pan.x, y: p.y * zoom + pan.y });
              let best = null;
              for (let i = 0; i < 480; i++) {
                const [a, b] = window.edgeEnds(`l${i}`);
                const mid = { x: (at(a).x + at(b).x) / 2, y: (at(a).y + at(b).y) / 2 };
                const clear = Math.min(...cy.nodes().map(n => Math.hypot(n.position().x - mid.x, n.position().y - mid.y)));
                const others = Math.min(...Array.from({ length: 480 }, (_, j) => j).filter(j => j !== i).map(j => {
                  const [c, d] = window.edgeEnds(`l${j}`);
                  const p = at(c), q = at(d), dx = q.x - p.x, dy = q.y - p.y, t = Math.max(0, Math.min(1, ((mid.x - p.x) * dx + (mid.y - p.y) * dy) / (dx * dx + dy * dy)));
                  return Math.hypot(mid.x - (p.x + t * dx), mid.y - (p.y + t * dy));
                }));
                const score = Math.min(clear - 30, others - 20);
                if (!best || score > best.score) best = { id: `l${i}`, score, ...screen(mid) };
              }
              return best;
            }
            """);
        Assert.True(target.GetProperty("score").GetDouble() > 0, "an edge with room around its middle");
        await page.Mouse.ClickAsync((float)target.GetProperty("x").GetDouble(), (float)target.GetProperty("y").GetDouble());
        await page.WaitForFunctionAsync("() => window.selected.length === 1");
        Assert.Equal($"[\"{target.GetProperty("id").GetString()}\",\"edge\"]", await page.EvaluateAsync<string>("() => JSON.stringify(window.selected[0])"));

        Assert.Equal($"e:{target.GetProperty("id").GetString()}", (await StatsAsync(page)).GetProperty("selectedEdge").GetString());
        // The page selects by the edge's own id when it pushes data again: the selection stays.
        await page.EvaluateAsync($"() => window.graph.select('{target.GetProperty("id").GetString()}')");
        Assert.Equal($"e:{target.GetProperty("id").GetString()}", (await StatsAsync(page)).GetProperty("selectedEdge").GetString());

        await page.Mouse.ClickAsync(2, 2);
        await page.WaitForFunctionAsync("() => window.selected.length === 2");
        Assert.Equal("[null,null]", await page.EvaluateAsync<string>("() => JSON.stringify(window.selected[1])"));
        Assert.Equal(JsonValueKind.Null, (await StatsAsync(page)).GetProperty("selectedEdge").ValueKind);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalProcess.ScreenshotDir, "topology-large.png") });
    }

    [Fact]
    public async Task Data_that_arrives_while_the_graph_is_being_built_waits_and_the_newest_wins()
    {
        // The page pushes as events come (a poll, the slider): a second push during the first layout must neither blank the
        // graph nor be lost.
        var page = await OpenAsync();
        var results = await page.EvaluateAsync<JsonElement>(@"() => Promise.all([
              window.graph.setData(window.estate({ health: 'ok' })),
              window.graph.setData(window.estate({ health: 'unknown' })),
              window.graph.setData(window.estate({ health: 'stale' })),
            ])");
        Assert.True(results[1].TryGetProperty("superseded", out _), "the middle push gives way to the newest");
        var stats = await StatsAsync(page);
        Assert.Equal((Nodes, Edges, true), (stats.GetProperty("nodes").GetInt32(), stats.GetProperty("edges").GetInt32(), stats.GetProperty("settled").GetBoolean()));
        Assert.Contains("health-stale", await page.EvaluateAsync<string>("() => window.__topology.classesOf('node-7')"));
    }

    [Fact]
    public async Task A_trace_is_drawn_on_the_layer_and_updates_and_a_node_that_comes_back_keep_the_layout()
    {
        var page = await OpenAsync();
        await page.EvaluateAsync("() => window.graph.setData(window.estate({ carried: ['l0', 'l2'], stopped: ['l4'] }))");
        var ends = await page.EvaluateAsync<string[]>("() => ['l0', 'l2', 'l4'].map(id => window.edgeEnds(id).map(n => `node-${n.slice(1)}`).join(' – '))");

        var drawn = await page.EvaluateAsync<JsonElement>("() => window.__topology.drawnTrace()");
        Assert.Equal(ends[..2].Order(), drawn.GetProperty("carried").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal([ends[2]], drawn.GetProperty("stopped").EnumerateArray().Select(e => e.GetString()!));

        // New data of the same shape: the nodes' classes and the layer's edges follow, nothing is laid out again.
        var before = await page.EvaluateAsync<string>("() => JSON.stringify(window.graph.stats().positions)");
        var update = await page.EvaluateAsync<JsonElement>("() => window.graph.setData(window.estate({ health: 'stale', carried: ['l4'] }))");
        Assert.False(update.GetProperty("laidOut").GetBoolean());
        Assert.Contains("health-stale", await page.EvaluateAsync<string>("() => window.__topology.classesOf('node-7')"));
        drawn = await page.EvaluateAsync<JsonElement>("() => window.__topology.drawnTrace()");
        Assert.Equal([ends[2]], drawn.GetProperty("carried").EnumerateArray().Select(e => e.GetString()!));
        Assert.Empty(drawn.GetProperty("stopped").EnumerateArray());

        // A node goes (its edges with it) and comes back: every node is where it was.
        await page.EvaluateAsync("() => window.graph.setData(window.estate({ without: window.edgeEnds('l0')[0] }))");
        var without = await StatsAsync(page);
        Assert.Equal(Nodes - 1, without.GetProperty("nodes").GetInt32());
        Assert.True(without.GetProperty("edges").GetInt32() < Edges);
        await page.EvaluateAsync("() => window.graph.setData(window.estate())");
        Assert.Equal(before, await page.EvaluateAsync<string>("() => JSON.stringify(window.graph.stats().positions)"));
        Assert.Equal(Edges, (await StatsAsync(page)).GetProperty("edges").GetInt32());
    }
}
