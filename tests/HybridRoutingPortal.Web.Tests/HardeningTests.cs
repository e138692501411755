using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>The findings of the hardening issue, each held by a test against the app in-process.</summary>
public class HardeningTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Q(string s) => Uri.EscapeDataString(s);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/vantage-points")]
    public async Task Every_answer_carries_the_security_headers(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_request_for_a_name_that_is_not_loopback_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/vantage-points");
        request.Headers.Host = "rebound.attacker.example";
        await AssertProblemAsync(await _client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/v1/snapshots?limit=abc")]
    [InlineData("/api/v1/prefixes/0.0.0.0%2F0/timeline?from=9999-12-30&to=9999-12-31T23:59:59Z")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?match=3")]
    [InlineData("/api/v1/diff?from=2000-01-01T00:00:00Z")]
    [InlineData("/api/v1/routes?limit=0")]
    [InlineData("/api/v1/routes?continuation=not-a-token")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?limit=0")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?limit=5001")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?continuation=not-a-token")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?from=2026-10-01T00:00:00Z&to=2026-11-24T00:00:00Z")]
    [InlineData("/api/v1/alerts?state=9")]
    public async Task Bad_values_answer_400_problem_json(string url) =>
        await AssertProblemAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest);

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_not_the_html_page() =>
        await AssertProblemAsync(await _client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);

    [Theory]
    [InlineData("/snapshots?poll=x")]
    [InlineData("/timeline?prefix=0.0.0.0/0&from=9999-12-30&to=9999-12-31T23:59:59Z")]
    [InlineData("/compare?from=0001-01-01&to=9999-12-31")]
    [InlineData("/routes?at=yesterday-ish&covering=300.1.1.1")]
    [InlineData("/timeline?prefix=0.0.0.0/0&lanes=not-a-token")]
    [InlineData("/timeline?prefix=0.0.0.0/0&from=2026-01-01&to=2026-11-24")]
    public async Task Pages_with_bad_query_values_explain_instead_of_failing(string url) =>
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url)).StatusCode);

    [Theory]
    [InlineData("")]
    [InlineData("{bad json")]
    public async Task The_test_notification_needs_a_json_body_so_a_cross_site_form_cannot_send_one(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, body.Length == 0 ? "application/x-www-form-urlencoded" : "application/json");
        var response = await _client.PostAsync("/api/v1/notifications/test", content);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_import_is_all_or_nothing_and_says_which_entry_is_wrong()
    {
        var vantage = RoutePropagation.Vantages.GatewayLearned;
        var before = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations")).GetArrayLength();
        var good = new { name = "Amsterdam DC", prefix = "10.10.0.0/16", vantageIds = new[] { vantage }, severity = "Critical", owner = "netops", source = "User", reason = "" };
        foreach (var file in new object?[][]
                 {
                     [good, null],
                     [good, new { name = "no vantage", prefix = "10.1.0.0/16" }],
                     [good, new { prefix = "10.1.0.0/16", vantageIds = new[] { vantage } }],
                     [good, new { name = "bad prefix", prefix = "10.1.0.0/33", vantageIds = new[] { vantage } }],
                 })
        {
            await AssertProblemAsync(await _client.PostAsJsonAsync("/api/v1/expectations/import", file), HttpStatusCode.BadRequest);
        }

        Assert.Equal(before, (await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations")).GetArrayLength());

        // The same id twice in one file: both are imported, the second under a fresh id.
        var twice = new[] { good with { }, good } .Select(g => new { id = "user:dup", g.name, g.prefix, g.vantageIds, g.severity, g.owner, g.source, g.reason });
        var response = await _client.PostAsJsonAsync("/api/v1/expectations/import", twice);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations")).EnumerateArray()
            .Where(e => e.GetProperty("name").GetString() == "Amsterdam DC").Select(e => e.GetProperty("id").GetString()).ToArray();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task Routes_come_in_pages_that_add_up_to_the_whole_table()
    {
        var at = "2026-11-24T09:10:00Z";
        var all = await factory.Services.GetRequiredService<RoutingQueries>().RoutesAtAsync(null, DateTimeOffset.Parse(at), null, CancellationToken.None);
        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/routes?at={at}&limit=37" + (continuation is null ? "" : $"&continuation={Q(continuation)}"));
            seen.AddRange(page.GetProperty("routes").EnumerateArray().Select(r => $"{r.GetProperty("vantageId")}|{r.GetProperty("prefix")}|{r.GetProperty("nextHop")}|{r.GetProperty("localAddress")}"));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null);

        Assert.True(pages > 1);
        Assert.Equal(all.Count, seen.Count);
        Assert.Equal(all.Select(r => $"{r.VantageId}|{r.Route.Prefix}|{r.Route.NextHop}|{r.Route.LocalAddress}").Order(), seen.Order());
    }

    [Fact]
    public async Task A_diff_comes_in_pages_that_add_up_to_the_whole_comparison()
    {
        const string window = "from=2026-11-24T09:00:00Z&to=2026-11-24T09:25:00Z";
        var whole = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/diff?{window}");
        var total = whole.GetProperty("added").GetInt32() + whole.GetProperty("removed").GetInt32() + whole.GetProperty("changed").GetInt32();
        var paged = 0;
        string? continuation = null;
        do
        {
            var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/diff?{window}&limit=1" + (continuation is null ? "" : $"&continuation={Q(continuation)}"));
            paged += page.GetProperty("vantagePoints").EnumerateArray().Sum(v => v.GetProperty("changes").GetArrayLength());
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);

        Assert.True(total > 1, $"{total} changes");
        Assert.Equal(total, paged);
    }

    [Fact]
    public async Task A_timeline_comes_in_pages_of_lanes_that_add_up_to_the_whole_timeline()
    {
        const string window = "from=2026-11-24T08:00:00Z&to=2026-11-24T11:00:00Z";
        var whole = await factory.Services.GetRequiredService<RoutingQueries>().TimelineAsync(
            new PrefixFilter(Core.IpPrefix.Parse("0.0.0.0/0"), PrefixMatch.Inside),
            DateTimeOffset.Parse("2026-11-24T08:00:00Z"), DateTimeOffset.Parse("2026-11-24T11:00:00Z"), null, CancellationToken.None);
        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/prefixes/0.0.0.0%2F0/timeline?{window}&limit=7" + (continuation is null ? "" : $"&continuation={Q(continuation)}"));
            var lanes = page.GetProperty("lanes").EnumerateArray().ToArray();
            Assert.InRange(lanes.Length, 1, 7);
            seen.AddRange(lanes.Select(l => $"{l.GetProperty("vantageId")}|{l.GetProperty("prefix")}|{l.GetProperty("spans").GetArrayLength()}"));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null);

        Assert.True(pages > 1, $"{pages} pages");
        Assert.Equal(whole.Lanes.Select(l => $"{l.VantageId}|{l.Prefix}|{l.Spans.Count}").Order(), seen.Order());
    }

    [Fact]
    public async Task Before_the_first_poll_there_is_no_history_not_absence()
    {
        // The history starts at the demo epoch: compared from an hour before it, nothing was "added" — it was first seen.
        var diff = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/diff?from={Q(DemoHistory.Epoch.AddHours(-1).ToString("O"))}&to={Q(DemoHistory.Epoch.AddMinutes(5).ToString("O"))}");
        Assert.Equal(RoutePropagation.VantagePoints().Count, diff.GetProperty("noHistoryBefore").EnumerateObject().Count());
        Assert.True(diff.GetProperty("added").GetInt32() < 20, $"{diff.GetProperty("added").GetInt32()} routes reported as added before any history");
    }
}
