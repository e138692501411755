using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Components.Pages;
using HybridRoutingPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>GET /api/v1/explain over the first 12 hours of the demo: the contract's shape, the story's reasons, bad input.</summary>
public class ExplainApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> GetJson(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public async Task A_healthy_prefix_is_present_along_its_path_in_exactly_the_contracts_shape()
    {
        var body = await GetJson("/api/v1/explain?prefix=10.10.0.0/16&at=2026-11-24T01:00:00Z");

        Assert.Equal(["prefix", "at", "origin", "hops"], Names(body));
        Assert.Equal("10.10.0.0/16", body.GetProperty("prefix").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero), body.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("OnPrem", body.GetProperty("origin").GetProperty("kind").GetString());
        var hops = body.GetProperty("hops").EnumerateArray().ToArray();
        Assert.NotEmpty(hops);
        Assert.All(hops, h =>
        {
            Assert.Equal(["vantageId", "name", "kind", "status", "via", "reason"], Names(h));
            Assert.Equal("present", h.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, h.GetProperty("reason").ValueKind);
        });
        // Path order: the on-prem circuit, where it enters, comes first.
        Assert.Equal("CircuitRouteTable", hops[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_lost_secondary_session_explains_as_bgp_session_down_with_evidence_and_a_suggestion()
    {
        var body = await GetJson("/api/v1/explain?prefix=10.10.0.0/16&at=2026-11-24T02:10:00Z");
        var first = body.GetProperty("hops").EnumerateArray().First(h => h.GetProperty("reason").ValueKind != JsonValueKind.Null);
        Assert.Equal(V.CircuitTable("secondary"), first.GetProperty("vantageId").GetString());
        var reason = first.GetProperty("reason");
        Assert.Equal(["code", "text", "evidence", "suggestion"], Names(reason));
        Assert.Equal("bgp-session-down", reason.GetProperty("code").GetString());
        Assert.NotEmpty(reason.GetProperty("text").GetString()!);
        Assert.NotEmpty(reason.GetProperty("suggestion").GetString()!);
        Assert.Contains(reason.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("text").GetString()!.Length > 0);
    }

    [Fact]
    public async Task An_ip_address_explains_the_segment_that_defines_it()
    {
        var body = await GetJson("/api/v1/explain?prefix=10.201.10.7&at=2026-11-24T01:00:00Z");
        Assert.Equal("10.201.10.7/32", body.GetProperty("prefix").GetString());
        Assert.Equal("Avs", body.GetProperty("origin").GetProperty("kind").GetString());
        Assert.Equal("10.201.10.0/24", body.GetProperty("origin").GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task Without_a_moment_it_explains_now_and_an_origin_can_be_asked_for()
    {
        var body = await GetJson("/api/v1/explain?prefix=0.0.0.0/0&origin=nva");
        Assert.Equal(factory.Clock.GetUtcNow(), body.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("Nva", body.GetProperty("origin").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("/api/v1/explain", "prefix")]
    [InlineData("/api/v1/explain?prefix=10.0.0.0/99", "prefix")]
    [InlineData("/api/v1/explain?prefix=banana", "prefix")]
    [InlineData("/api/v1/explain?prefix=10.0.0.0/8&at=soon", "at")]
    [InlineData("/api/v1/explain?prefix=10.0.0.0/8&origin=mars", "origin")]
    public async Task Bad_input_answers_400_with_problem_details(string url, string field)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task OpenApi_documents_the_explain_endpoint_its_answer_and_its_problems()
    {
        var doc = await GetJson("/openapi/v1.json");
        var get = doc.GetProperty("paths").GetProperty("/api/v1/explain").GetProperty("get");
        Assert.Equal(["prefix", "at", "origin"], get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        var responses = get.GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty(nameof(ExplanationDto), out var schema));
        Assert.Equal(["prefix", "at", "origin", "hops"], Names(schema.GetProperty("properties")));
    }
}

/// <summary>
/// The poller with a webhook configured, started at 23:07:30 on the demo's first day (an hour of backfill, then one live
/// cycle): the new segment's missing-prefix alerts fire in that cycle, their notifications say why in one line, and the
/// alert page explains the alert at its vantage point.
/// </summary>
public sealed class MissingPrefixExplanationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DemoHistory.Epoch + new TimeSpan(23, 7, 30);
    private readonly TempDatabase _db = new();
    private readonly BunitContext _ctx = new();
    private ServiceProvider _services = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        var clock = new FakeTimeProvider(Now);
        _services = PortalServices.Build(_db, clock, backfill: new BackfillOptions { Backfill = TimeSpan.FromHours(1) },
            notifications: new NotificationOptions { Webhooks = [new WebhookChannel { Name = "ops", Url = "http://127.0.0.1:9/hook" }] });
        var status = _services.GetRequiredService<PollerStatus>();
        var done = new TaskCompletionSource();
        status.Changed += () =>
        {
            if (status.Current.CyclesCompleted >= 1)
            {
                done.TrySetResult();
            }
        };
        await _db.Store.SetSettingAsync(SourceProvider.DemoEpochKey, DemoHistory.Epoch.ToString("O"), CancellationToken.None);
        var poller = _services.Hosted<Poller>();
        await poller.StartAsync(CancellationToken.None);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await poller.StopAsync(CancellationToken.None);

        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(_services.GetRequiredService<AlertStore>());
        _ctx.Services.AddSingleton(_services.GetRequiredService<RoutingQueries>());
        _ctx.Services.AddSingleton(_services.GetRequiredService<AlertExplainer>());
        _ctx.Services.AddSingleton<TimeProvider>(clock);
        _ctx.AddLocalUser(_services.GetRequiredService<AlertStore>(), _services.GetRequiredService<AuditStore>(), clock);
        _ctx.Render<MudBlazor.MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Each_missing_prefix_notification_carries_the_reason_in_one_line()
    {
        var outbox = await _services.GetRequiredService<AlertStore>().DueNotificationsAsync(Now.AddHours(1), 100, CancellationToken.None);
        var messages = outbox.Select(n => JsonDocument.Parse(n.Payload).RootElement).ToArray();
        var missing = messages.Where(m => m.GetProperty("rule").GetString() == MissingPrefixRule.RuleName).ToArray();

        Assert.Equal(2, missing.Length); // the new segment, at the primary and the secondary private peering
        Assert.All(missing, m =>
        {
            Assert.Equal("Firing", m.GetProperty("state").GetString());
            var detail = m.GetProperty("detail").GetString()!;
            var why = detail[(detail.IndexOf(" Why: ", StringComparison.Ordinal) + 6)..];
            Assert.StartsWith("10.202.40.0/24 at er-contoso-ams · private peering · ", why, StringComparison.Ordinal);
            Assert.Contains("(default): nva-not-readvertising — ", why, StringComparison.Ordinal);
            Assert.Contains("Global Reach", why, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', why);
        });
        Assert.DoesNotContain(messages.Where(m => m.GetProperty("rule").GetString() != MissingPrefixRule.RuleName),
            m => m.GetProperty("detail").GetString()!.Contains(" Why: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_alert_page_shows_the_reason_its_evidence_the_suggestion_and_links_to_the_trace()
    {
        var alert = (await _services.GetRequiredService<AlertStore>().AlertsAsync(AlertState.Firing, CancellationToken.None))
            .Single(a => a.Rule == MissingPrefixRule.RuleName && a.VantageId == V.CircuitTable("primary"));
        var page = _ctx.Render<AlertDetail>(p => p.Add(c => c.Id, alert.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=alert-explanation]")), TimeSpan.FromSeconds(30));
        var explanation = page.Find("[data-testid=alert-explanation]");
        Assert.StartsWith("10.202.40.0/24 at er-contoso-ams · private peering · primary (default): nva-not-readvertising",
            page.Find("[data-testid=alert-reason-line]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("nva-not-readvertising", page.Find("[data-testid=reason-code]").TextContent.Trim());
        Assert.Contains("advertises no route covering it", page.Find("[data-testid=reason-text]").TextContent, StringComparison.Ordinal);
        Assert.Contains("10.200.0.0/15", page.Find("[data-testid=reason-evidence]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Widen", page.Find("[data-testid=reason-suggestion]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Global Reach", page.Find("[data-testid=reason-suggestion]").TextContent, StringComparison.Ordinal);
        Assert.Equal("topology?trace=10.202.40.0%2F24", explanation.QuerySelector("[data-testid=explain-trace-link]")!.GetAttribute("href"));
        Assert.Equal("topology?trace=10.202.40.0%2F24", page.Find("[data-testid=trace-link]").GetAttribute("href"));
    }
}
