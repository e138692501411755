using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Web.Components.Shared;
using HybridRoutingPortal.Monitoring.Graph;
using HybridRoutingPortal.Monitoring.Health;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace HybridRoutingPortal.Web.Tests;

public class TopologyApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> Get(string url) => await _client.GetFromJsonAsync<JsonElement>(url);

    [Fact]
    public async Task The_topology_api_returns_nodes_and_edges_with_health_and_counts()
    {
        var t = await Get("/api/v1/topology?at=2026-11-24T10:00:00Z");
        var nodes = t.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(13 + 4 + 3, nodes.Length); // the VDI segment appears at 23:00; four watched NICs and three route tables
        Assert.Equal(4, nodes.Count(n => n.GetProperty("kind").GetString() == "NetworkInterface"));
        Assert.Equal(3, nodes.Count(n => n.GetProperty("kind").GetString() == "RouteTable"));
        var circuit = nodes.Single(n => n.GetProperty("label").GetString() == "er-contoso-ams");
        Assert.Equal("ExpressRouteCircuit", circuit.GetProperty("kind").GetString());
        Assert.Equal("ok", circuit.GetProperty("health").GetString());
        Assert.Equal("pri/sec 24/24", circuit.GetProperty("summary").GetString()); // the Utrecht branch is withdrawn only at 14:00
        var nvaSession = t.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "bgp/" + ContosoEstate.NvaConnectionName);
        Assert.Equal(5, nvaSession.GetProperty("routesIn").GetInt32());
        Assert.Equal(12, nvaSession.GetProperty("routesOut").GetInt32());
        // Peerings carry whether the spoke uses the hub's gateway and Route Server as a typed flag; other edges leave it out.
        var peerings = t.GetProperty("edges").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "VnetPeering").ToArray();
        Assert.Equal(2, peerings.Length);
        Assert.All(peerings, p => Assert.True(p.GetProperty("usesRemoteGateway").GetBoolean()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, nvaSession.GetProperty("usesRemoteGateway").ValueKind);
    }

    [Fact]
    public async Task A_session_down_and_a_throttled_source_show_in_the_health()
    {
        var secondaryDown = await Get("/api/v1/topology?at=2026-11-24T02:10:00Z");
        Assert.Contains(secondaryDown.GetProperty("edges").EnumerateArray(), e => e.GetProperty("id").GetString() == "bgp/onprem-secondary" && e.GetProperty("health").GetString() == "down");
        // Past noon nothing failed; the throttling window (17:00-17:15) is outside the seeded 12 hours, so every polled node is healthy.
        Assert.DoesNotContain(secondaryDown.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("health").GetString() == "unknown");
    }

    [Fact]
    public async Task Compare_counts_changes_per_node_and_trace_says_where_a_prefix_stops()
    {
        var t = await Get("/api/v1/topology?at=2026-11-24T09:10:00Z&compareTo=2026-11-24T09:00:00Z&trace=0.0.0.0/0");
        var rs = t.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("label").GetString() == "rs-hub-weu");
        Assert.Equal(2, rs.GetProperty("changes").GetProperty("removed").GetInt32()); // the default route, from both instances
        var trace = t.GetProperty("trace");
        Assert.Contains(trace.GetProperty("hops").EnumerateArray(), h => h.GetProperty("name").GetString()!.Contains("learned · IN_0") && h.GetProperty("status").GetString() == "absent");
    }

    [Theory]
    [InlineData("/api/v1/topology?at=soon")]
    [InlineData("/api/v1/topology?trace=10.0.0.0/99")]
    [InlineData("/api/v1/topology?compareTo=banana")]
    public async Task Bad_input_is_a_400(string url) =>
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _client.GetAsync(url)).StatusCode);
}

public sealed class TopologyDetailsTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public Task InitializeAsync()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private static VantageState Vantage(string id, string name, ObservationStatus status, string? error = null) =>
        new(new VantagePoint(id, VantageKind.CircuitRouteTable, name, "n1", id), 23, status, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(-1),
            error is null ? null : FailureReason.Throttled, error, error is null ? null : DateTimeOffset.UtcNow, error is null ? 0 : 1);

    [Fact]
    public void The_panel_lists_a_nodes_vantage_points_with_counts_status_and_errors()
    {
        var node = new TopologyNodeDto("n1", NodeKind.ExpressRouteCircuit, "er-contoso-ams", "Equinix", null, GraphHealth.Unknown, 40, "pri/sec 23/17", ["/subscriptions/a", "/subscriptions/b"],
            new ChangeCountsDto(0, 6, 0), TraceStatus.Partial);
        var moments = new Dictionary<string, VantageMoment>
        {
            ["/subscriptions/a"] = new("/subscriptions/a", ObservationStatus.Ok, DateTimeOffset.UtcNow, 23, DateTimeOffset.UtcNow),
            ["/subscriptions/b"] = new("/subscriptions/b", ObservationStatus.Failed, DateTimeOffset.UtcNow, 17, DateTimeOffset.UtcNow.AddMinutes(-5)),
        };
        var panel = _ctx.Render<TopologyDetails>(p => p
            .Add(c => c.Node, node)
            .Add(c => c.Vantages, [Vantage("/subscriptions/a", "primary", ObservationStatus.Ok), Vantage("/subscriptions/b", "secondary", ObservationStatus.Failed, "ARM answered 429")])
            .Add(c => c.Moments, moments)
            .Add(c => c.At, DateTimeOffset.UtcNow));

        Assert.Contains("ExpressRoute circuit", panel.Markup);
        Assert.Contains("source unknown", panel.Find("[data-testid=node-health]").TextContent);
        Assert.Contains("partial", panel.Find("[data-testid=node-trace]").TextContent);
        var table = panel.Find("[data-testid=node-vantages]").TextContent;
        Assert.Contains("primary", table);
        Assert.Contains("17", table);
        Assert.Contains("ARM answered 429", table);
        Assert.Contains("−6", panel.Markup);
    }

    [Fact]
    public void The_panel_shows_an_edge_and_the_trace_hops()
    {
        var edge = new TopologyEdgeDto("bgp/x", LinkKind.BgpSession, "a", "b", "eBGP secondary", BgpState.Idle, GraphHealth.Down, null, null, null);
        var hops = new[] { new TraceHopDto("/subscriptions/v", "er · primary", "a", VantageKind.CircuitRouteTable, TraceStatus.Absent, null, null, null) };
        var panel = _ctx.Render<TopologyDetails>(p => p.Add(c => c.Edge, edge).Add(c => c.TraceHops, hops)
            .Add(c => c.Names, new Dictionary<string, string> { ["a"] = "On-prem", ["b"] = "er-contoso-ams" }));
        Assert.Contains("Idle", panel.Find("[data-testid=edge-health]").TextContent);
        Assert.Contains("between On-prem and er-contoso-ams", panel.Markup);
        Assert.Contains("absent", panel.Find("[data-testid=trace-hops]").TextContent);
    }

    [Fact]
    public void A_session_edge_draws_its_metric_timeline_per_lane_with_its_drops()
    {
        var to = DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var from = to.AddHours(-24);
        var in0 = new SessionTimelineDto("rs|bgppeerstatus|in_0|10.100.2.4", "IN_0", "rs ↔ fw01 · IN_0", from, to,
        [
            new(from.AddHours(1), from.AddHours(5), BgpState.Connected),
            new(from.AddHours(5), from.AddHours(5.5), BgpState.Idle),
            new(from.AddHours(5.5), from.AddHours(9), BgpState.Connected),
            new(from.AddHours(9), from.AddHours(9.1), BgpState.Idle),
            new(from.AddHours(9.1), null, BgpState.Connected),
        ], 2);
        var in1 = new SessionTimelineDto("rs|bgppeerstatus|in_1|10.100.2.4", "IN_1", "rs ↔ fw01 · IN_1", from, to, [new(from, null, BgpState.Connected)], 0);
        var edge = new TopologyEdgeDto("bgp/fw01", LinkKind.BgpSession, "rs", "nva", "eBGP", BgpState.Connected, GraphHealth.Ok, 4, 12, null, [in0, in1]);

        var panel = _ctx.Render<TopologyDetails>(p => p.Add(c => c.Edge, edge));

        var lanes = panel.FindAll("[data-testid=session-timeline]");
        Assert.Equal(2, lanes.Count);
        Assert.Contains("IN_0", lanes[0].TextContent);
        Assert.Contains("2 drops", lanes[0].TextContent);
        Assert.Contains("no drop", lanes[1].TextContent);
        // One band per span: red where the session was down.
        Assert.Equal(5, lanes[0].QuerySelectorAll("rect").Length);
        Assert.Equal(2, lanes[0].QuerySelectorAll("rect[fill='var(--mud-palette-error)']").Length);
        Assert.Contains("last 24 h", panel.Find("[data-testid=session-timelines]").TextContent);
    }

    [Fact]
    public void A_peering_edge_says_whether_the_spoke_uses_the_hub_gateway()
    {
        var uses = new TopologyEdgeDto("peer/a", LinkKind.VnetPeering, "a", "b", "peering", null, GraphHealth.Ok, null, null, null, UsesRemoteGateway: true);
        Assert.Equal("uses the hub's gateway and Route Server", _ctx.Render<TopologyDetails>(p => p.Add(c => c.Edge, uses)).Find("[data-testid=edge-remote-gateway]").TextContent.Trim());
        var not = uses with { UsesRemoteGateway = false };
        Assert.Equal("does not use the hub's gateway", _ctx.Render<TopologyDetails>(p => p.Add(c => c.Edge, not)).Find("[data-testid=edge-remote-gateway]").TextContent.Trim());
        var bgp = uses with { Kind = LinkKind.BgpSession, UsesRemoteGateway = null };
        Assert.Empty(_ctx.Render<TopologyDetails>(p => p.Add(c => c.Edge, bgp)).FindAll("[data-testid=edge-remote-gateway]"));
    }

    [Fact]
    public void An_edge_without_session_metrics_draws_no_timeline()
    {
        var edge = new TopologyEdgeDto("peer/x", LinkKind.VnetPeering, "a", "b", "peering", null, GraphHealth.Ok, null, null, null);
        var panel = _ctx.Render<TopologyDetails>(p => p.Add(c => c.Edge, edge));
        Assert.Empty(panel.FindAll("[data-testid=session-timelines]"));
    }

    [Fact]
    public void A_trace_shows_its_origin_the_first_break_its_reason_evidence_and_the_suggested_change()
    {
        var reason = new HybridRoutingPortal.Monitoring.Explain.ExplainReasonDto("nva-not-readvertising", "fw01 learned it but advertises no route covering it.",
            [new HybridRoutingPortal.Monitoring.Explain.ReasonEvidenceDto(HybridRoutingPortal.Core.Explain.EvidenceKind.Route, "fw01 advertises 0.0.0.0/0, 10.200.0.0/15", null, null, null, null)],
            "Widen fw01's summary to 10.202.0.0/16, or enable Global Reach.");
        var stop = new TraceHopDto("/subscriptions/rs", "rs ← fw01 · learned · IN_0", "rs", VantageKind.RouteServerLearned, TraceStatus.DefaultOnly, "0.0.0.0/0", "10.100.2.4", "65010",
            "inside fw01's summary", reason);
        var start = new TraceHopDto("/subscriptions/avs", "avs · segments", "avs", VantageKind.AvsSegments, TraceStatus.Present, "10.202.40.0/24", "", "", "where it enters the estate");
        var trace = new TraceDto("10.202.40.0/24", [start, stop], "10.202.40.0/24 from AVS segment seg-vdi: avs · segments → stops at rs ← fw01 · learned · IN_0 (default): nva-not-readvertising.",
            new HybridRoutingPortal.Monitoring.Explain.ExplainedOriginDto(HybridRoutingPortal.Core.Propagation.OriginKind.Avs, "avs", "AVS segment seg-vdi of avs", "10.202.40.0/24", "/subscriptions/avs", true),
            stop);
        var panel = _ctx.Render<TopologyDetails>(p => p.Add(c => c.Trace, trace).Add(c => c.TraceHops, trace.Hops));

        var explanation = panel.Find("[data-testid=trace-explanation]").TextContent;
        Assert.Contains("From AVS segment seg-vdi of avs", explanation);
        Assert.Contains("First break: rs ← fw01 · learned · IN_0 (default)", explanation);
        Assert.Equal("nva-not-readvertising", panel.Find("[data-testid=reason-code]").TextContent.Trim());
        Assert.Contains("advertises no route covering it", panel.Find("[data-testid=reason-text]").TextContent);
        Assert.Contains("10.200.0.0/15", panel.Find("[data-testid=reason-evidence]").TextContent);
        Assert.Contains("Widen fw01's summary", panel.Find("[data-testid=reason-suggestion]").TextContent);
        var hops = panel.Find("[data-testid=trace-hops]").TextContent;
        Assert.Contains("where it enters the estate", hops);
        Assert.Contains("nva-not-readvertising", hops);
    }

    [Fact]
    public void With_nothing_selected_the_panel_says_what_to_do()
    {
        var panel = _ctx.Render<TopologyDetails>();
        Assert.Contains("Click a node or an edge", panel.Markup);
    }
}
