using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Extensions.Options.Options;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>The demo's day replayed through the poller with alerts on: exactly the alerts its story must raise.</summary>
public sealed class DemoAlertReplayTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private AlertStore _alerts = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        // First start 24 hours after the epoch: the day of history is replayed with alerts evaluated at every step.
        _alerts = await ReplayAsync(_db, DemoHistory.Epoch + TimeSpan.FromDays(1), TimeSpan.FromDays(1));
    }

    /// <summary>Runs the real poller (backfill, then one live cycle) with alerts on, the demo epoch fixed.</summary>
    public static async Task<AlertStore> ReplayAsync(TempDatabase db, DateTimeOffset now, TimeSpan backfill)
    {
        var clock = new FakeTimeProvider(now);
        await using var services = PortalServices.Build(db, clock, backfill: new BackfillOptions { Backfill = backfill });
        var alerts = services.GetRequiredService<AlertStore>();
        var status = services.GetRequiredService<PollerStatus>();
        var done = new TaskCompletionSource();
        status.Changed += () =>
        {
            if (status.Current.CyclesCompleted >= 1)
            {
                done.TrySetResult();
            }
        };
        await db.Store.SetSettingAsync(SourceProvider.DemoEpochKey, DemoHistory.Epoch.ToString("O"), CancellationToken.None);
        var poller = services.Hosted<Poller>();
        await poller.StartAsync(CancellationToken.None);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await poller.StopAsync(CancellationToken.None);
        return alerts;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task The_demo_day_raises_exactly_the_alerts_its_story_implies()
    {
        var all = await _alerts.AlertsAsync(null, CancellationToken.None);
        var summary = all.Select(a => $"{a.State} {a.Title}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
        [
            "Firing 10.202.40.0/24 missing at er-contoso-ams · private peering · primary",
            "Firing 10.202.40.0/24 missing at er-contoso-ams · private peering · secondary",
            "Resolved 0.0.0.0/0 missing at Route Server ← NVA fw01 · learned · IN_0",
            "Resolved 0.0.0.0/0 missing at Route Server ← NVA fw01 · learned · IN_1",
            "Resolved BGP session not connected: eBGP secondary 192.168.255.5",
            "Resolved Default route appeared at Route Server ← NVA fw01 · learned · IN_0",
            "Resolved Default route appeared at Route Server ← NVA fw01 · learned · IN_1",
            "Resolved Default route appeared at er-contoso-ams · private peering · primary",
            "Resolved Default route appeared at er-contoso-ams · private peering · secondary",
            "Resolved Default route appeared at ergw-hub-weu · learned",
            "Resolved Gateway routes not propagated to vm-probe-data-nic",
            "Resolved Source unavailable: er-contoso-ams · private peering · secondary",
            "Resolved er-contoso-ams: primary and secondary paths disagree",
        ], summary);

        // Journey 5: the secondary path losing the on-prem routes (02:00-02:40) raised the asymmetry alert with the diff.
        var asymmetry = all.Single(a => a.Rule == PathAsymmetryRule.RuleName);
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5), asymmetry.FiredAt);
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(45), asymmetry.ResolvedAt);

        // The withdrawn default route: fired after three Ok polls without it, resolved two polls after its return, per instance.
        var in0 = all.Single(a => a.Rule == MissingPrefixRule.RuleName && a.Title.EndsWith("IN_0", StringComparison.Ordinal));
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(9) + TimeSpan.FromMinutes(15), in0.FiredAt);
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(9) + TimeSpan.FromMinutes(25), in0.ResolvedAt);
        var in1 = all.Single(a => a.Rule == MissingPrefixRule.RuleName && a.Title.EndsWith("IN_1", StringComparison.Ordinal));
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(9) + TimeSpan.FromMinutes(40), in1.ResolvedAt);

        // Gateway-route propagation off on spoke-data's route table (11:00-11:30): the data-plane alert fired after three Ok polls
        // of the probe NIC without its on-prem and AVS routes, naming the route table, and resolved two polls after it was back on.
        var propagation = all.Single(a => a.Rule == BgpPropagationDisabledRule.RuleName);
        Assert.Equal(RoutePropagation.Vantages.Nic(ContosoEstate.ProbeDataNic.Id), propagation.VantageId);
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(11) + TimeSpan.FromMinutes(10), propagation.FiredAt);
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(11) + TimeSpan.FromMinutes(35), propagation.ResolvedAt);
        Assert.Equal(["Pending", "Firing", "Resolved"], (await _alerts.EventsAsync(propagation.Id, CancellationToken.None)).Select(e => e.Kind));

        // The new segment (added at 23:00) fired at 23:10 and carries its evidence.
        var vdi = all.First(a => a.State == AlertState.Firing);
        Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(23) + TimeSpan.FromMinutes(10), vdi.FiredAt);
        Assert.Contains("seg-vdi", vdi.Detail);
        var history = await _alerts.EventsAsync(vdi.Id, CancellationToken.None);
        Assert.Equal(["Pending", "Firing"], history.Select(e => e.Kind));
    }

    [Fact]
    public async Task Throttling_raised_source_unavailable_and_no_missing_prefix_alert_at_that_vantage_point()
    {
        var all = await _alerts.AlertsAsync(null, CancellationToken.None);
        var secondary = RoutePropagation.Vantages.CircuitTable("secondary");
        var unavailable = all.Single(a => a.Rule == SourceUnavailableRule.RuleName);
        Assert.Equal(secondary, unavailable.VantageId);
        // Before the new segment, nothing went missing there, even while its polls failed.
        Assert.DoesNotContain(all, a => a.Rule == MissingPrefixRule.RuleName && a.VantageId == secondary && a.Since < DemoHistory.Epoch + TimeSpan.FromHours(23));
    }

    [Fact]
    public async Task The_stopped_probe_vm_is_unknown_while_stopped_and_raises_no_alert()
    {
        var probe = RoutePropagation.Vantages.Nic(ContosoEstate.ProbeAppNic.Id);
        var polls = await _db.Queries.PollsAsync(probe, DemoHistory.Epoch + DemoScenario.ProbeStoppedStart, DemoHistory.Epoch + DemoScenario.ProbeStoppedEnd - TimeSpan.FromTicks(1),
            100, CancellationToken.None);
        Assert.NotEmpty(polls);
        Assert.All(polls, p => Assert.Equal((ObservationStatus.Failed, FailureReason.NotRunning), (p.Status, p.FailureReason)));
        // Its last known routes stay: unknown, never empty.
        Assert.NotEmpty(await _db.Queries.RoutesAtAsync(probe, DemoHistory.Epoch + DemoScenario.ProbeStoppedStart + TimeSpan.FromMinutes(20), null, CancellationToken.None));
        Assert.DoesNotContain(await _alerts.AlertsAsync(null, CancellationToken.None), a => a.VantageId == probe);
    }

    [Fact]
    public async Task An_acknowledgement_and_a_silence_are_kept_with_the_alert()
    {
        var vdi = (await _alerts.AlertsAsync(AlertState.Firing, CancellationToken.None))[0];
        var now = DemoHistory.Epoch + TimeSpan.FromDays(1);
        Assert.True(await _alerts.AcknowledgeAsync(vdi.Id, "oncall-anna", "NVA summary change requested", now, CancellationToken.None));
        Assert.True(await _alerts.SilenceAsync(vdi.Id, now.AddHours(4), "oncall-anna", "change window", now, CancellationToken.None));
        var after = (await _alerts.AlertAsync(vdi.Id, CancellationToken.None))!;
        Assert.Equal(("oncall-anna", now.AddHours(4)), (after.AcknowledgedBy, after.SilencedUntil));
        Assert.Equal(["Pending", "Firing", "Acknowledged", "Silenced"], (await _alerts.EventsAsync(vdi.Id, CancellationToken.None)).Select(e => e.Kind));
    }
}

/// <summary>Later in the story: the NVA summarises the new segment and its alert resolves (a derived expectation, met).</summary>
public sealed class DemoAlertResolutionTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task The_new_segment_alert_resolves_once_the_nva_advertises_its_summary()
    {
        var alerts = await DemoAlertReplayTests.ReplayAsync(_db, DemoHistory.Epoch + TimeSpan.FromHours(27), TimeSpan.FromHours(5));
        var vdi = (await alerts.AlertsAsync(null, CancellationToken.None)).Where(a => a.Title.StartsWith("10.202.40.0/24", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, vdi.Length);
        Assert.All(vdi, a =>
        {
            Assert.Equal(AlertState.Resolved, a.State);
            Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(23) + TimeSpan.FromMinutes(10), a.FiredAt);
            Assert.Equal(DemoHistory.Epoch + TimeSpan.FromHours(26) + TimeSpan.FromMinutes(5), a.ResolvedAt);
        });
    }
}

public class ExpectationApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Expectations_can_be_listed_created_and_deleted_and_derived_ones_say_where_they_come_from()
    {
        var before = await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations");
        Assert.Contains(before.EnumerateArray(), e => e.GetProperty("source").GetString() == "AvsSegment");
        Assert.Contains(before.EnumerateArray(), e => e.GetProperty("source").GetString() == "OnPremPrefix");

        var created = await _client.PostAsJsonAsync("/api/v1/expectations", new
        {
            name = "SAP spoke reaches on-prem",
            prefix = "10.101.0.0/20",
            vantageIds = new[] { RoutePropagation.Vantages.CircuitTable("primary") },
            severity = "Critical",
            owner = "platform-team",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var listed = await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations");
        Assert.Contains(listed.EnumerateArray(), e => e.GetProperty("id").GetString() == id && e.GetProperty("source").GetString() == "User");

        // Export and import: the file round-trips (derived entries in it are skipped).
        var exported = await _client.GetStringAsync("/api/v1/expectations");
        var import = await _client.PostAsync("/api/v1/expectations/import", new StringContent(exported, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(1, (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        var afterImport = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations")).EnumerateArray().Where(e => e.GetProperty("source").GetString() == "User").ToArray();
        Assert.Equal(2, afterImport.Length);
        Assert.All(afterImport, e => Assert.Equal("10.101.0.0/20", e.GetProperty("prefix").GetString()));
        var copy = afterImport.Single(e => e.GetProperty("id").GetString() != id).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/expectations/{copy}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/expectations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/v1/expectations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.DeleteAsync("/api/v1/expectations/derived:DefaultRoute")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"","prefix":"10.0.0.0/8","vantageIds":["x"]}""", "name")]
    [InlineData("""{"name":"a","prefix":"10.0.0.0/88","vantageIds":["x"]}""", "prefix")]
    [InlineData("""{"name":"a","prefix":"10.0.0.0/8","vantageIds":[]}""", "vantageIds")]
    [InlineData("""{"name":"a","prefix":"10.0.0.0/8","vantageIds":["/subscriptions/nope"]}""", "vantageIds")]
    public async Task A_bad_expectation_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync("/api/v1/expectations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Prometheus_sees_firing_alerts_by_severity()
    {
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("hybridrouting_alerts_firing{severity=\"critical\"}", metrics);
    }

    [Fact]
    public async Task Alerts_list_filters_by_state_and_rejects_unknown_states()
    {
        Assert.Equal(JsonValueKind.Array, (await _client.GetFromJsonAsync<JsonElement>("/api/v1/alerts?state=firing")).ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/alerts?state=on-fire")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/alerts/999999")).StatusCode);
    }
}

/// <summary>bUnit: the Alerts page and the app-bar badge over a store with known alerts.</summary>
public sealed class AlertPageTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly Bunit.BunitContext _ctx = new();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var store = new AlertStore(_db.Factory);
        var at = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        AlertUpdate Update(string key, string title, AlertSeverity severity, AlertState state) =>
            new(key, MissingPrefixRule.RuleName, key, "/subscriptions/v", severity, title, "detail",
                new AlertStatus(state, 3, 0, at, state == AlertState.Pending ? null : at, state == AlertState.Resolved ? at : null), new AlertTransition(null, state, at), at);
        await store.ApplyAsync(
        [
            Update("a", "10.202.40.0/24 missing at er · primary", AlertSeverity.Critical, AlertState.Firing),
            Update("b", "10.202.40.0/24 missing at er · secondary", AlertSeverity.Critical, AlertState.Firing),
            Update("c", "0.0.0.0/0 missing at rs · IN_1", AlertSeverity.Critical, AlertState.Resolved),
            Update("d", "10.30.0.0/20 missing at gw", AlertSeverity.Warning, AlertState.Pending),
        ], CancellationToken.None);

        _ctx.JSInterop.Mode = Bunit.JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(store);
        var notifications = new NotificationService(new NotificationComposer(Create(new NotificationOptions())), store, new FakeTimeProvider(at));
        _ctx.Services.AddSingleton(notifications);
        _ctx.AddLocalUser(store, new AuditStore(_db.Factory), new FakeTimeProvider(at), notifications);
        _ctx.Services.AddSingleton(new StoreEvents());
        _ctx.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(at));
        _ctx.Render<MudBlazor.MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public void The_alerts_page_shows_active_alerts_first_and_counts_each_state()
    {
        var page = _ctx.Render<HybridRoutingPortal.Web.Components.Pages.Alerts>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=alert-table] tbody tr").Count));
        var filter = page.Find("[data-testid=alert-state-filter]").TextContent;
        Assert.Contains("Active (3)", filter);
        Assert.Contains("Firing (2)", filter);
        Assert.Contains("Resolved (1)", filter);
        Assert.DoesNotContain("0.0.0.0/0", page.Find("[data-testid=alert-table]").TextContent);
    }

    [Fact]
    public void The_badge_counts_firing_alerts()
    {
        var badge = _ctx.Render<HybridRoutingPortal.Web.Components.Shared.AlertBadge>();
        badge.WaitForAssertion(() => Assert.Contains("2", badge.Find("[data-testid=alert-badge]").TextContent));
    }
}

/// <summary>The rules beyond a missing prefix, each made to fire on a small estate written straight into the store.</summary>
public sealed class EstateRuleTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static Route R(string prefix, string origin = "", string path = "") => new(IpPrefix.Parse(prefix), "x", AsPath.Parse(path), origin);

    [Fact]
    public async Task An_overlapping_avs_block_a_more_specific_from_the_nva_and_branch_to_branch_off_each_fire()
    {
        const string avs = "/subscriptions/s/pc#segments";
        const string vnet = "/subscriptions/s/vnet#addressspace";
        const string rsLearned = "/subscriptions/s/rs/bgpconnections/nva#learned/in_0";
        const string circuit = "/subscriptions/s/er/peerings/p#routetable/primary";
        await _db.Store.RegisterAsync(
        [
            new VantagePoint(avs, VantageKind.AvsSegments, "pc · segments", "pc", "/subscriptions/s/pc"),
            new VantagePoint(vnet, VantageKind.VnetAddressSpace, "vnet · address space", "vnet", "/subscriptions/s/vnet"),
            new VantagePoint(rsLearned, VantageKind.RouteServerLearned, "rs ← nva · IN_0", "rs", "/subscriptions/s/rs/bgpconnections/nva", "nva", "IN_0"),
            new VantagePoint(circuit, VantageKind.CircuitRouteTable, "er · primary", "er", "/subscriptions/s/er/peerings/p", null, "primary"),
        ], new HybridRoutingPortal.Core.Topology(
            [new TopologyNode("pc", NodeKind.AvsPrivateCloud, "pc"), new TopologyNode("nva", NodeKind.Nva, "nva"), new TopologyNode("rs", NodeKind.RouteServer, "rs", Facts: new NodeFacts { BranchToBranch = false }), new TopologyNode("gw", NodeKind.ExpressRouteGateway, "gw")],
            [new TopologyLink("b2b", LinkKind.BgpSession, "rs", "gw", "iBGP branch-to-branch", BgpState.Disabled)]), T0, CancellationToken.None);

        await using var services = PortalServices.Build(_db, TimeProvider.System);
        var engine = services.GetRequiredService<AlertEngine>();
        for (var poll = 0; poll < 2; poll++)
        {
            var at = T0.AddMinutes(5 * poll);
            var results = await _db.Store.IngestAsync(
            [
                Observation.Ok(avs, at, [R("10.200.0.0/22", "Management"), R("10.201.10.0/24", "Segment")]),
                Observation.Ok(vnet, at, [R("10.200.2.0/24", "Network")]),                                   // inside the AVS block
                Observation.Ok(rsLearned, at, [R("0.0.0.0/0", "EBgp", "65010"), R("10.201.10.128/25", "EBgp", "65010")]), // more specific than a segment
                Observation.Ok(circuit, at, [R("10.10.0.0/16", "", "65001")]),
            ], CancellationToken.None);
            await engine.EvaluateAsync(results, at, CancellationToken.None);
        }

        var firing = (await new AlertStore(_db.Factory).AlertsAsync(AlertState.Firing, CancellationToken.None)).Select(a => a.Rule).ToHashSet();
        Assert.Contains(AvsOverlapRule.RuleName, firing);
        Assert.Contains(MoreSpecificRule.RuleName, firing);
        Assert.Contains(BranchToBranchRule.RuleName, firing);
        var overlap = (await new AlertStore(_db.Factory).AlertsAsync(AlertState.Firing, CancellationToken.None)).Single(a => a.Rule == AvsOverlapRule.RuleName);
        Assert.Contains("10.200.2.0/24 at vnet · address space", overlap.Detail);
    }

    [Fact]
    public async Task An_alert_resolves_when_its_expectation_is_deleted_or_its_vantage_point_is_retired()
    {
        const string primary = "/subscriptions/s/er/peerings/p#routetable/primary";
        const string secondary = "/subscriptions/s/er/peerings/p#routetable/secondary";
        var vantages = new[]
        {
            new VantagePoint(primary, VantageKind.CircuitRouteTable, "er · primary", "er", "/subscriptions/s/er/peerings/p", null, "primary"),
            new VantagePoint(secondary, VantageKind.CircuitRouteTable, "er · secondary", "er", "/subscriptions/s/er/peerings/p", null, "secondary"),
        };
        await _db.Store.RegisterAsync(vantages, null, T0, CancellationToken.None);
        var alerts = new AlertStore(_db.Factory);
        await alerts.AddExpectationsAsync(
        [
            new Expectation("gone-soon", "Branch A", IpPrefix.Parse("10.50.0.0/16"), [primary], AlertSeverity.Critical, "net", ExpectationSource.User, "test"),
            new Expectation("stays", "Branch B", IpPrefix.Parse("10.60.0.0/16"), [secondary], AlertSeverity.Critical, "net", ExpectationSource.User, "test"),
        ], T0, CancellationToken.None);

        await using var services = PortalServices.Build(_db, TimeProvider.System, alerts: new AlertOptions { FireAfter = 1, ResolveAfter = 1 });
        var engine = services.GetRequiredService<AlertEngine>();
        async Task PollAsync(DateTimeOffset at, params string[] ids) =>
            await engine.EvaluateAsync(await _db.Store.IngestAsync(ids.Select(id => Observation.Ok(id, at, [R("10.10.0.0/16", "", "65001")])).ToArray(), CancellationToken.None),
                at, CancellationToken.None);
        async Task<AlertState?> StateAsync(string key) => (await alerts.AlertsAsync(null, CancellationToken.None)).SingleOrDefault(a => a.Key == key)?.State;
        const string deletedKey = $"{MissingPrefixRule.RuleName}|gone-soon|{primary}";
        const string retiredKey = $"{MissingPrefixRule.RuleName}|stays|{secondary}";

        for (var poll = 0; poll < 3; poll++)
        {
            await PollAsync(T0.AddMinutes(5 * poll), primary, secondary);
        }

        Assert.Equal(AlertState.Firing, await StateAsync(deletedKey));
        Assert.Equal(AlertState.Firing, await StateAsync(retiredKey));

        // The expectation goes: its alert resolves at the next evaluation of its vantage point, the other stays.
        Assert.True(await alerts.DeleteExpectationAsync("gone-soon", CancellationToken.None));
        await PollAsync(T0.AddMinutes(15), primary, secondary);
        Assert.Equal(AlertState.Resolved, await StateAsync(deletedKey));
        Assert.Equal(AlertState.Firing, await StateAsync(retiredKey));

        // The source stops reporting the secondary path: it is retired and its alert resolves though it is never polled again.
        await _db.Store.RegisterAsync([vantages[0]], null, T0.AddMinutes(20), CancellationToken.None);
        await PollAsync(T0.AddMinutes(20), primary);
        Assert.Equal(AlertState.Resolved, await StateAsync(retiredKey));
        Assert.DoesNotContain(await alerts.AlertsAsync(AlertState.Firing, CancellationToken.None), a => a.Key is deletedKey or retiredKey);
    }
}
