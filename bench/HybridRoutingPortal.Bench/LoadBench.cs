extern alias web;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using web::HybridRoutingPortal.Web.Hosting;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// The real app (AddPortal/MapPortal, Kestrel on loopback, a fresh SQLite file) polling the demo estate and a
/// 100,000-route vantage point at 1 % churn per poll, while N concurrent loopback clients read it: the vantage
/// points, the alerts, every page of /routes (limit 1000, following continuation tokens at one moment) and a
/// short /diff. Each client sends a request, reads the whole answer, thinks, and goes again. Reports requests,
/// errors, p50/p95/p99 overall and per endpoint against the goal: 50 clients, 0 errors, p95 &lt; 100 ms.
/// </summary>
public static class LoadBench
{
    private const int GoalClients = 50;
    private const double GoalP95Ms = 100;
    private static readonly string[] Endpoints = ["vantage-points", "alerts", "routes", "diff"];

    public static async Task RunAsync(BenchOptions options, string[] args)
    {
        var clients = Math.Clamp(Int(args, "--clients", GoalClients), 1, 500);
        var seconds = Math.Clamp(Int(args, "--seconds", 30), 5, 600);
        var thinkMs = Math.Clamp(Int(args, "--think-ms", 1000), 0, 60_000);
        var pollSeconds = Math.Clamp(Int(args, "--poll-seconds", 10), 5, 3600);
        var dbPath = Path.Combine(Path.GetTempPath(), $"hrp-bench-load-{Guid.NewGuid():N}.db");
        Console.WriteLine($"load: {clients} clients for {seconds} s (think {thinkMs} ms) against the demo estate and a {options.Routes:N0}-route vantage point " +
            $"polled every {pollSeconds} s at {options.Churn:P1} churn");

        await using var app = await StartAppAsync(dbPath, options, pollSeconds);
        try
        {
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri(baseUrl),
                Timeout = TimeSpan.FromSeconds(60),
            };
            await WaitUntilCurrentAsync(http, options.Routes);
            var status = app.Services.GetRequiredService<PollerStatus>();

            Console.WriteLine("warming up (5 s) …");
            await RunClientsAsync(http, clients, TimeSpan.FromSeconds(5), thinkMs, seed: 1);

            // Baseline, same app, same data, same polling: one client asking back to back, so nothing queues behind
            // another client; the loaded figures are read against it.
            var baselineSeconds = Math.Min(seconds, 15);
            Console.WriteLine($"baseline: 1 client, no think time ({baselineSeconds} s) …");
            var baseline = await RunClientsAsync(http, 1, TimeSpan.FromSeconds(baselineSeconds), 0, seed: 3);
            var cyclesBefore = status.Current.CyclesCompleted;
            var cycleDurations = new ConcurrentBag<double>();
            void OnCycle()
            {
                if (status.Current.LastCycleDuration is { } d)
                {
                    cycleDurations.Add(d.TotalMilliseconds);
                }
            }

            status.Changed += OnCycle;
            var loadBefore = LoadAverage();
            Console.WriteLine($"measuring ({seconds} s) …");
            var samples = await RunClientsAsync(http, clients, TimeSpan.FromSeconds(seconds), thinkMs, seed: 2);
            status.Changed -= OnCycle;
            var cycles = status.Current.CyclesCompleted - cyclesBefore;
            await WriteAsync(options, samples, baseline, clients, seconds, thinkMs, pollSeconds, cycles, cycleDurations.Distinct().ToArray(), [loadBefore, LoadAverage()]);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(dbPath + suffix);
            }
        }
    }

    private static async Task<WebApplication> StartAppAsync(string dbPath, BenchOptions options, int pollSeconds)
    {
        // The app's own name and files (its static web assets manifests are copied next to this bench).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "HybridRoutingPortal.Web",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Routing"] = $"Data Source={dbPath}",
            ["Routing:Source"] = "Demo",
            ["Routing:PollInterval"] = TimeSpan.FromSeconds(pollSeconds).ToString("c", CultureInfo.InvariantCulture),
            ["Demo:Backfill"] = "01:00:00",
            ["Demo:BackfillInterval"] = "00:05:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        builder.AddPortal();
        // The configured source (the demo) plus one large vantage point, polled by the app's own poller like any other.
        builder.Services.AddSingleton<SourceProvider>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IRoutingSourceProvider>(sp =>
            new LargeVantageSourceProvider(sp.GetRequiredService<SourceProvider>(), options.Routes, options.Churn)));

        var app = builder.Build();
        app.MapPortal();
        await RoutingDatabase.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<RoutingDbContext>>(), CancellationToken.None);
        await app.StartAsync();
        return app;
    }

    /// <summary>Waits for the backfill and a live cycle: every vantage point polled in the last minute, the large one at full size.</summary>
    private static async Task WaitUntilCurrentAsync(HttpClient http, int routes)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/vantage-points")).RootElement.EnumerateArray().ToArray();
            if (list.Any(v => v.GetProperty("routeCount").GetInt32() >= routes * 0.9)
                && list.All(v => v.GetProperty("lastPolledAt").ValueKind == JsonValueKind.String
                    && DateTimeOffset.UtcNow - v.GetProperty("lastPolledAt").GetDateTimeOffset() < TimeSpan.FromMinutes(1)))
            {
                Console.WriteLine($"app current after {watch.Elapsed.TotalSeconds:0} s: {list.Length} vantage points, {list.Sum(v => v.GetProperty("routeCount").GetInt32()):N0} routes");
                return;
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The app did not catch up within 10 minutes.");
            }

            await Task.Delay(1000);
        }
    }

    private sealed record Sample(string Endpoint, double Ms, bool Ok, string? Error);

    private static async Task<List<Sample>> RunClientsAsync(HttpClient http, int clients, TimeSpan duration, int thinkMs, int seed)
    {
        var samples = new ConcurrentBag<Sample>();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(http, new Random(seed * 1000 + i), until, thinkMs, samples))));
        return [.. samples];
    }

    /// <summary>One client: a request to a random endpoint, the whole answer read, a think time (jittered so clients do not march in step).</summary>
    private static async Task ClientAsync(HttpClient http, Random random, long until, int thinkMs, ConcurrentBag<Sample> samples)
    {
        // Start spread over one think time, as people arriving would.
        await Task.Delay(random.Next(0, thinkMs + 1));
        string? continuation = null, walkAt = null;
        while (Stopwatch.GetTimestamp() < until)
        {
            var endpoint = Endpoints[random.Next(Endpoints.Length)];
            var now = DateTimeOffset.UtcNow;
            var url = endpoint switch
            {
                "routes" => continuation is null
                    ? "/api/v1/routes?limit=1000"
                    : $"/api/v1/routes?limit=1000&at={Uri.EscapeDataString(walkAt!)}&continuation={Uri.EscapeDataString(continuation)}",
                "diff" => $"/api/v1/diff?from={Uri.EscapeDataString(now.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture))}&limit=1000",
                _ => "/api/v1/" + endpoint,
            };
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                samples.Add(new Sample(endpoint, ms, response.IsSuccessStatusCode, response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}"));
                if (endpoint == "routes" && response.IsSuccessStatusCode)
                {
                    // Follow the walk: the next routes request asks for the next page at the same moment; after the last, start again.
                    var page = JsonDocument.Parse(body).RootElement;
                    continuation = page.GetProperty("continuation").GetString();
                    walkAt = page.GetProperty("at").GetString();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                samples.Add(new Sample(endpoint, Stopwatch.GetElapsedTime(started).TotalMilliseconds, false, ex.GetType().Name));
            }

            if (thinkMs > 0)
            {
                await Task.Delay(random.Next(thinkMs / 2, thinkMs * 3 / 2 + 1));
            }
        }
    }

    private static async Task WriteAsync(BenchOptions options, List<Sample> samples, List<Sample> baseline, int clients, int seconds, int thinkMs, int pollSeconds, long cycles, double[] cycleMs, double[] loadAverage)
    {
        static Dictionary<string, object> Figures(IReadOnlyCollection<Sample> s)
        {
            var sorted = s.Select(x => x.Ms).Order().ToArray();
            double P(double q) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 1);
            return new Dictionary<string, object>
            {
                ["requests"] = s.Count,
                ["errors"] = s.Count(x => !x.Ok),
                ["p50Ms"] = P(0.50),
                ["p95Ms"] = P(0.95),
                ["p99Ms"] = P(0.99),
                ["maxMs"] = sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 1),
            };
        }

        var all = Figures(samples);
        var errors = (int)all["errors"];
        var p95 = (double)all["p95Ms"];
        var met = clients >= GoalClients && errors == 0 && p95 < GoalP95Ms;
        var perEndpoint = Endpoints.ToDictionary(e => e, e => Figures(samples.Where(s => s.Endpoint == e).ToArray()));
        Console.WriteLine($"  {"endpoint",-16} {"requests",9} {"errors",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
        foreach (var (name, f) in perEndpoint.Append(new KeyValuePair<string, Dictionary<string, object>>("all", all)))
        {
            Console.WriteLine($"  {name,-16} {f["requests"],9} {f["errors"],7} {f["p50Ms"],8} {f["p95Ms"],8} {f["p99Ms"],8}");
        }

        foreach (var error in samples.Where(s => s.Error is not null).GroupBy(s => $"{s.Endpoint} {s.Error}"))
        {
            Console.WriteLine($"  error: {error.Key} ×{error.Count()}");
        }

        var baselineAll = Figures(baseline);
        var baselineP95 = (double)baselineAll["p95Ms"];
        var ratio = baselineP95 > 0 ? Math.Round(p95 / baselineP95, 2) : 0;
        Console.WriteLine($"  baseline (1 client) {baselineAll["requests"],9} {baselineAll["errors"],7} {baselineAll["p50Ms"],8} {baselineAll["p95Ms"],8} {baselineAll["p99Ms"],8}" +
            $"  → p95 at {clients} clients is {ratio}× the baseline's");
        Console.WriteLine($"  machine load average {loadAverage[0]:0.0} → {loadAverage[1]:0.0} on {Environment.ProcessorCount} processors");
        Console.WriteLine($"  {cycles} poll cycles during the run ({(cycleMs.Length == 0 ? "-" : $"{cycleMs.Average():0} ms average")}); " +
            $"goal {GoalClients} clients, 0 errors, p95 < {GoalP95Ms} ms: {(met ? "met" : "NOT met")}");

        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "load.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["clients"] = clients,
            ["seconds"] = seconds,
            ["thinkMs"] = thinkMs,
            ["requests"] = all["requests"],
            ["errors"] = errors,
            ["p50Ms"] = all["p50Ms"],
            ["p95Ms"] = p95,
            ["p99Ms"] = all["p99Ms"],
            ["requestsPerSecond"] = Math.Round((int)all["requests"] / (double)seconds, 1),
            ["endpoints"] = perEndpoint,
            ["baseline"] = new Dictionary<string, object>
            {
                ["clients"] = 1,
                ["thinkMs"] = 0,
                ["seconds"] = Math.Min(seconds, 15),
                ["figures"] = baselineAll,
                ["endpoints"] = Endpoints.ToDictionary(e => e, e => Figures(baseline.Where(s => s.Endpoint == e).ToArray())),
            },
            ["p95VsBaseline"] = ratio,
            ["baselineP50Ms"] = baselineAll["p50Ms"],
            ["baselineP95Ms"] = baselineP95,
            ["routes"] = options.Routes,
            ["churn"] = options.Churn,
            ["pollSeconds"] = pollSeconds,
            ["pollCycles"] = cycles,
            ["pollCycleMs"] = cycleMs.Length == 0 ? 0 : Math.Round(cycleMs.Average()),
            ["processors"] = Environment.ProcessorCount,
            // The machine's 1-minute load average as the measurement began and ended: other work on the same cores shows here.
            ["loadAverage"] = loadAverage,
            ["loadAverageAtStart"] = loadAverage[0],
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["goal"] = new Dictionary<string, object> { ["clients"] = GoalClients, ["errors"] = 0, ["p95Ms"] = GoalP95Ms },
            ["goalMet"] = met,
            ["goalVerdict"] = met ? "met" : "not met",
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }

    /// <summary>The 1-minute load average (Linux), 0 where the system does not say.</summary>
    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load) ? load : 0;

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}

/// <summary>The configured source with one more vantage point: a large route table that churns a little every poll.</summary>
public sealed class LargeVantageSourceProvider(IRoutingSourceProvider inner, int routes, double churn) : IRoutingSourceProvider
{
    private IRoutingSource? _source;

    public async Task<IRoutingSource> GetAsync(CancellationToken cancellationToken) =>
        _source ??= new LargeVantageSource((IReplayableSource)await inner.GetAsync(cancellationToken), routes, churn);
}

public sealed class LargeVantageSource(IReplayableSource inner, int routes, double churn) : IReplayableSource, ICollector
{
    private readonly RouteGenerator _generator = new(seed: 11);
    private readonly Lock _gate = new();
    private List<Route>? _table;
    private VantagePoint? _vantage;

    public string Name => inner.Name + " + a large vantage point";

    public IReadOnlyList<string> VantageIds => [_vantage!.Id];

    public async Task<SourcePlan> PlanAsync(CancellationToken cancellationToken) => With(await inner.PlanAsync(cancellationToken));

    public async Task<SourcePlan> PlanAtAsync(DateTimeOffset at, CancellationToken cancellationToken) => With(await inner.PlanAtAsync(at, cancellationToken));

    /// <summary>Every poll sees the table after one more round of churn (the first poll, the initial table).</summary>
    public Task<IReadOnlyList<Observation>> CollectAsync(DateTimeOffset polledAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _table = _table is null ? _generator.Initial(routes) : _generator.Churn(_table, churn);
            return Task.FromResult<IReadOnlyList<Observation>>([Observation.Ok(_vantage!.Id, polledAt, _table)]);
        }
    }

    private SourcePlan With(SourcePlan plan)
    {
        // Hangs off the Route Server like the NVA's learned routes, as its own vantage point.
        var basis = plan.VantagePoints.First(v => v.Kind == VantageKind.RouteServerLearned);
        _vantage ??= basis with { Id = VantageId.Create(basis.ResourceId, "learned", "bench-large"), Name = $"bench · {routes:N0} routes", Qualifier = "bench-large" };
        return plan with { VantagePoints = [.. plan.VantagePoints, _vantage], Collectors = [.. plan.Collectors, this] };
    }
}
