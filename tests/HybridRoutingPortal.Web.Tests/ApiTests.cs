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

    [Fact]
    public async Task A_prefix_timeline_shows_the_default_route_lanes()
    {
        foreach (var url in new[] { "/api/v1/prefixes/0.0.0.0%2F0/timeline?from=2026-11-24T08:00:00Z&to=2026-11-24T11:00:00Z&match=exact",
                                    "/api/v1/prefixes/0.0.0.0/0/timeline?from=2026-11-24T08:00:00Z&to=2026-11-24T11:00:00Z&match=exact" })
        {
            var timeline = await GetJson(url);
            var lanes = timeline.GetProperty("lanes").EnumerateArray().ToArray();
            var in1 = lanes.Single(l => l.GetProperty("vantageId").GetString() == RsLearnedIn1);
            var spans = in1.GetProperty("spans").EnumerateArray().ToArray();
            // Present until the 09:05 withdrawal, back from 09:35 on IN_1.
            Assert.Equal(2, spans.Length);
            Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 5, 0, TimeSpan.Zero), spans[0].GetProperty("to").GetDateTimeOffset());
            Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 35, 0, TimeSpan.Zero), spans[1].GetProperty("from").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task Route_tables_and_diffs_export_as_csv_and_json_that_parse_back_to_the_same_data()
    {
        var url = $"/api/v1/routes?vantage={Q(RoutePropagation.Vantages.GatewayLearned)}&at=2026-11-24T09:10:00Z";
        var json = await GetJson(url);
        var csv = await _client.GetAsync(url + "&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString());
        var rows = Csv.Parse(await csv.Content.ReadAsStringAsync());
        Assert.Equal(Api.CsvExport.RouteColumns, rows[0]);
        var fromJson = json.GetProperty("routes").EnumerateArray()
            .Select(r => string.Join('|', r.GetProperty("prefix").GetString(), r.GetProperty("nextHop").GetString(), r.GetProperty("asPath").GetString(),
                r.GetProperty("sourcePeer").GetString(), r.GetProperty("localAddress").GetString(), r.GetProperty("weight").ToString()))
            .ToArray();
        var fromCsv = rows.Skip(1).Select(r => string.Join('|', r[1], r[2], r[3], r[7], r[8], r[5])).ToArray();
        Assert.Equal(fromJson, fromCsv);

        var diffUrl = "/api/v1/diff?from=2026-11-24T01:00:00Z&to=2026-11-24T02:10:00Z";
        var diff = await GetJson(diffUrl);
        var download = await _client.GetAsync(diffUrl + "&format=json");
        Assert.Contains("attachment", download.Content.Headers.ContentDisposition?.ToString());
        var downloaded = await download.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(diff.GetProperty("removed").GetInt32(), downloaded.GetProperty("removed").GetInt32());
        var diffRows = Csv.Parse(await _client.GetStringAsync(diffUrl + "&format=csv"));
        Assert.Equal(Api.CsvExport.DiffColumns, diffRows[0]);
        Assert.Equal(diff.GetProperty("added").GetInt32() + diff.GetProperty("removed").GetInt32() + diff.GetProperty("changed").GetInt32(), diffRows.Count - 1);
        Assert.Contains(diffRows, r => r[2] == "Removed" && r[3] == "10.10.0.0/16" && r[4] == "192.168.255.5");
    }

    [Theory]
    [InlineData("/api/v1/routes?format=xml", "format")]
    [InlineData("/api/v1/prefixes/banana/timeline", "cidr")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?match=covering", "match")]
    [InlineData("/api/v1/prefixes/10.0.0.0%2F8/timeline?from=2026-11-24T10:00:00Z&to=2026-11-24T09:00:00Z", "to")]
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

    /// <summary>A small RFC 4180 reader, to prove the export parses back.</summary>
    private static class Csv
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\n')
                {
                    row.Add(field.ToString().TrimEnd('\r'));
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            return rows;
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        var doc = await GetJson("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/healthz", "/readyz", "/api/v1/vantage-points", "/api/v1/routes", "/api/v1/snapshots", "/api/v1/diff", "/api/v1/prefixes/{cidr}/timeline" })
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
