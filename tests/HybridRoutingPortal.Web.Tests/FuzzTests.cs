using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Web.Tests.Fuzz;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// Property tests over the whole HTTP surface: every operation of the app's own OpenAPI document and every page's
/// query string, each fed thousands of bad values. However bad the request, no answer is a server error, and every
/// /api client error is problem+json that says what was wrong. New endpoints and pages are covered without a change here.
/// </summary>
public sealed class FuzzTests(PortalFactory factory, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    private const int RequestsPerOperation = 300;
    private const int RequestsPerPage = 100;
    private const int Parallel = 4;

    private readonly HttpClient _client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Every_api_operation_answers_bad_input_with_a_problem_never_a_server_error()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = OpenApiOperations.Read(document);
        Assert.Contains(operations, o => o.Path == "/api/v1/routes");
        Assert.Contains(operations, o => o.Body is not null);

        var known = await KnownAsync();
        var bodies = new HostileBodies(new OpenApiSchema(document), known);
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in operations)
        {
            var requests = Requests(operation, bodies, known);
            failures.AddRange(await SampleAsync(operation.ToString(), requests, RequestsPerOperation, requireProblem: true));
            sent += RequestsPerOperation;
        }

        output.WriteLine($"{sent} requests over {operations.Count} operations.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task Every_page_renders_whatever_its_query_string_says()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .ToArray();
        Assert.Contains(pages, p => p.Template == "/compare");
        Assert.Contains(pages, p => p.Template.Contains('{', StringComparison.Ordinal));

        var known = await KnownAsync();
        var failures = new List<string>();
        foreach (var (type, template) in pages)
        {
            failures.AddRange(await SampleAsync($"page {template}", PageRequests(type, template, known), RequestsPerPage, requireProblem: false));
        }

        output.WriteLine($"{pages.Length * RequestsPerPage} requests over {pages.Length} page routes.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Runs the property for one operation; returns the smallest failing request CsCheck found, with its seed.</summary>
    private async Task<IReadOnlyList<string>> SampleAsync(string name, Gen<FuzzRequest> requests, int count, bool requireProblem)
    {
        var distinct = new ConcurrentDictionary<string, string>();
        var statuses = new ConcurrentDictionary<int, int>();
        try
        {
            await requests.SampleAsync(async request =>
            {
                using var message = request.ToMessage();
                string? problem;
                try
                {
                    using var response = await _client.SendAsync(message);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    problem = await FuzzVerdict.CheckAsync(response, requireProblem);
                }
                catch (InvalidOperationException ex) when (ex.StackTrace?.Contains("PathString.FromUriComponent", StringComparison.Ordinal) == true)
                {
                    // A request line the server itself refuses (a NUL in the path): the test host throws where Kestrel answers 400 before the app.
                    problem = null;
                }
                catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                {
                    problem = $"the app threw {ex.GetType().Name}: {ex.Message}";
                }

                if (problem is not null)
                {
                    distinct.TryAdd(problem.Split(':')[0], $"{request}\n  {problem}");
                    throw new InvalidOperationException(problem);
                }
            }, iter: count, threads: Parallel, print: r => r.ToString());
            output.WriteLine($"{name}: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
            return [];
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            return [$"{name}: {ex.Message}\n  seen: {string.Join("\n  seen: ", distinct.Values.Take(5))}"];
        }
    }

    /// <summary>
    /// Requests for one operation. Most make one parameter hostile and give the others values the app itself answered
    /// (or leave them out), so each check is reached on its own; the rest make every parameter hostile at once.
    /// </summary>
    private static Gen<FuzzRequest> Requests(ApiOperation operation, HostileBodies bodies, KnownValues known)
    {
        var parameters = operation.Parameters;
        var body = operation.Body is { } schema
            ? Gen.Frequency((20, bodies.For(schema).Select(b => (FuzzBody?)b)), (1, Gen.Const(() => (FuzzBody?)null)))
            : Gen.Const(() => (FuzzBody?)null);
        var byFocus = Enumerable.Range(-1, parameters.Count + 1).Select(focus =>
        {
            var values = parameters.Select((p, i) => (p, Gen: i == focus || focus < 0 ? HostileValues.For(p, known).Select(v => (FuzzValue?)v)
                : p.In == "path" ? Gen.Frequency((1, HostileValues.For(p, known).Select(v => (FuzzValue?)v)), (2, HostileValues.Benign(p, known).Select(HostileValues.For(p, known), (b, h) => b ?? h)))
                : HostileValues.Benign(p, known))).ToArray();
            var path = Values(values.Where(v => v.p.In == "path").Select(v => (v.p.Name, v.Gen, Repeat: false)));
            var query = Values(values.Where(v => v.p.In == "query").Select(v => (v.p.Name, v.Gen, Repeat: v.p == parameters.ElementAtOrDefault(focus) || focus < 0)))
                .Select(Extra(known), (q, extra) => extra is { } e ? [.. q, e] : q);
            return Gen.Select(path, query, body, (p, q, b) => new FuzzRequest(operation.Method, FuzzRequest.BuildUrl(operation.Path, p, q), b));
        }).ToArray();
        return Gen.Frequency((1, byFocus[0]), (2, Gen.Int[0, byFocus.Length - 1].SelectMany(i => byFocus[i])));
    }

    private static Gen<FuzzRequest> PageRequests(Type page, string template, KnownValues known)
    {
        var routeValues = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)(:(\w+))?\}")
            .Select(m => (Name: m.Groups[1].Value, Gen: (m.Groups[3].Value is "long" or "int" ? Gen.Frequency((4, HostileValues.Integers()), (1, HostileValues.Any(known))) : HostileValues.Any(known)).Select(v => (FuzzValue?)v), Repeat: false));
        var queryValues = page.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (Name: p.Attribute!.Name ?? p.Property.Name, Gen: Gen.Frequency((1, Gen.Const(() => (FuzzValue?)null)), (3, HostileValues.Any(known).Select(v => (FuzzValue?)v))), Repeat: true));
        var path = Values(routeValues.Select(r => ($"{r.Name}", r.Gen, r.Repeat)));
        var query = Values(queryValues).Select(Extra(known), (q, extra) => extra is { } e ? [.. q, e] : q);
        // Route templates name their parameters with constraints ({Id:long}); substitute the whole placeholder.
        var bare = System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+):\w+\}", "{$1}");
        return Gen.Select(path, query, (p, q) => new FuzzRequest("GET", FuzzRequest.BuildUrl(bare, p, q), null));
    }

    /// <summary>Each parameter given once (left out when its value is null), or, when it may repeat, now and then twice.</summary>
    private static Gen<List<(string Name, FuzzValue Value)>> Values(IEnumerable<(string Name, Gen<FuzzValue?> Gen, bool Repeat)> parameters)
    {
        Gen<List<(string, FuzzValue)>> all = Gen.Const(() => new List<(string, FuzzValue)>());
        foreach (var (name, gen, repeat) in parameters)
        {
            var values = (repeat ? Gen.Frequency((8, Gen.Const(1)), (1, Gen.Const(2))) : Gen.Const(1)).SelectMany(n => gen.Array[n, n]);
            all = all.Select(values, (list, vs) =>
            {
                list.AddRange(vs.OfType<FuzzValue>().Select(v => (name, v)));
                return list;
            });
        }

        return all;
    }

    /// <summary>Now and then a query key the operation does not know.</summary>
    private static Gen<(string, FuzzValue)?> Extra(KnownValues known) => Gen.Frequency(
        (8, Gen.Const(() => ((string, FuzzValue)?)null)),
        (1, Gen.OneOf("", "x", "$filter", "Vantage", "LIMIT", "__proto__", "%00").Select(HostileValues.Any(known), (k, v) => ((string, FuzzValue)?)(k, v))));

    private async Task<KnownValues> KnownAsync()
    {
        await SeedAlertsAsync();
        var fields = new Dictionary<string, List<JsonNode>>(StringComparer.OrdinalIgnoreCase);
        var objects = new List<JsonObject>();
        async Task<JsonElement> Read(string url)
        {
            var json = await _client.GetFromJsonAsync<JsonElement>(url);
            Harvest(json, null, fields, objects);
            return json;
        }

        var vantage = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/vantage-points"))[0].GetProperty("id").GetString();
        var created = await _client.PostAsJsonAsync("/api/v1/expectations", new { name = "fuzz seed", prefix = "10.97.0.0/24", vantageIds = new[] { vantage }, severity = "Warning", owner = "fuzz" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        var vantages = (await Read("/api/v1/vantage-points")).EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToArray();
        var tokens = new List<string>();
        foreach (var url in new[] { "/api/v1/routes?limit=20", "/api/v1/diff?from=2026-11-24T01:00:00Z&to=2026-11-24T02:10:00Z&limit=1" })
        {
            if ((await Read(url)).GetProperty("continuation").GetString() is { } token)
            {
                tokens.Add(token);
            }
        }

        var alerts = (await Read("/api/v1/alerts")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var expectations = (await Read("/api/v1/expectations")).EnumerateArray().Select(e => e.GetProperty("id").GetString()!);
        await Read("/api/v1/snapshots?limit=20");
        Assert.NotEmpty(vantages);
        Assert.Equal(2, tokens.Count);
        return new KnownValues(vantages, tokens, [.. alerts, "1"], [.. expectations, "user:000000000000"],
            fields.ToDictionary(f => f.Key, f => (IReadOnlyList<JsonNode>)f.Value, StringComparer.OrdinalIgnoreCase), objects);
    }

    /// <summary>A firing and a resolved alert, so acknowledging and silencing reach a real alert too (the fixture's poller is off).</summary>
    private async Task SeedAlertsAsync()
    {
        var store = factory.Services.GetRequiredService<HybridRoutingPortal.Data.AlertStore>();
        var now = factory.Clock.GetUtcNow();
        var vantage = HybridRoutingPortal.Demo.RoutePropagation.Vantages.GatewayLearned;
        await store.ApplyAsync(
        [
            new("fuzz:firing", "missing-prefix", "10.99.0.0/24", vantage, AlertSeverity.Critical, "10.99.0.0/24 missing", "seeded", new AlertStatus(AlertState.Firing, 3, 0, now, now, null),
                new AlertTransition(AlertState.Pending, AlertState.Firing, now), now),
            new("fuzz:resolved", "missing-prefix", "10.98.0.0/24", vantage, AlertSeverity.Warning, "10.98.0.0/24 missing", "seeded", new AlertStatus(AlertState.Resolved, 0, 2, now, now, now),
                new AlertTransition(AlertState.Firing, AlertState.Resolved, now), now),
        ], CancellationToken.None);
    }

    /// <summary>Every value under a property name (strings, numbers, arrays of them), a few distinct ones per name; and the objects themselves.</summary>
    private static void Harvest(JsonElement json, string? name, Dictionary<string, List<JsonNode>> fields, List<JsonObject> objects)
    {
        if (json.ValueKind == JsonValueKind.Object && objects.Count < 300)
        {
            objects.Add(JsonNode.Parse(json.GetRawText())!.AsObject());
        }

        if (name is not null && (json.ValueKind is JsonValueKind.String or JsonValueKind.Number
            || (json.ValueKind == JsonValueKind.Array && json.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))))
        {
            var list = fields.TryGetValue(name, out var l) ? l : fields[name] = [];
            if (list.Count < 20 && !list.Any(n => n.ToJsonString() == json.GetRawText()))
            {
                list.Add(JsonNode.Parse(json.GetRawText())!);
            }
        }

        if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in json.EnumerateObject())
            {
                Harvest(p.Value, p.Name, fields, objects);
            }
        }
        else if (json.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in json.EnumerateArray())
            {
                Harvest(item, name, fields, objects);
            }
        }
    }
}
