using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArmEmulator;
using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// One poll cycle of 100 vantage points — six Contoso-shaped estates and ten more VNets, all in one
/// subscription so they share one ARM throttling bucket — against the loopback ARM emulator answering
/// every request (long-running operation polls included) in 200 ms, with ARM's token buckets on.
/// The baseline, measured in the same run, is the same cycle made one request at a time: the serial sum.
/// A cycle is what the poller does: plan (session refresh) and every collector, bounded by a concurrency.
/// </summary>
public static class PollBench
{
    private const int Estates = 6;
    private const int ExtraVnets = 10;
    private const int Concurrency = 32;
    private const int DefaultConcurrency = 8; // Routing:MaxConcurrency's default
    private const int BackToBackCycles = 4;
    private const string Subscription = "6b0e7f2a-5c1d-4e8f-9a3b-2d4c6e8f0a1b";
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(BenchOptions options)
    {
        var scenario = new DemoScenario(DateTimeOffset.UtcNow.AddHours(-1));
        var state = scenario.At(DateTimeOffset.UtcNow);
        var estate = new EmulatedEstate();
        for (var i = 0; i < Estates; i++)
        {
            ContosoArmEstate.Build(() => state, new ArmEstateNaming(Subscription, Subscription, Subscription, $"rg-hub-{i}", $"rg-er-{i}", $"rg-avs-{i}",
                $"vnet-hub-{i}", [$"vnet-app-{i}", $"vnet-data-{i}"], $"rs-hub-{i}", $"bgp-nva-{i}", $"ergw-hub-{i}", $"er-onprem-{i}", $"avs-{i}"), estate, dataPlane: false);
        }

        for (var i = 0; i < ExtraVnets; i++)
        {
            estate.Add($"/subscriptions/{Subscription}/resourceGroups/rg-spokes/providers/Microsoft.Network/virtualNetworks/vnet-spoke-{i}", "Microsoft.Network/virtualNetworks",
                new JsonObject { ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray($"10.{50 + i}.0.0/16") } });
        }

        await using var emulator = await ArmEmulatorServer.StartAsync(estate);
        emulator.Settings.Latency = Latency;
        emulator.Settings.PollsBeforeDone = 0;
        emulator.Settings.RetryAfterSeconds = 0;

        Console.WriteLine($"poll: {Estates} estates + {ExtraVnets} VNets in one subscription, ARM emulator at {emulator.BaseUrl}, {Latency.TotalMilliseconds:0} ms per request, ARM throttling buckets on");
        var parallel = Source(emulator, Concurrency);
        var atDefault = Source(emulator, DefaultConcurrency);
        var serial = Source(emulator, 1);

        // Warm-up: each source discovers the estate (discovery is not part of a poll cycle; it runs every 30 minutes).
        var warm = await CycleAsync(parallel, Concurrency, emulator);
        await CycleAsync(atDefault, DefaultConcurrency, emulator);
        await serial.PlanAsync(CancellationToken.None);
        Console.WriteLine($"  warm-up: {warm.VantagePoints} vantage points discovered and polled ({warm.Failed} failed)");

        var baseline = await CycleAsync(serial, 1, emulator);
        Console.WriteLine($"  serial (one request at a time)       {baseline.Wall.TotalSeconds,6:0.00} s   {baseline.Calls} ARM calls ({baseline.Reads} reads, {baseline.Writes} writes) × {Latency.TotalMilliseconds:0} ms = {baseline.Calls * Latency.TotalSeconds:0.0} s");

        // Between cycles the poller waits its interval (5 minutes); a few seconds let the buckets refill here.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var eight = await CycleAsync(atDefault, DefaultConcurrency, emulator);
        Console.WriteLine($"  concurrency {DefaultConcurrency,2} (the default)          {eight.Wall.TotalSeconds,6:0.00} s   {eight.Wall / baseline.Wall:P1} of serial");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var run = await CycleAsync(parallel, Concurrency, emulator);
        var readShare = run.Reads / (250 + (25 * run.Wall.TotalSeconds));
        var writeShare = run.Writes / (200 + (10 * run.Wall.TotalSeconds));
        Console.WriteLine($"  concurrency {Concurrency,2}                        {run.Wall.TotalSeconds,6:0.00} s   {run.Wall / baseline.Wall:P1} of serial   (goal < 10 %)");
        Console.WriteLine($"  ARM calls per cycle: {run.Calls} ({run.Reads} reads, {run.Writes} writes); {run.VantagePoints} vantage points, {run.Failed} failed");
        Console.WriteLine($"  bucket spent by one cycle: reads {readShare:P0} of 250 + 25/s × {run.Wall.TotalSeconds:0.0} s, writes {writeShare:P0} of 200 + 10/s × {run.Wall.TotalSeconds:0.0} s");
        // Cycles back to back, with no interval between them, need more reads than the bucket refills: the pacer
        // slows the requests down instead of letting ARM throttle them. They start with full buckets.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var pacedBefore = (Reads: PacedSeconds(parallel, BudgetKind.Reads), Writes: PacedSeconds(parallel, BudgetKind.Writes));
        var backToBack = Stopwatch.StartNew();
        var backToBackReads = 0L;
        var backToBackWrites = 0L;
        var backToBackFailed = 0;
        for (var i = 0; i < BackToBackCycles; i++)
        {
            var cycle = await CycleAsync(parallel, Concurrency, emulator);
            backToBackReads += cycle.Reads;
            backToBackWrites += cycle.Writes;
            backToBackFailed += cycle.Failed;
        }

        backToBack.Stop();
        var backToBackPaced = (Reads: PacedSeconds(parallel, BudgetKind.Reads) - pacedBefore.Reads, Writes: PacedSeconds(parallel, BudgetKind.Writes) - pacedBefore.Writes);
        var seconds = backToBack.Elapsed.TotalSeconds;
        Console.WriteLine($"  {BackToBackCycles} cycles back to back, no interval: {seconds:0.0} s, {backToBackFailed} failed; {backToBackWrites} writes where a full bucket allows {200 + (10 * seconds):0} "
            + $"in that time (less the 10 % reserve), {backToBackReads} reads where it allows {250 + (25 * seconds):0}; writes were held back during {backToBackPaced.Writes:0.0} s of it, reads during {backToBackPaced.Reads:0.0} s");
        Console.WriteLine($"  429 answers from the emulator's throttling model over the whole run: {emulator.Throttling.Throttled}");

        var nics = options.Nics > 0 ? await NicsAsync(emulator, state, options.Nics) : new NicRun(0, 0, 0, 0, 0, 0);

        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "poll.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["vantagePoints"] = run.VantagePoints,
            ["latencyMs"] = Latency.TotalMilliseconds,
            ["concurrency"] = Concurrency,
            ["wallSeconds"] = Math.Round(run.Wall.TotalSeconds, 2),
            ["serialSeconds"] = Math.Round(baseline.Wall.TotalSeconds, 2),
            ["wallShareOfSerial"] = Math.Round(run.Wall / baseline.Wall, 4),
            ["wallSecondsAtDefaultConcurrency"] = Math.Round(eight.Wall.TotalSeconds, 2),
            ["armCalls"] = run.Calls,
            ["armReads"] = run.Reads,
            ["armWrites"] = run.Writes,
            ["readBucketShare"] = Math.Round(readShare, 3),
            ["writeBucketShare"] = Math.Round(writeShare, 3),
            ["throttled429"] = emulator.Throttling.Throttled,
            ["failedVantagePoints"] = run.Failed,
            ["backToBackCycles"] = BackToBackCycles,
            ["backToBackSeconds"] = Math.Round(backToBack.Elapsed.TotalSeconds, 2),
            ["backToBackReads"] = backToBackReads,
            ["backToBackWrites"] = backToBackWrites,
            ["backToBackFailedVantagePoints"] = backToBackFailed,
            ["backToBackWritesHeldBackSeconds"] = Math.Round(backToBackPaced.Writes, 2),
            ["backToBackReadsHeldBackSeconds"] = Math.Round(backToBackPaced.Reads, 2),
            ["nics"] = nics.Nics,
            ["nicCycleSeconds"] = Math.Round(nics.Wall, 2),
            ["nicSerialSeconds"] = Math.Round(nics.Serial, 2),
            ["nicArmCalls"] = nics.Calls,
            ["nicFailedVantagePoints"] = nics.Failed,
            ["nicCycleDeadlineSeconds"] = nics.Deadline,
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }

    private sealed record NicRun(int Nics, double Wall, double Serial, int Calls, int Failed, double Deadline);

    /// <summary>
    /// The data plane at scale: N tagged probe NICs in a subscription of their own (its own ARM buckets), each effective-route
    /// table a long-running POST and a Location read at the same latency; one cycle at the bench's concurrency against the
    /// Azure poll interval (the cycle's deadline), and the same cycle one request at a time as the baseline, in the same run.
    /// </summary>
    private static async Task<NicRun> NicsAsync(ArmEmulatorServer emulator, EstateState state, int count)
    {
        const string subscription = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
        var group = $"/subscriptions/{subscription}/resourceGroups/rg-probes";
        var routes = ContosoArmEstate.EffectiveRoutes(RoutePropagation.NicRoutes(state, ContosoEstate.ProbeAppNic.Id));
        for (var i = 0; i < count; i++)
        {
            var id = $"{group}/providers/Microsoft.Network/networkInterfaces/vm-probe-{i:000}-nic";
            ContosoArmEstate.AddNic(emulator.Estate, id, $"{group}/providers/Microsoft.Compute/virtualMachines/vm-probe-{i:000}",
                $"{group}/providers/Microsoft.Network/virtualNetworks/vnet-probes/subnets/snet-{i / 50}", $"10.{120 + (i / 250)}.{i % 250 / 50}.{4 + (i % 50)}", tagged: true);
            emulator.Estate.Action(id, "effectiveRouteTable", _ => routes.DeepClone());
        }

        if (!emulator.Estate.Subscriptions.Contains(subscription))
        {
            emulator.Estate.Subscriptions.Add(subscription);
        }

        var deadline = TimeSpan.FromMinutes(5); // Routing:PollInterval's default for Azure: a cycle must end before the next starts
        var parallel = Source(emulator, Concurrency, subscription);
        var serial = Source(emulator, 1, subscription);
        await parallel.PlanAsync(CancellationToken.None);
        await serial.PlanAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var baseline = await CycleAsync(serial, 1, emulator);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var run = await CycleAsync(parallel, Concurrency, emulator);
        Console.WriteLine($"  {count} NICs' effective routes: concurrency {Concurrency} {run.Wall.TotalSeconds:0.00} s, serial {baseline.Wall.TotalSeconds:0.00} s, "
            + $"{run.Calls} ARM calls, {run.Failed} failed; the cycle's deadline (poll interval) is {deadline.TotalSeconds:0} s");
        return new NicRun(count, run.Wall.TotalSeconds, baseline.Wall.TotalSeconds, run.Calls, run.Failed, deadline.TotalSeconds);
    }

    private static AzureRoutingSource Source(ArmEmulatorServer emulator, int concurrency, string subscription = Subscription)
    {
        var options = new AzureSourceOptions { ArmEndpoint = emulator.BaseUrl, Credential = "None", Subscriptions = [subscription] };
        var api = new ArmRestNetworkApi(new ArmClient(options, null, TimeProvider.System));
        return new AzureRoutingSource(api, new EstateDiscovery(api, options, NullLogger<EstateDiscovery>.Instance), options, concurrency, TimeProvider.System,
            NullLogger<AzureRoutingSource>.Instance);
    }

    private static double PacedSeconds(AzureRoutingSource source, BudgetKind kind) =>
        source.Diagnostics.Budgets.Where(b => b.Kind == kind).Sum(b => b.Paced.TotalSeconds);

    private sealed record Cycle(TimeSpan Wall, int Calls, long Reads, long Writes, int VantagePoints, int Failed);

    /// <summary>One poll cycle as the poller runs it: plan, then every collector with bounded concurrency.</summary>
    private static async Task<Cycle> CycleAsync(AzureRoutingSource source, int concurrency, ArmEmulatorServer emulator)
    {
        var callsBefore = emulator.Requests.Count;
        var spentBefore = emulator.Throttling.Spent;
        var watch = Stopwatch.StartNew();
        var plan = await source.PlanAsync(CancellationToken.None);
        var observations = new List<Observation>();
        var at = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(plan.Collectors, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (collector, ct) =>
        {
            IReadOnlyList<Observation> result;
            try
            {
                result = await collector.CollectAsync(at, ct);
            }
            catch (CollectionException ex)
            {
                result = collector.VantageIds.Select(id => Observation.Failed(id, at, ex.Reason, ex.Message)).ToArray();
            }

            lock (observations)
            {
                observations.AddRange(result);
            }
        });
        watch.Stop();
        var spent = emulator.Throttling.Spent;
        long Delta(bool write) => spent.Where(kv => kv.Key.Write == write).Sum(kv => kv.Value - spentBefore.GetValueOrDefault(kv.Key));
        return new Cycle(watch.Elapsed, emulator.Requests.Count - callsBefore, Delta(false), Delta(true), plan.VantagePoints.Count,
            observations.Count(o => o.Status == ObservationStatus.Failed));
    }
}
