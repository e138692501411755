using Bunit;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Web.Components.Pages;
using HybridRoutingPortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>bUnit tests of Compare and Timeline over the seeded demo store: the URL is the whole state.</summary>
public sealed class ComparePageTests : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public ComparePageTests(PortalFactory factory)
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<RoutingQueries>());
        _ctx.Services.AddSingleton(factory.Services.GetRequiredService<HybridRoutingPortal.Monitoring.History.ComparisonService>());
        _ctx.Services.AddSingleton<TimeProvider>(factory.Clock);
        _ctx.Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private NavigationManager Nav => _ctx.Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void A_deep_link_opens_the_same_comparison()
    {
        var secondary = RoutePropagation.Vantages.CircuitTable("secondary");
        Nav.NavigateTo($"compare?from=2026-11-24T01:55:00Z&to=2026-11-24T02:05:00Z&vantage={Uri.EscapeDataString(secondary)}&kind=removed&within=10.0.0.0%2F8");
        var page = _ctx.Render<Compare>();
        page.WaitForAssertion(() => Assert.Contains("2026-11-24 01:55:00Z → 2026-11-24 02:05:00Z", page.Find("[data-testid=compare-summary]").TextContent));
        var results = page.Find("[data-testid=compare-results]").TextContent;
        Assert.Contains("er-contoso-ams · private peering · secondary", results);
        Assert.Contains("10.10.0.0/16", results);
        Assert.DoesNotContain("172.16.0.0/20", results); // outside the CIDR filter
        Assert.DoesNotContain("Route Server", results);  // not a selected vantage point
        Assert.Contains("−3", page.Find("[data-testid=compare-summary]").TextContent);
    }

    [Fact]
    public void Changing_the_comparison_writes_it_back_into_the_url()
    {
        Nav.NavigateTo("compare?from=2026-11-24T09:00:00Z&to=2026-11-24T09:25:00Z");
        var page = _ctx.Render<Compare>();
        page.WaitForAssertion(() => Assert.Contains("0.0.0.0/0", page.Find("[data-testid=compare-results]").TextContent));

        page.Find("input[data-testid=kind-added]").Change(false);

        var uri = new Uri(Nav.Uri);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        Assert.Equal(["removed", "changed"], query.GetValues("kind")!);
        Assert.Equal("2026-11-24T09:00:00Z", query["from"]);
        // The URL parses back into the same state.
        var (state, errors) = CompareState.Parse(query["from"], query["to"], query.GetValues("vantage"), query.GetValues("kind"), query["within"], query["as"], DateTimeOffset.UtcNow);
        Assert.Empty(errors);
        Assert.Equal([ChangeKind.Removed, ChangeKind.Changed], state.Kinds);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 25, 0, TimeSpan.Zero), state.To);
    }

    [Fact]
    public void Compare_state_round_trips_through_its_query()
    {
        var original = new CompareState(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero),
            ["/subscriptions/a/x", "/subscriptions/a/y"], [ChangeKind.Removed], IpPrefix.Parse("2001:db8::/32"), 65010, CompareSort.AsPath);
        var q = original.ToQuery();
        var (parsed, errors) = CompareState.Parse((string?)q["from"], (string?)q["to"], (string[]?)q["vantage"], (string[]?)q["kind"], (string?)q["within"], (string?)q["as"], DateTimeOffset.UtcNow, (string?)q["sort"]);
        Assert.Equal(CompareSort.AsPath, parsed.Sort);
        Assert.Empty(errors);
        Assert.Equal((original.From, original.To, original.Within, original.As), (parsed.From, parsed.To, parsed.Within, parsed.As));
        Assert.Equal(original.Vantages, parsed.Vantages);
        Assert.Equal(original.Kinds, parsed.Kinds);
    }

    [Fact]
    public void Bad_input_in_a_link_is_explained_not_thrown()
    {
        Nav.NavigateTo("compare?from=yesterday-ish&kind=exploded&within=10.0.0.0/99&as=ASX");
        var page = _ctx.Render<Compare>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=compare-error]").Count));
    }

    [Fact]
    public void The_timeline_shows_one_lane_per_vantage_point_that_saw_the_prefix()
    {
        Nav.NavigateTo("timeline?prefix=0.0.0.0/0&match=exact&from=2026-11-24T08:00:00Z&to=2026-11-24T11:00:00Z");
        var page = _ctx.Render<Timeline>();
        page.WaitForAssertion(() => Assert.Contains("exactly 0.0.0.0/0", page.Find("[data-testid=timeline-summary]").TextContent));
        // Route Server IN_0/IN_1, both circuit paths, gateway learned and four advertised: nine places see the default route;
        // and the data plane: every watched NIC's system default and the NVA subnet's route table (its Internet default).
        Assert.Equal(9 + 4 + 1, page.FindAll("[data-testid=timeline-lane]").Count);
    }

    [Fact]
    public async Task A_wide_prefix_draws_its_lanes_a_page_at_a_time()
    {
        var window = (From: DateTimeOffset.Parse("2026-11-24T08:00:00Z"), To: DateTimeOffset.Parse("2026-11-24T11:00:00Z"));
        var whole = await _ctx.Services.GetRequiredService<RoutingQueries>().TimelineAsync(
            new PrefixFilter(IpPrefix.Parse("0.0.0.0/0"), PrefixMatch.Inside), window.From, window.To, null, CancellationToken.None);
        const int perPage = 50;
        Assert.True(whole.Lanes.Count > perPage, $"{whole.Lanes.Count} lanes: the demo estate should need more than one page");

        Nav.NavigateTo("timeline?prefix=0.0.0.0/0&from=2026-11-24T08:00:00Z&to=2026-11-24T11:00:00Z");
        var page = _ctx.Render<Timeline>(p => p.Add(t => t.LanesPerPage, perPage));
        page.WaitForAssertion(() => Assert.Equal(perPage, page.FindAll("[data-testid=timeline-lane]").Count));
        Assert.Empty(page.FindAll("[data-testid=timeline-first-lanes]"));
        var seen = page.FindAll("[data-testid=timeline-lane]").Select(l => l.TextContent).ToList();
        while (page.FindAll("[data-testid=timeline-next-lanes]").Count > 0)
        {
            // The button writes the next lanes' position into the URL; the URL alone draws them.
            page.Find("[data-testid=timeline-next-lanes]").Click();
            Assert.Contains("lanes=", Nav.Uri, StringComparison.Ordinal);
            page = _ctx.Render<Timeline>(p => p.Add(t => t.LanesPerPage, perPage));
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=timeline-first-lanes]")));
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=timeline-lane]")));
            seen.AddRange(page.FindAll("[data-testid=timeline-lane]").Select(l => l.TextContent));
        }

        // Every lane once, none twice, none lost between pages.
        Assert.Equal(whole.Lanes.Count, seen.Count);
        Assert.Equal(whole.Lanes.Count, seen.Distinct().Count());
    }

    [Fact]
    public void The_timeline_explains_a_bad_prefix()
    {
        Nav.NavigateTo("timeline?prefix=10.0.0.0/40");
        var page = _ctx.Render<Timeline>();
        page.WaitForAssertion(() => Assert.Contains("invalid prefix length", page.Find("[data-testid=timeline-error]").TextContent));
    }
}

public sealed class RouteCountChartTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void The_chart_states_the_headroom_against_the_limit_and_draws_it_when_near()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var t0 = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, int)[] growing = [(t0, 2900), (t0.AddDays(3), 3300), (t0.AddDays(6), 3700)];
        var chart = _ctx.Render<RouteCountChart>(p => p.Add(c => c.Points, growing).Add(c => c.Limit, KnownLimits.For(VantageKind.RouteServerLearned)));
        Assert.Contains("3,700 of 4,000 Route Server routes per BGP peer (92.5", chart.Find("[data-testid=headroom]").TextContent);
        Assert.Contains("stroke-dasharray", chart.Markup);

        var far = _ctx.Render<RouteCountChart>(p => p.Add(c => c.Points, [(t0, 5), (t0.AddDays(1), 5)]).Add(c => c.Limit, KnownLimits.For(VantageKind.RouteServerLearned)));
        Assert.DoesNotContain("stroke-dasharray", far.Markup);
    }
}
