using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// 10,000 expectations against one 100,000-route poll: index the routes, decide for each expectation
/// whether a covering route is there, and step each alert's lifecycle — what the alert engine does per poll.
/// </summary>
public static class AlertsBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        const int expectationCount = 10_000;
        var routes = new RouteGenerator(seed: 3).Initial(options.Routes);
        var random = new Random(4);
        var expectations = Enumerable.Range(0, expectationCount).Select(i =>
        {
            // Half ask for prefixes that are there (or inside one), half for prefixes that are not.
            var basis = routes[random.Next(routes.Count)].Prefix;
            var prefix = i % 2 == 0 ? basis : IpPrefix.Parse($"172.{16 + (i % 16)}.{i / 256 % 256}.{i % 256}/32");
            return new Expectation($"e{i}", $"e{i}", prefix, ["v"], AlertSeverity.Warning, "bench", ExpectationSource.User, "");
        }).ToArray();
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
        Console.WriteLine($"alerts: {expectationCount:N0} expectations against a {routes.Count:N0}-route poll");
        Console.WriteLine($"  evaluate (index + covering checks + lifecycle)  {median.Ms,8:0.0} ms median of 5   (goal < 100 ms); {median.Violated:N0} violated");
        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "alerts.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["expectations"] = expectationCount,
            ["routes"] = routes.Count,
            ["evaluateMs"] = Math.Round(median.Ms, 1),
            ["violated"] = median.Violated,
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }
}
