using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// The README's performance figures, written from bench/results and nowhere else, so they cannot drift
/// from what the benches measured. One entry per results file: its scenario and a Markdown template whose
/// <c>{key}</c> / <c>{key:format}</c> placeholders are that file's values. A new bench is one entry in
/// <see cref="Sections"/>; a template naming a key its file lacks fails loudly.
/// </summary>
/// <remarks>Only the BCL here: tests/HybridRoutingPortal.Data.Tests compiles this file too, to check the README.</remarks>
public static partial class ReadmePerformance
{
    public const string Begin = "<!-- bench results: written by `dotnet run -c Release --project bench/HybridRoutingPortal.Bench -- readme` from bench/results/*.json; do not edit by hand -->";
    public const string End = "<!-- end of bench results -->";

    /// <summary>Placeholder formats beyond .NET numeric format strings.</summary>
    private static readonly Dictionary<string, Func<JsonElement, string>> Units = new(StringComparer.Ordinal)
    {
        ["MiB"] = v => $"{v.GetDouble() / 1048576.0:N0} MiB",
        ["date"] = v => DateTimeOffset.Parse(v.GetString()!, CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static readonly ResultsSection[] Sections =
    [
        new("ingest", """
            `-- ingest` ingests a {routes:N0}-route observation three ways and compares, in the same run, with a raw
            bulk insert of the same rows (one transaction, one prepared statement) and with a naive table that
            stores every route of every poll, then simulates a day of 5-minute polls at {churnPerPoll:P0} churn per poll
            (`bench/results/ingest.json`, {engine}, {machine}, load average {loadAverageAtStart:0.0} as it began, {measuredAt:date}):

            | measurement | time | route rows written | vs baseline |
            |---|---|---|---|
            | first ingest of {routes:N0} routes | {firstIngestSeconds:0.00} s | {firstIngestRouteRows:N0} | {firstIngestVsBulkRatio:0.00}x the raw bulk insert ({bulkInsertSeconds:0.00} s) — goal ≤ 2x |
            | unchanged poll | {unchangedPollSeconds:0.00} s | **{unchangedPollRouteRows:N0}** (poll row only) | goal 0 |
            | {churnPerPoll:P0}-changed poll | {changedPollSeconds:0.00} s | {changedPollRouteRows:N0} new + {changedPollRouteRowsClosed:N0} closed ({changedPollRouteRowsPercent:0.0} % of routes) | goal ≈ 1 % |
            | one day, {polls:N0} polls, interval store | {dayStoreSeconds:N0} s of ingest | {dayIntervalRows:N0} | **{dayDbBytes:MiB}** |
            | one day, naive table (every route of every poll) | {dayNaiveSeconds:N0} s of insert | {dayNaiveRows:N0} | {dayDbBytesNaive:MiB} = **{dayNaiveToIntervalRatio:0.0}x larger** — goal ≥ 20x |

            The interval store spends more CPU per changed poll than the naive insert (it reads and hashes the open
            set to write only the difference); at a 5-minute interval that is well under 1 % of one core.
            """),
        new("ingest-postgres", """
            `-- ingest --provider postgres` runs the same on {engine} (a private loopback cluster the bench starts for the run)
            in the same session as the SQLite figures above. The bulk baseline is one raw binary `COPY`
            (NpgsqlBinaryImporter) of the same rows into the same table, the engine's fastest write; the naive table is
            written with one `COPY` per poll (`bench/results/ingest-postgres.json`, load average {loadAverageAtStart:0.0} as it
            began, {measuredAt:date}):

            | measurement on PostgreSQL | time | route rows written | vs baseline |
            |---|---|---|---|
            | first ingest of {routes:N0} routes | {firstIngestSeconds:0.00} s | {firstIngestRouteRows:N0} | {firstIngestVsBulkRatio:0.00}x the raw binary COPY ({bulkInsertSeconds:0.00} s) — goal ≤ 2x |
            | unchanged poll | {unchangedPollSeconds:0.00} s | **{unchangedPollRouteRows:N0}** (poll row only) | goal 0 |
            | {churnPerPoll:P0}-changed poll | {changedPollSeconds:0.00} s | {changedPollRouteRows:N0} new + {changedPollRouteRowsClosed:N0} closed ({changedPollRouteRowsPercent:0.0} % of routes) | goal ≈ 1 % |
            | {polls:N0} polls 5 minutes apart, interval store | {dayStoreSeconds:N0} s of ingest | {dayIntervalRows:N0} | **{dayDbBytes:MiB}** (tables and indexes) |
            | the same polls, naive table (every route of every poll) | {dayNaiveSeconds:N0} s of COPY | {dayNaiveRows:N0} | {dayDbBytesNaive:MiB} = **{dayNaiveToIntervalRatio:0.0}x larger** |

            The run of polls is shorter than SQLite's when the count says so (`--polls`, to keep the run affordable on the shared
            machine); the goals on PostgreSQL are the first three rows.
            """),
        new("history", """
            `-- history` writes {days} days of 5-minute history for a {routes:N0}-route vantage point at {churnPerPoll:P1} churn per
            poll ({polls:N0} polls, {intervalRows:N0} intervals, {dbBytes:MiB}) and times the time-travel queries against a
            baseline, measured in the same run, that loads the full route tables of both moments and diffs them in
            memory (`bench/results/history.json`, {engine}, {machine}, load average {loadAverageAtStart:0.0} as it began, {measuredAt:date}):

            | query | time | vs baseline |
            |---|---|---|
            | routes at a moment ({routesAtRows:N0} routes) | {routesAtMs:N0} ms | — |
            | diff of two moments a day apart ({diffChanges:N0} changes) | **{diffMs:0.0} ms** (goal < 100 ms) | **{diffSpeedup:0.0}x** faster than the baseline's {diffBaselineMs:N0} ms (goal ≥ 10x) |
            | {days}-day timeline of one prefix ({timelineSpans} spans) | **{timelineMs:0.0} ms** (goal < 50 ms) | — |

            The diff reads only the intervals that ended or began between the two moments, each side on its own
            time index with both interval ends in the index entry (on SQLite the "ended" index also carries the route
            columns, so that side never visits the table), straight from SQLite's column memory, and pairs them in pooled
            buffers without building a route per row (text interned once per query from its UTF-8, compared by reference).
            The history is written as the store writes it: a row is inserted when its interval begins. The bench runs fully
            optimised code (tiered compilation off) and takes the median of three runs after a warm-up, each on a collected
            heap, for every query alike.
            """),
        new("history-postgres", """
            `-- history --provider postgres` writes the same history into {engine} (binary `COPY`, then `VACUUM ANALYZE` as autovacuum
            does after a load; {intervalRows:N0} intervals, {dbBytes:MiB} of tables and indexes) and times the same queries, through
            the same `RoutingQueries` as the app, against the same baseline in the same run
            (`bench/results/history-postgres.json`, load average {loadAverageAtStart:0.0} as it began, {measuredAt:date}):

            | query on PostgreSQL | time | vs baseline |
            |---|---|---|
            | routes at a moment ({routesAtRows:N0} routes) | {routesAtMs:N0} ms | — |
            | diff of two moments a day apart ({diffChanges:N0} changes) | **{diffMs:0.0} ms** (goal < 150 ms) | **{diffSpeedup:0.0}x** faster than the baseline's {diffBaselineMs:N0} ms |
            | {days}-day timeline of one prefix ({timelineSpans} spans) | **{timelineMs:0.0} ms** (goal < 50 ms) | — |
            """),
        new("alerts", """
            `-- alerts` evaluates {expectations:N0} expectations against a {routes:N0}-route poll (index the routes, check each
            expectation for a covering route, step each alert's lifecycle): **{evaluateMs:N0} ms** (goal < 100 ms); reading the
            poll's routes from the store first, as the engine does, takes {readRoutesMs:N0} ms (`bench/results/alerts.json`, {engine},
            load average {loadAverageAtStart:0.0} as it began, {measuredAt:date}).
            """),
        new("alerts-postgres", """
            `-- alerts --provider postgres` does the same with the poll in {engine}: reading its {routes:N0} routes as the engine
            does {readRoutesMs:N0} ms, then the evaluation (in memory, whatever the store) **{evaluateMs:N0} ms** (goal < 100 ms)
            (`bench/results/alerts-postgres.json`, load average {loadAverageAtStart:0.0} as it began, {measuredAt:date}).
            """),
        new("topology", """
            `-- topology` renders a generated estate of {nodes:N0} nodes and {edges:N0} edges with the real graph modules in
            headless Debian chromium {browser} (`bench/results/topology.json`, {machine}, {measuredAt:date}): the first complete
            layout (every node at its final place, every edge drawn; the edges on the edge layer, see docs/architecture.md)
            takes **{firstLayoutMs:N0} ms** (goal < 1 s), its longest task {firstLayoutLongestTaskMs:N0} ms. A second later, as a person
            would, the time slider moves in compare mode ({sliderUpdates} steps, new health, trace and change counts on every node, new change
            counts on a quarter of the BGP sessions, {sliderRelayouts} of them a node going or coming back): the longest main-thread task is **{longestTaskMs:N0} ms** (goal < 100 ms); the longest in that
            second before it {settleLongestTaskMs:N0} ms. A step's update is spread over frames so that none is long: the median
            step is on screen after {medianUpdateMs:0.0} ms. Each figure is the median of three runs in fresh pages.
            """),
        new("pages", """
            `-- pages` opens the big-estate pages of the real app (poller off) in headless Debian chromium {browser} on a
            {routes:N0}-route history of {days} days, each after a warm-up and as the median of three visits, against the same
            pages on a demo-sized estate in the same run (`bench/results/pages.json`, {machine}, {measuredAt:date}): first
            render (from the start of the navigation to the first frame that paints a data row; each page comes with its first
            rows) of Routes over every vantage point **{routesFirstRenderMs:N0} ms** (demo-sized {baselineRoutesFirstRenderMs:N0} ms),
            Compare a day apart **{compareFirstRenderMs:N0} ms** (demo-sized {baselineCompareFirstRenderMs:N0} ms), Snapshots
            {snapshotsFirstRenderMs:N0} ms (demo-sized {baselineSnapshotsFirstRenderMs:N0} ms), goal < 1 s; the longest main-thread task on any of
            them **{longestTaskMs:N0} ms** (demo-sized {baselineLongestTaskMs:N0} ms), goal < 200 ms. The tables hold one page
            ({routesRowsOnScreen} rows); search, order and paging run in the database.
            """),
        new("poll", """
            `-- poll` runs one poll cycle of **{vantagePoints} vantage points** with the real Azure collectors against the loopback
            ARM emulator answering every request, long-running operation polls included, in {latencyMs} ms, with ARM's
            throttling buckets on; the baseline is the same cycle made one request at a time, in the same run
            (`bench/results/poll.json`, {measuredAt:date}): **{armCalls} ARM calls** ({armReads} reads, {armWrites} writes), serial sum
            **{serialSeconds:0.0} s**, the cycle at `Routing:MaxConcurrency` {concurrency} **{wallSeconds:0.00} s = {wallShareOfSerial:P1}** of it
            (goal < 10 %; {wallSecondsAtDefaultConcurrency:0.0} s at the default 8); one cycle spends {readBucketShare:P0} of the read bucket and
            {writeBucketShare:P0} of the write bucket; **{throttled429}** answers 429 over the whole run, and {backToBackCycles} cycles back to back
            are paced to the read bucket's refill ({backToBackReadsHeldBackSeconds:0.0} s held back) instead of throttled.
            The data plane at scale (`--nics {nics}`): the effective routes of **{nics} NICs** (each a long-running POST and its
            Location) take **{nicCycleSeconds:0.00} s** at the same latency and concurrency ({nicArmCalls} ARM calls, serial
            {nicSerialSeconds:0.0} s, {nicFailedVantagePoints} failed), inside the cycle's deadline of {nicCycleDeadlineSeconds:0} s (the poll interval).
            """),
        new("explain", """
            `-- explain` explains every one of {prefixes:N0} prefixes over {vantagePoints} vantage points and {routes:N0} routes
            (`bench/results/explain.json`, {measuredAt:date}): all of them in **{totalMs:N0} ms** (goal < 10 s), one prefix
            **{singlePrefixMs:0.00} ms** warm (goal < 20 ms), {singlePrefixColdMs:N0} ms cold including the estate's index; through the
            API {apiColdMs:N0} ms for the first question after a poll (reading the routes), {apiWarmMs:0.00} ms after.
            """),
        new("load", """
            `-- load` starts the real app (AddPortal/MapPortal, Kestrel on loopback, a fresh SQLite file) polling the demo estate
            and a {routes:N0}-route vantage point at {churn:P0} churn every {pollSeconds} s, and sends **{clients} concurrent loopback
            clients** ({thinkMs} ms think time, {seconds} s) at `/api/v1/vantage-points`, `/alerts`, `/routes` (pages of 1,000
            following `continuation`) and a one-minute `/diff` (between two polls the same comparison is answered from memory, the first after a poll reads the store); the baseline, in the same run, is one client asking back to back
            (`bench/results/load.json`, {machine}, load average {loadAverageAtStart:0.0} as it began, {measuredAt:date}):
            {requests:N0} requests, **{errors} errors**, p50 {p50Ms:N0} ms, **p95 {p95Ms:N0} ms** (goal: 50 clients, 0 errors,
            p95 < 100 ms — {goalVerdict}); one client alone: p50 {baselineP50Ms:N0} ms, p95 {baselineP95Ms:N0} ms. {pollCycles} poll
            cycles ran during the measurement, {pollCycleMs:N0} ms each on average.
            """),
        new("detect", """
            `-- detect` measures how soon a withdrawn route is alerted, and what it costs, in simulated time on the emulator
            ({vantagePoints} vantage points, metrics {metricsLatencySeconds:0} s late, {withdrawals} default-route withdrawals at random
            moments over {simulatedHours} hours), comparing in the same run tables every 5 minutes, tables every minute and two speeds
            (`bench/results/detect.json`, {measuredAt:date}): median detection **{medianDetectSecondsFull5:0.#} s**,
            **{medianDetectSecondsFull1:0.#} s** and **{medianDetectSecondsTwoSpeed:0.#} s** (two speeds = **{twoSpeedMedianOverFull1:0.00}x**
            tables every minute, goal ≤ 1.5x) for **{armReadsPerHourFull5:0.#}**, **{armReadsPerHourFull1:0.#}** and
            **{armReadsPerHourTwoSpeed:0.#}** ARM reads an hour (two speeds = **{twoSpeedReadsOverFull5:0.00}x** tables every 5 minutes,
            goal ≤ 1.3x, with the metrics batch endpoint; {twoSpeedPerResourceReadsOverFull5:0.00}x reading each resource's metrics
            on ARM). How the two lanes work: [docs/azure.md](docs/azure.md#two-lanes-route-tables-and-azure-monitor-metrics).
            """),
    ];

    /// <summary>The generated block (markers included) for the results files that exist, in <see cref="Sections"/> order.</summary>
    public static string Render(string resultsDir)
    {
        var text = new StringBuilder().Append(Begin).Append('\n');
        foreach (var section in Sections)
        {
            var file = Path.Combine(resultsDir, section.Scenario + ".json");
            if (!File.Exists(file))
            {
                continue;
            }

            using var json = JsonDocument.Parse(File.ReadAllText(file));
            text.Append('\n').Append(Fill(section, json.RootElement).Trim()).Append('\n');
        }

        return text.Append('\n').Append(End).ToString();
    }

    /// <summary>The README with its block replaced by <paramref name="block"/>.</summary>
    public static string Rewrite(string readme, string block)
    {
        var (start, end) = Bounds(readme);
        return string.Concat(readme.AsSpan(0, start), block, readme.AsSpan(end));
    }

    /// <summary>The README's current block, markers included.</summary>
    public static string Current(string readme)
    {
        var (start, end) = Bounds(readme);
        return readme[start..end].ReplaceLineEndings("\n");
    }

    /// <summary>The `readme` scenario: rewrites the repository's README.md from <paramref name="resultsDir"/>.</summary>
    public static int Run(string resultsDir)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root.Parent is not null && !File.Exists(Path.Combine(root.FullName, "HybridRoutingPortal.sln")))
        {
            root = root.Parent;
        }

        var readme = Path.Combine(root.FullName, "README.md");
        Console.WriteLine(Write(resultsDir, readme) ? $"rewrote the bench results in {readme}" : $"{readme} already shows {resultsDir}");
        return 0;
    }

    /// <summary>Rewrites <paramref name="readmePath"/> from <paramref name="resultsDir"/>; true when it changed.</summary>
    public static bool Write(string resultsDir, string readmePath)
    {
        var readme = File.ReadAllText(readmePath);
        var updated = Rewrite(readme, Render(resultsDir));
        if (updated == readme)
        {
            return false;
        }

        File.WriteAllText(readmePath, updated);
        return true;
    }

    private static (int Start, int End) Bounds(string readme)
    {
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"README.md has no bench results block: it must hold the lines '{Begin}' and '{End}'.");
        }

        return (start, end + End.Length);
    }

    private static string Fill(ResultsSection section, JsonElement results) =>
        Placeholder().Replace(section.Template.ReplaceLineEndings("\n"), m =>
        {
            var key = m.Groups["key"].Value;
            if (!results.TryGetProperty(key, out var value))
            {
                throw new InvalidOperationException($"bench/results/{section.Scenario}.json has no '{key}', which the README's {section.Scenario} section shows.");
            }

            var format = m.Groups["format"].Success ? m.Groups["format"].Value : null;
            return format is not null && Units.TryGetValue(format, out var unit) ? unit(value)
                : value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString(format ?? "#,0.###", CultureInfo.InvariantCulture)
                : value.ToString();
        });

    [GeneratedRegex(@"\{(?<key>[A-Za-z][A-Za-z0-9]*)(:(?<format>[^}]+))?\}")]
    private static partial Regex Placeholder();

    /// <param name="Scenario">The bench scenario, and its results file's name (bench/results/&lt;scenario&gt;.json).</param>
    /// <param name="Template">Markdown with placeholders for the file's values.</param>
    private sealed record ResultsSection(string Scenario, string Template);
}
