using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// 10,000 expectations against one 100,000-route poll: index the routes, decide for each expectation
/// whether a covering route is there, and step each alert's lifecycle — what the alert engine does per poll.
/// Before that, the poll is ingested into the store (SQLite or, with `--provider postgres`, PostgreSQL) and read
/// back as the engine reads it (<see cref="StoredRouteTables"/>), timed on its own.
/// </summary>
public static class AlertsBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        const int expectationCount = 10_000;
        var loadAverage = Machine.LoadAverage();
        var routes = new RouteGenerator(seed: 3).Initial(options.Routes);
        var random = new Random(4);
        var expectations = Enumerable.Range(0, expectationCount).Select(i =>
        {
            // Half ask for prefixes that are there (or inside one), half for prefixes that are not.
            var basis = routes[random.Next(routes.Count)].Prefix;
            var prefix = i % 2 == 0 ? basis : IpPrefix.Parse($"172.{16 + (i % 16)}.{i / 256 % 256}.{i % 256}/32");
            return new Expectation($"e{i}", $"e{i}", prefix, ["v"], AlertSeverity.Warning, "bench", ExpectationSource.User, "");
        }).ToArray();
        // The engine's read: the vantage point's routes at the evaluated moment, from the store.
        var polledAt = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        await using var db = await BenchDatabase.CreateAsync("alerts", provider: options.Provider);
        await new RouteStore(db.Factory).IngestAsync([Observation.Ok("v", polledAt, routes)], CancellationToken.None);
        var queries = new RoutingQueries(db.Factory);
        async Task<(double Ms, int Routes)> ReadAsync()
        {
            var watch = Stopwatch.StartNew();
            var table = await new StoredRouteTables(queries, polledAt.AddMinutes(1)).AtAsync("v", CancellationToken.None);
            return (watch.Elapsed.TotalMilliseconds, table.Routes.Count);
        }

        await ReadAsync(); // warm-up
        var reads = new List<(double Ms, int Routes)>();
        for (var i = 0; i < 3; i++)
        {
            reads.Add(await ReadAsync());
        }

        var read = reads.OrderBy(r => r.Ms).ElementAt(1);
        if (read.Routes != routes.Count)
        {
            throw new InvalidOperationException($"The store gave back {read.Routes} routes of the {routes.Count} ingested.");
        }

        var statuses = new AlertStatus[expectationCount];
        Array.Fill(statuses, AlertStatus.Inactive);
        var at = DateTimeOffset.UtcNow;

        (double Ms, int Violated) Evaluate()
        {
            var watch = Stopwatch.StartNew();
            var index = new CoveringIndex(routes);
            var violated = 0;
            for (var i = 0; i < expectations.Length; i++)
            {
                var evidence = index.MetBy(expectations[i]) is null ? Evidence.Violated : Evidence.Satisfied;
                violated += evidence == Evidence.Violated ? 1 : 0;
                statuses[i] = AlertLifecycle.Apply(statuses[i], evidence, at, LifecycleOptions.Default).Status;
            }

            return (watch.Elapsed.TotalMilliseconds, violated);
        }

        Evaluate(); // warm-up
        var runs = Enumerable.Range(0, 5).Select(_ => Evaluate()).OrderBy(r => r.Ms).ToArray();
        var median = runs[runs.Length / 2];
        Console.WriteLine($"alerts ({options.Provider}): {expectationCount:N0} expectations against a {routes.Count:N0}-route poll");
        Console.WriteLine($"  read the poll's routes from the store            {read.Ms,8:0.0} ms median of 3");
        Console.WriteLine($"  evaluate (index + covering checks + lifecycle)  {median.Ms,8:0.0} ms median of 5   (goal < 100 ms); {median.Violated:N0} violated");
        Directory.CreateDirectory(options.ResultsDir);
        var file = options.ResultsFile("alerts");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["expectations"] = expectationCount,
            ["routes"] = routes.Count,
            ["evaluateMs"] = Math.Round(median.Ms, 1),
            ["violated"] = median.Violated,
            ["readRoutesMs"] = Math.Round(read.Ms, 1),
            ["provider"] = options.Provider.ToString(),
            ["engine"] = await db.EngineAsync(),
            ["loadAverageAtStart"] = loadAverage,
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }
}
