using Bunit;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Web.Components.Pages;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>bUnit tests of the pages over the seeded demo store of <see cref="PortalFactory"/>.</summary>
public sealed class PageTests : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PollerStatus _status = new();

    // Composed rather than inherited: MudBlazor's services only dispose asynchronously.
    private readonly BunitContext _ctx = new();

    private BunitJSInterop JSInterop => _ctx.JSInterop;

    private BunitServiceProvider Services => _ctx.Services;

    private IRenderedComponent<T> Render<T>()
        where T : IComponent => _ctx.Render<T>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    public PageTests(PortalFactory factory)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(factory.Services.GetRequiredService<RoutingQueries>());
        Services.AddSingleton(factory.Services.GetRequiredService<SignalStore>());
        Services.AddSingleton(factory.Services.GetRequiredService<HybridRoutingPortal.Core.Signals.LaneMeter>());
        Services.AddSingleton<TimeProvider>(factory.Clock);
        Services.AddSingleton(_status);
        Services.AddSingleton(new StoreEvents());
        Services.AddSingleton(new HybridRoutingPortal.Monitoring.Hosting.BackgroundHealth());
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoutingOptions { PollInterval = TimeSpan.FromMinutes(5) }));
        // The pages run interactive (Blazor Server); a test of the prerender says so itself.
        _ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    private void NavigateTo(string uri) => Services.GetRequiredService<NavigationManager>().NavigateTo(uri);

    [Fact]
    public void Overview_lists_every_vantage_point_with_its_freshness_and_the_latest_changes()
    {
        var page = Render<Overview>();
        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=vantage-table] tbody tr").Where(r => r.QuerySelector("[data-testid=freshness]") is not null).ToArray();
            Assert.Equal(RoutePropagation.VantagePoints().Count, rows.Length);
        });
        Assert.Equal(RoutePropagation.VantagePoints().Count.ToString(), page.Find("[data-testid=stat-vantage]").TextContent.Trim());
        Assert.Contains("Fresh", page.Find("[data-testid=vantage-table]").TextContent);
        // Journey 3: headroom against the Azure limits, per Route Server peer, circuit and gateway.
        Assert.Contains("free of 4,000", page.Find("[data-testid=vantage-table]").TextContent);
        Assert.Contains("free of 1,000", page.Find("[data-testid=vantage-table]").TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=latest-changes] [data-testid=change-counts]"));
        Assert.Contains("12 h", page.Find("[data-testid=stat-history]").TextContent);
    }

    [Fact]
    public void Overview_shows_what_each_read_lane_spends_and_the_intervals()
    {
        var page = Render<Overview>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=lane-panel]")));
        Assert.Contains("tables every 00:05:00", page.Find("[data-testid=lane-panel]").TextContent);
        Assert.Contains("metrics every 00:01:00", page.Find("[data-testid=lane-panel]").TextContent);
        foreach (var lane in new[] { "tables", "signals", "targeted" })
        {
            Assert.NotNull(page.Find($"[data-testid=lane-{lane}]"));
        }
    }

    [Fact]
    public void Overview_shows_backfill_progress()
    {
        _status.Update(s => s with { Phase = PollerPhase.Backfilling, BackfillDone = 144, BackfillTotal = 288 });
        var page = Render<Overview>();
        page.WaitForAssertion(() => Assert.Contains("144 of 288", page.Find("[data-testid=backfill]").TextContent));
    }

    [Fact]
    public void Routes_page_shows_one_vantage_point_at_a_past_moment()
    {
        NavigateTo($"routes?vantage={Uri.EscapeDataString(RoutePropagation.Vantages.RouteServerLearned(1))}&at=2026-11-24T09:10:00Z");
        var page = Render<Routes>();
        page.WaitForAssertion(() => Assert.StartsWith("4 routes at 2026-11-24 09:10:00Z", page.Find("[data-testid=route-count]").TextContent.Trim()));
        Assert.DoesNotContain("0.0.0.0/0", page.Find("[data-testid=routes-grid]").TextContent);
        Assert.Contains("10.200.0.0/15", page.Find("[data-testid=routes-grid]").TextContent);
    }

    [Fact]
    public void Routes_page_prerenders_its_first_page_with_the_real_total()
    {
        // The prerender (no circuit yet) shows the rows with the page, and the pager counts them against the real total.
        _ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        NavigateTo("routes?at=2026-11-24T09:10:00Z");
        var page = Render<Routes>();
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("[data-testid=routes-grid] tbody tr.mud-table-row").Count));
        var total = int.Parse(page.Find("[data-testid=route-count]").TextContent.Trim().Split(' ')[0], System.Globalization.NumberStyles.AllowThousands,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total > 50, $"{total} routes");
        Assert.Contains($"1-50 of {total:N0}", page.Find("[data-testid=routes-pager]").TextContent);
    }

    [Fact]
    public void Routes_page_prerender_with_a_bad_prefix_shows_the_error_and_no_rows()
    {
        _ctx.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        NavigateTo("routes?within=10.0.0.0/40");
        var page = Render<Routes>();
        page.WaitForAssertion(() => Assert.Contains("invalid prefix length", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=routes-grid] tbody tr.mud-table-row"));
    }

    [Fact]
    public void A_change_table_that_first_had_a_few_changes_shows_whole_pages_when_it_gets_more()
    {
        // The first render draws a screenful; later parameters (another node, another window) are drawn whole.
        static RouteChange Added(int i) => new(ChangeKind.Added, null,
            new Route(IpPrefix.Parse($"10.{i / 256}.{i % 256}.0/24"), "192.0.2.1", AsPath.Of(65001)), []);
        var table = _ctx.Render<HybridRoutingPortal.Web.Components.Shared.RouteChangeTable>(p => p.Add(t => t.Changes, Enumerable.Range(0, 3).Select(Added).ToArray()));
        Assert.Equal(3, table.FindAll("tbody tr").Count);
        table.Render(p => p.Add(t => t.Changes, Enumerable.Range(0, 120).Select(Added).ToArray()));
        table.WaitForAssertion(() => Assert.Equal(50, table.FindAll("tbody tr").Count));
    }

    [Fact]
    public void Routes_page_searches_by_containment()
    {
        // Most specific first (a page holds 50 of the 72 covering routes).
        NavigateTo("routes?covering=10.201.20.9&desc=true");
        var page = Render<Routes>();
        page.WaitForAssertion(() => Assert.Contains("covering 10.201.20.9/32", page.Find("[data-testid=route-count]").TextContent));
        var grid = page.Find("[data-testid=routes-grid]").TextContent;
        Assert.Contains("10.201.20.0/24", grid);   // the segment itself, at AVS and the gateway
        Assert.Contains("10.200.0.0/15", grid);    // the NVA summary that carries it to on-prem
        Assert.DoesNotContain("10.10.0.0/16", grid);
    }

    [Fact]
    public void Routes_page_explains_a_malformed_prefix_instead_of_failing()
    {
        NavigateTo("routes?within=10.0.0.0/40");
        var page = Render<Routes>();
        page.WaitForAssertion(() => Assert.Contains("invalid prefix length", page.Markup));
    }

    [Fact]
    public void Snapshots_page_lists_polls_and_opens_what_a_poll_changed()
    {
        var secondary = RoutePropagation.Vantages.CircuitTable("secondary");
        NavigateTo($"snapshots?vantage={Uri.EscapeDataString(secondary)}");
        var page = Render<Snapshots>();
        page.WaitForAssertion(() => Assert.Contains("145 of 145 polls", page.Find("[data-testid=snapshot-count]").TextContent));
        // The fast lane's chart sits under the route-count chart (no metric read yet in this store: it says so).
        Assert.NotNull(page.Find("[data-testid=signal-chart]"));
        // A page of 50 at a time, newest first: 02:00 is on the third page.
        Assert.Equal(50, page.FindAll("[data-testid=snapshot-table] tbody tr").Count(r => r.TextContent.Contains("Z", StringComparison.Ordinal)));
        page.Find("[data-testid=snapshot-pager] button[aria-label='Next page']").Click();
        page.Find("[data-testid=snapshot-pager] button[aria-label='Next page']").Click();

        var lossRow = page.FindAll("[data-testid=snapshot-table] tbody tr").First(r => r.TextContent.Contains("2026-11-24 02:00:00Z"));
        Assert.Contains("−6", lossRow.TextContent);
        lossRow.Click();
        page.WaitForAssertion(() =>
        {
            var changes = page.Find("[data-testid=poll-changes]").TextContent;
            Assert.Contains("Removed", changes);
            Assert.Contains("10.10.0.0/16", changes);
            Assert.Contains("192.168.255.5", changes);
        });
    }
}
