using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArmEmulator;
using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Azure.Metrics;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Monitoring;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Monitoring.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Extensions.Options.Options;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// How soon a withdrawn route is alerted, and what that costs in ARM reads, in simulated time against the loopback ARM
/// emulator: the 100 vantage points of the poll bench (six Contoso-shaped estates and ten VNets in one subscription),
/// Azure Monitor's metrics landing two minutes late with partial newest points, and an NVA withdrawing its default route
/// at random moments (each estate's, for 20 minutes, several times). The same withdrawals are run through (a) route
/// tables every 5 minutes, (b) route tables every minute, (c) two speeds: tables every 5 minutes and metrics every
/// minute, setting off targeted reads — with the metrics batch endpoint configured (no ARM reads for metrics), and
/// again reading each resource's metrics on ARM. Detection is the missing-prefix alert firing (Alerts:FireAfter = 3
/// consecutive Ok polls). Reads take no simulated time in any of them.
/// </summary>
public static class DetectBench
{
    private const int Estates = 6;
    private const int ExtraVnets = 10;
    private const string Subscription = "6b0e7f2a-5c1d-4e8f-9a3b-2d4c6e8f0a1b";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MetricsLatency = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Withdrawn = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(45);
    private const double Unbounded = 1e9;

    private sealed record Strategy(string Key, string Name, TimeSpan TableInterval, bool TwoSpeed, bool Batch);

    private sealed record Withdrawal(int Estate, DateTimeOffset At);

    private sealed record Outcome(Strategy Strategy, IReadOnlyList<double> DetectSeconds, int Missed, long Reads, long Writes, long BatchCalls, double Hours, TimeSpan Wall)
    {
        public double Median => Percentile(0.5);

        public double ReadsPerHour => Reads / Hours;

        public double WritesPerHour => Writes / Hours;

        public double BatchPerHour => BatchCalls / Hours;

        public double Percentile(double q)
        {
            if (DetectSeconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = DetectSeconds.Order().ToArray();
            var i = q * (sorted.Length - 1);
            var lo = (int)Math.Floor(i);
            var hi = (int)Math.Ceiling(i);
            return sorted[lo] + ((sorted[hi] - sorted[lo]) * (i - lo));
        }
    }

    public static async Task RunAsync(BenchOptions options, double hours = 4)
    {
        var run = TimeSpan.FromHours(hours);
        var withdrawals = Schedule(run);
        Console.WriteLine($"detect: {Estates} estates + {ExtraVnets} VNets (100 vantage points) on the loopback ARM emulator, {run.TotalHours:0.#} simulated hours, "
            + $"{withdrawals.Count} default-route withdrawals at random moments ({Withdrawn.TotalMinutes:0} min each), metrics {MetricsLatency.TotalMinutes:0} min late, fire after {new AlertOptions().FireAfter} Ok polls");

        Strategy[] strategies =
        [
            new("Full5", "(a) tables every 5 minutes", TimeSpan.FromMinutes(5), false, false),
            new("Full1", "(b) tables every minute", TimeSpan.FromMinutes(1), false, false),
            new("TwoSpeed", "(c) two speeds, metrics batched", TimeSpan.FromMinutes(5), true, true),
            new("TwoSpeedPerResource", "(c') two speeds, metrics per resource on ARM", TimeSpan.FromMinutes(5), true, false),
        ];
        var outcomes = new Dictionary<string, Outcome>();
        foreach (var strategy in strategies)
        {
            var outcome = await SimulateAsync(strategy, withdrawals, run);
            outcomes[strategy.Key] = outcome;
            Console.WriteLine($"  {strategy.Name,-46} median {outcome.Median,6:0} s (p90 {outcome.Percentile(0.9),5:0} s, {outcome.DetectSeconds.Count} detected, {outcome.Missed} missed)   "
                + $"ARM reads {outcome.ReadsPerHour,6:0}/h, writes {outcome.WritesPerHour,5:0}/h{(outcome.BatchCalls > 0 ? $", metrics batches {outcome.BatchPerHour:0}/h" : "")}   [{outcome.Wall.TotalSeconds:0} s wall]");
        }

        var (full5, full1, two, perResource) = (outcomes["Full5"], outcomes["Full1"], outcomes["TwoSpeed"], outcomes["TwoSpeedPerResource"]);
        var speed = two.Median / full1.Median;
        var cost = two.ReadsPerHour / full5.ReadsPerHour;
        Console.WriteLine($"  two speeds: median {speed:0.00}x that of tables every minute (goal ≤ 1.5x), {cost:0.00}x the ARM reads of tables every 5 minutes (goal ≤ 1.3x)");
        Console.WriteLine($"  metrics per resource on ARM instead: median {perResource.Median / full1.Median:0.00}x, {perResource.ReadsPerHour / full5.ReadsPerHour:0.00}x the ARM reads");

        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "detect.json");
        static double R(double v) => Math.Round(v, 1);
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["vantagePoints"] = 100,
            ["simulatedHours"] = run.TotalHours,
            ["withdrawals"] = withdrawals.Count,
            ["metricsLatencySeconds"] = MetricsLatency.TotalSeconds,
            ["fireAfterPolls"] = new AlertOptions().FireAfter,
            ["medianDetectSecondsFull5"] = R(full5.Median),
            ["medianDetectSecondsFull1"] = R(full1.Median),
            ["medianDetectSecondsTwoSpeed"] = R(two.Median),
            ["armReadsPerHourFull5"] = R(full5.ReadsPerHour),
            ["armReadsPerHourFull1"] = R(full1.ReadsPerHour),
            ["armReadsPerHourTwoSpeed"] = R(two.ReadsPerHour),
            ["armWritesPerHourFull5"] = R(full5.WritesPerHour),
            ["armWritesPerHourFull1"] = R(full1.WritesPerHour),
            ["armWritesPerHourTwoSpeed"] = R(two.WritesPerHour),
            ["metricsBatchCallsPerHourTwoSpeed"] = R(two.BatchPerHour),
            ["p90DetectSecondsFull5"] = R(full5.Percentile(0.9)),
            ["p90DetectSecondsFull1"] = R(full1.Percentile(0.9)),
            ["p90DetectSecondsTwoSpeed"] = R(two.Percentile(0.9)),
            ["missedFull5"] = full5.Missed,
            ["missedFull1"] = full1.Missed,
            ["missedTwoSpeed"] = two.Missed,
            ["medianDetectSecondsTwoSpeedPerResource"] = R(perResource.Median),
            ["armReadsPerHourTwoSpeedPerResource"] = R(perResource.ReadsPerHour),
            ["armWritesPerHourTwoSpeedPerResource"] = R(perResource.WritesPerHour),
            ["twoSpeedMedianOverFull1"] = Math.Round(speed, 3),
            ["twoSpeedReadsOverFull5"] = Math.Round(cost, 3),
            ["twoSpeedPerResourceMedianOverFull1"] = Math.Round(perResource.Median / full1.Median, 3),
            ["twoSpeedPerResourceReadsOverFull5"] = Math.Round(perResource.ReadsPerHour / full5.ReadsPerHour, 3),
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Console.WriteLine($"wrote {file}");
    }

    /// <summary>Each estate's withdrawals: one in every 45-minute period, at a random moment of its first 25 minutes.</summary>
    private static IReadOnlyList<Withdrawal> Schedule(TimeSpan run)
    {
        var random = new Random(16);
        var list = new List<Withdrawal>();
        for (var e = 0; e < Estates; e++)
        {
            for (var k = 0; ; k++)
            {
                var at = Start + TimeSpan.FromMinutes(10) + (Period * k) + TimeSpan.FromSeconds(random.NextDouble() * TimeSpan.FromMinutes(25).TotalSeconds);
                if (at + Withdrawn + TimeSpan.FromMinutes(5) > Start + run)
                {
                    break;
                }

                list.Add(new Withdrawal(e, at));
            }
        }

        return list;
    }

    private static ArmEstateNaming Naming(int i) => new(Subscription, Subscription, Subscription, $"rg-hub-{i}", $"rg-er-{i}", $"rg-avs-{i}",
        $"vnet-hub-{i}", [$"vnet-app-{i}", $"vnet-data-{i}"], $"rs-hub-{i}", $"bgp-nva-{i}", $"ergw-hub-{i}", $"er-onprem-{i}", $"avs-{i}");

    private static async Task<Outcome> SimulateAsync(Strategy strategy, IReadOnlyList<Withdrawal> withdrawals, TimeSpan run)
    {
        var wall = Stopwatch.StartNew();
        var clock = new FakeTimeProvider(Start);
        var scenario = new DemoScenario(Start - TimeSpan.FromHours(1));
        var steady = scenario.At(Start);
        var withdrawn = steady with
        {
            NvaAdvertisedIn0 = steady.NvaAdvertisedIn0.Where(p => p.Length > 0).ToArray(),
            NvaAdvertisedIn1 = steady.NvaAdvertisedIn1.Where(p => p.Length > 0).ToArray(),
        };
        EstateState StateOf(int e, DateTimeOffset t) => withdrawals.Any(w => w.Estate == e && t >= w.At && t < w.At + Withdrawn) ? withdrawn : steady;

        var estate = new EmulatedEstate { MetricsClock = clock };
        for (var i = 0; i < Estates; i++)
        {
            var e = i;
            ContosoArmEstate.Build(() => StateOf(e, clock.GetUtcNow()), Naming(e), estate, t => StateOf(e, t));
        }

        for (var i = 0; i < ExtraVnets; i++)
        {
            estate.Add($"/subscriptions/{Subscription}/resourceGroups/rg-spokes/providers/Microsoft.Network/virtualNetworks/vnet-spoke-{i}", "Microsoft.Network/virtualNetworks",
                new JsonObject { ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray($"10.{50 + i}.0.0/16") } });
        }

        await using var emulator = await ArmEmulatorServer.StartAsync(estate);
        emulator.Settings.PollsBeforeDone = 0;
        emulator.Settings.RetryAfterSeconds = 0;
        // Reads take no simulated time, so a cycle's reads all land at one simulated instant: a pacer refilling by
        // simulated time would hold them back for ever, and the emulator's buckets refill by wall time. Both sides'
        // buckets are made too large to bind; the bench counts the requests each lane makes instead (ARM's documented
        // 250 + 25/s reads is some 90,000 an hour, far above what any strategy here spends).
        emulator.Throttling.Enabled = false;
        emulator.Throttling.ReadCapacity = emulator.Throttling.WriteCapacity = Unbounded;
        emulator.Metrics.IngestionDelay = MetricsLatency;

        var azure = new AzureSourceOptions
        {
            ArmEndpoint = emulator.BaseUrl, Credential = "None", Subscriptions = [Subscription],
            MetricsBatchEndpoint = strategy.Batch ? emulator.BaseUrl : null,
            Pacing = new ArmPacingOptions { ReadCapacity = Unbounded, WriteCapacity = Unbounded },
        };
        var arm = new ArmClient(azure, null, clock);
        var api = new ArmRestNetworkApi(arm);
        var metrics = strategy.TwoSpeed
            ? new ArmMetricsApi(arm, strategy.Batch ? new MetricsBatchClient(new Uri(emulator.BaseUrl), null, MetricsBatchClient.DefaultScope, azure) : null)
            : null;
        var source = new AzureRoutingSource(api, new EstateDiscovery(api, azure, NullLogger<EstateDiscovery>.Instance), azure, 32, clock,
            NullLogger<AzureRoutingSource>.Instance, metrics);

        await using var db = await BenchDatabase.CreateAsync("detect");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(db.Factory);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(Create(new RoutingOptions
        {
            Source = SourceKind.Azure, PollInterval = strategy.TableInterval, MaxConcurrency = 32, SignalInterval = TimeSpan.FromMinutes(1),
            Signals = new SignalOptions { Enabled = strategy.TwoSpeed, MetricsLatency = MetricsLatency },
        }));
        services.AddSingleton(Create(new AlertOptions()));
        services.AddSingleton(Create(new BackfillOptions()));
        services.AddSingleton(Create(new HistoryOptions()));
        services.AddSingleton(Create(new NotificationOptions()));
        services.AddMonitoring();
        await using var provider = services.BuildServiceProvider();
        var cycle = provider.GetRequiredService<CollectionCycle>();
        var runner = provider.GetRequiredService<TwoSpeedRunner>();

        // The first cycle discovers the estate and reads every table; what a lane spends is counted after it.
        await cycle.RunAsync(source, CancellationToken.None);
        var requestsBefore = emulator.Requests.Count;
        if (strategy.TwoSpeed)
        {
            await runner.RunDueAsync(source, CancellationToken.None);
        }

        var end = Start + run;
        var nextTables = Start + strategy.TableInterval;
        while (true)
        {
            var next = strategy.TwoSpeed && runner.NextDueAt < nextTables ? runner.NextDueAt : nextTables;
            if (next > end)
            {
                break;
            }

            if (next > clock.GetUtcNow())
            {
                clock.SetUtcNow(next);
            }

            if (clock.GetUtcNow() >= nextTables)
            {
                await cycle.RunAsync(source, CancellationToken.None);
                nextTables += strategy.TableInterval;
            }

            if (strategy.TwoSpeed && clock.GetUtcNow() >= runner.NextDueAt)
            {
                await runner.RunDueAsync(source, CancellationToken.None);
            }
        }

        var requests = emulator.Requests.Skip(requestsBefore).ToArray();
        var reads = requests.LongCount(r => r.StartsWith("GET ", StringComparison.Ordinal));
        var writes = requests.LongCount(r => r.StartsWith("POST ", StringComparison.Ordinal) && !r.Contains("metrics:getBatch", StringComparison.Ordinal));

        // When each withdrawal was alerted: the first time the NVA's default route went missing-and-firing at that estate's Route Server.
        var store = provider.GetRequiredService<AlertStore>();
        var all = await store.AlertsAsync(null, CancellationToken.None);
        var detected = new List<double>();
        var missed = 0;
        foreach (var w in withdrawals)
        {
            var vantage = StandardVantages.RouteServer(Naming(w.Estate).NvaConnectionId, true, ContosoEstate.RouteServerInstances[0]);
            var alert = all.FirstOrDefault(a => a.Rule == MissingPrefixRule.RuleName && a.VantageId == vantage && a.Subject == DerivedExpectations.DefaultRouteId);
            var fired = alert is null ? null : (await store.EventsAsync(alert.Id, CancellationToken.None))
                .Where(e => e.Kind == "Firing" && e.At >= w.At && e.At <= w.At + Withdrawn).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
            if (fired is { } at)
            {
                detected.Add((at - w.At).TotalSeconds);
            }
            else
            {
                missed++;
            }
        }

        return new Outcome(strategy, detected, missed, reads, writes, emulator.Metrics.BatchRequests.Count, run.TotalHours, wall.Elapsed);
    }
}
