using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HybridRoutingPortal.Demo;

namespace HybridRoutingPortal.Web.Tests;

public class ApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = factory.CreateClient();
    private static readonly string RsLearnedIn0 = RoutePropagation.Vantages.RouteServerLearned(0);
    private static readonly string RsLearnedIn1 = RoutePropagation.Vantages.RouteServerLearned(1);

    private async Task<JsonElement> GetJson(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Q(string s) => Uri.EscapeDataString(s);

    [Fact]
    public async Task Health_probes_answer()
    {
        Assert.Equal("ok", (await GetJson("/healthz")).GetProperty("status").GetString());
        Assert.Equal("ready", (await GetJson("/readyz")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Vantage_points_list_every_demo_vantage_with_status_and_freshness()
    {
        var list = (await GetJson("/api/v1/vantage-points")).EnumerateArray().ToArray();
        Assert.Equal(RoutePropagation.VantagePoints().Count, list.Length);
        var rs = list.Single(v => v.GetProperty("id").GetString() == RsLearnedIn0);
        Assert.Equal("RouteServerLearned", rs.GetProperty("kind").GetString());
        Assert.Equal("Ok", rs.GetProperty("status").GetString());
        Assert.Equal("Fresh", rs.GetProperty("freshness").GetString());
        Assert.Equal(5, rs.GetProperty("routeCount").GetInt32());
    }

    [Fact]
    public async Task Routes_at_a_moment_show_the_default_route_withdrawal()
    {
        var before = await GetJson($"/api/v1/routes?vantage={Q(RsLearnedIn0)}&at=2026-11-24T09:00:00Z");
        var during = await GetJson($"/api/v1/routes?vantage={Q(RsLearnedIn0)}&at=2026-11-24T09:10:00Z");
        Assert.Contains(before.GetProperty("routes").EnumerateArray(), r => r.GetProperty("prefix").GetString() == "0.0.0.0/0");
        Assert.DoesNotContain(during.GetProperty("routes").EnumerateArray(), r => r.GetProperty("prefix").GetString() == "0.0.0.0/0");
        var route = before.GetProperty("routes")[0];
        Assert.Equal("65010", route.GetProperty("asPath").GetString());
        Assert.True(route.TryGetProperty("since", out _));
    }

    [Fact]
    public async Task Routes_can_be_searched_by_containment()
    {
        var inside = await GetJson("/api/v1/routes?within=10.200.0.0/15");
        Assert.All(inside.GetProperty("routes").EnumerateArray(), r => Assert.StartsWith("10.20", r.GetProperty("prefix").GetString()));
        Assert.NotEqual(0, inside.GetProperty("count").GetInt32());

        var covering = await GetJson($"/api/v1/routes?vantage={Q(RoutePropagation.Vantages.CircuitTable("primary"))}&covering=10.201.10.7");
        var prefixes = covering.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("prefix").GetString()!).Distinct().Order().ToArray();
        Assert.Equal(["0.0.0.0/0", "10.200.0.0/15"], prefixes);
    }

    [Fact]
    public async Task Snapshots_list_polls_with_status_and_change_counts()
    {
        var secondary = RoutePropagation.Vantages.CircuitTable("secondary");
        var json = await GetJson($"/api/v1/snapshots?vantage={Q(secondary)}&from=2026-11-24T01:00:00Z&to=2026-11-24T03:00:00Z");
        var polls = json.GetProperty("snapshots").EnumerateArray().ToArray();
        Assert.Equal(25, polls.Length);
        Assert.Contains(polls, p => p.GetProperty("removed").GetInt32() == 6); // on-prem routes lost at 02:00
        Assert.Contains(polls, p => p.GetProperty("added").GetInt32() == 6);   // and back at 02:40
    }

    [Fact]
    public async Task Diff_between_two_moments_lists_changes_per_vantage_point()
    {
        var diff = await GetJson("/api/v1/diff?from=2026-11-24T09:00:00Z&to=2026-11-24T09:25:00Z");
        var vantages = diff.GetProperty("vantagePoints").EnumerateArray().ToArray();
        var in1 = vantages.Single(v => v.GetProperty("vantageId").GetString() == RsLearnedIn1);
        // By 09:25 the default route is back on IN_0 (no net change there) but not yet on IN_1.
        Assert.DoesNotContain(vantages, v => v.GetProperty("vantageId").GetString() == RsLearnedIn0);
        Assert.Equal(1, in1.GetProperty("removed").GetInt32());
        Assert.Equal("0.0.0.0/0", in1.GetProperty("changes")[0].GetProperty("prefix").GetString());
        Assert.Equal("Removed", in1.GetProperty("changes")[0].GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("/api/v1/routes?within=10.0.0.0/33", "within")]
    [InlineData("/api/v1/routes?within=banana", "within")]
    [InlineData("/api/v1/routes?covering=10.0.0.0/8&within=10.0.0.0/8", "covering")]
    [InlineData("/api/v1/routes?at=yesterday-ish", "at")]
    [InlineData("/api/v1/routes?vantage=not-an-id", "vantage")]
    [InlineData("/api/v1/snapshots?limit=0", "limit")]
    [InlineData("/api/v1/snapshots?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", "to")]
    [InlineData("/api/v1/snapshots?from=13/45/2026", "from")]
    [InlineData("/api/v1/diff", "from")]
    [InlineData("/api/v1/diff?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", "to")]
    [InlineData("/api/v1/diff?from=2026-11-24T09:00:00Z&vantage=%2Fsubscriptions%2Fa%20b", "vantage")]
    public async Task Bad_input_answers_400_with_problem_details(string url, string field)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task An_unknown_but_well_formed_vantage_is_404_problem_details()
    {
        var response = await _client.GetAsync($"/api/v1/routes?vantage={Q("/subscriptions/x/resourcegroups/y")}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        var doc = await GetJson("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/healthz", "/readyz", "/api/v1/vantage-points", "/api/v1/routes", "/api/v1/snapshots", "/api/v1/diff" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }
    }

    [Fact]
    public async Task Pages_render_on_the_server()
    {
        foreach (var page in new[] { "/", "/routes", "/snapshots" })
        {
            var html = await _client.GetStringAsync(page);
            Assert.Contains("HybridRoutingPortal", html);
        }
    }
}
