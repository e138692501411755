using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// 30 days of 5-minute history for a 100,000-route vantage point at 0.1 % churn per poll, then the
/// time-travel queries against a baseline that loads both full route tables and diffs them in memory.
/// The history is written as the interval store writes it (one row per route interval), generated in
/// memory and bulk-inserted: ingesting 8,640 full polls one by one would take the better part of an hour.
/// </summary>
public static class HistoryBench
{
    internal const string Vantage = "/subscriptions/bench/resourcegroups/rg/providers/microsoft.network/virtualhubs/rs/bgpconnections/nva#learned/in_0";

    public static async Task RunAsync(BenchOptions options)
    {
        var days = options.Days;
        var loadAverage = Machine.LoadAverage();
        var polls = days * 288;
        Console.WriteLine($"history ({options.Provider}): {options.Routes:N0} routes, {days} days of 5-minute polls ({polls:N0}), {options.Churn:P2} churn per poll");
        await using var db = await BenchDatabase.CreateAsync("history", provider: options.Provider);
        var t0 = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var generate = Stopwatch.StartNew();
        var (intervals, probe) = await WriteHistoryAsync(db, options.Routes, polls, options.Churn, t0);
        Console.WriteLine($"  wrote {intervals:N0} route intervals in {generate.Elapsed.TotalSeconds:0.0} s");
        var dbBytes = await db.BytesAsync();

        var queries = new RoutingQueries(db.Factory);
        var at = t0 + TimeSpan.FromDays(days / 2.0) + TimeSpan.FromMinutes(2);
        var to = at + TimeSpan.FromDays(1);
        // Warm-up (JIT, page cache), then the median of three runs of each.
        await queries.RoutesAtAsync(Vantage, at, null, CancellationToken.None);
        var routesAt = await MedianAsync(async () => (await queries.RoutesAtAsync(Vantage, at, null, CancellationToken.None)).Count);
        var diff = await MedianAsync(async () => (await queries.DiffAsync(at, to, Vantage, CancellationToken.None)).Sum(d => d.Diff.Changes.Count));
        var baseline = await MedianAsync(async () =>
        {
            var before = await queries.RoutesAtAsync(Vantage, at, null, CancellationToken.None);
            var after = await queries.RoutesAtAsync(Vantage, to, null, CancellationToken.None);
            return RouteDiff.Compute(before.Select(r => r.Route), after.Select(r => r.Route)).Changes.Count;
        });
        if (diff.Result != baseline.Result)
        {
            throw new InvalidOperationException($"The interval diff ({diff.Result} changes) disagrees with the baseline ({baseline.Result}).");
        }

        var timeline = await MedianAsync(async () =>
            (await queries.TimelineAsync(new PrefixFilter(probe, PrefixMatch.Exact), t0, t0 + TimeSpan.FromDays(days), Vantage, CancellationToken.None)).Lanes.Sum(l => l.Spans.Count));

        var result = new Dictionary<string, object>
        {
            ["routes"] = options.Routes,
            ["days"] = days,
            ["polls"] = polls,
            ["churnPerPoll"] = options.Churn,
            ["intervalRows"] = intervals,
            ["dbBytes"] = dbBytes,
            ["routesAtMs"] = routesAt.Ms,
            ["routesAtRows"] = routesAt.Result,
            ["diffMs"] = diff.Ms,
            ["diffChanges"] = diff.Result,
            ["diffBaselineMs"] = baseline.Ms,
            ["diffSpeedup"] = Math.Round(baseline.Ms / Math.Max(0.01, diff.Ms), 1),
            ["timelineMs"] = timeline.Ms,
            ["timelineSpans"] = timeline.Result,
            ["provider"] = options.Provider.ToString(),
            ["engine"] = await db.EngineAsync(),
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["loadAverageAtStart"] = loadAverage,
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };

        Console.WriteLine();
        Console.WriteLine($"{"query",-44} {"median",10}  result");
        Console.WriteLine(new string('-', 80));
        Console.WriteLine($"{"routes at a moment",-44} {routesAt.Ms,8:0.0} ms  {routesAt.Result:N0} routes");
        Console.WriteLine($"{"diff, two moments a day apart",-44} {diff.Ms,8:0.0} ms  {diff.Result:N0} changes");
        Console.WriteLine($"{"baseline: load both tables, diff in memory",-44} {baseline.Ms,8:0.0} ms  {diff.Result:N0} changes ({baseline.Ms / Math.Max(0.01, diff.Ms):0.0}x slower)");
        Console.WriteLine($"{$"{days}-day timeline of one prefix",-44} {timeline.Ms,8:0.0} ms  {timeline.Result} spans");
        Console.WriteLine($"{"database",-44} {dbBytes / 1048576.0,8:0.0} MiB  {intervals:N0} intervals");
        Console.WriteLine();

        Directory.CreateDirectory(options.ResultsDir);
        var file = options.ResultsFile("history");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }

    private static async Task<(double Ms, int Result)> MedianAsync(Func<Task<int>> run)
    {
        var times = new List<double>();
        var result = await run(); // warm-up: page cache and JIT, for every query alike
        for (var i = 0; i < 3; i++)
        {
            // Each run starts on a collected heap (as BenchmarkDotNet does by default), so no query pays for the garbage
            // the one before it left behind.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var watch = Stopwatch.StartNew();
            result = await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (Math.Round(times[1], 1), result);
    }

    /// <summary>Generates the intervals the store would hold after the polls, and bulk-inserts them with their poll rows.</summary>
    internal static Task<(long Intervals, IpPrefix Probe)> WriteHistoryAsync(BenchDatabase db, int routeCount, int polls, double churn, DateTimeOffset t0) =>
        db.Provider == DatabaseProvider.Postgres ? CopyHistoryAsync(db, routeCount, polls, churn, t0) : InsertHistoryAsync(db, routeCount, polls, churn, t0);

    /// <summary>SQLite: prepared INSERTs in one transaction, in the order the store inserts them (as each interval began).</summary>
    private static async Task<(long Intervals, IpPrefix Probe)> InsertHistoryAsync(BenchDatabase db, int routeCount, int polls, double churn, DateTimeOffset t0)
    {
        await using var connection = await db.OpenAsync();
        await Exec(connection, "INSERT INTO VantagePoints (Id, Kind, Name, NodeId, ResourceId, ConsecutiveFailures, RouteCount) VALUES ($id, 0, 'bench', '', $id, 0, 0)", ("$id", Vantage));
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO RouteIntervals (VantageKey, Family, Network, PrefixLength, NextHop, SourcePeer, LocalAddress, AsPath, Origin, Weight, LocalPreference, FromPollId, FromTicks, ToPollId, ToTicks) " +
            "VALUES (1, $f, $n, $l, $nh, $sp, $la, $as, $o, $w, NULL, $fp, $ft, $tp, $tt)";
        var p = RouteRows.Parameters(insert, "$fp", "$ft", "$tp", "$tt");
        insert.Prepare();
        await using var poll = connection.CreateCommand();
        poll.Transaction = tx;
        poll.CommandText = "INSERT INTO Polls (Id, VantageKey, PolledAt, Status, RouteCount, Added, Removed, Changed) VALUES ($id, 1, $at, 0, $rc, 0, 0, 0)";
        var pp = new[] { "$id", "$at", "$rc" }.Select(n => poll.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        poll.Prepare();

        // The store inserts an interval when it begins and updates it in place when it ends, so a SQLite table holds
        // its rows in the order they began (rowid order); the generator hands them over as they end.
        var intervals = new List<(Route Route, long From, long FromPoll, long? To, long? ToPoll)>();
        var (written, routes, probe) = await GenerateAsync(routeCount, polls, churn, t0,
            (r, from, fromPoll, to, toPoll) =>
            {
                intervals.Add((r, from, fromPoll, to, toPoll));
                return Task.CompletedTask;
            },
            async (id, at, count) =>
            {
                pp[0].Value = id;
                pp[1].Value = at;
                pp[2].Value = count;
                await poll.ExecuteNonQueryAsync();
            });
        foreach (var (r, from, fromPoll, to, toPoll) in intervals.Select((x, i) => (x, i)).OrderBy(x => x.x.From).ThenBy(x => x.i).Select(x => x.x))
        {
            RouteRows.Bind(p, r);
            p[9].Value = fromPoll;
            p[10].Value = from;
            p[11].Value = (object?)toPoll ?? DBNull.Value;
            p[12].Value = to ?? RouteIntervalRow.Open;
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        await Exec(connection, $"UPDATE VantagePoints SET LastPollId = {polls}, RouteCount = {routes}");
        return (written, probe);
    }

    /// <summary>PostgreSQL: the intervals in one binary COPY (as the store writes them, cidr prefix included), then the polls in another.</summary>
    private static async Task<(long Intervals, IpPrefix Probe)> CopyHistoryAsync(BenchDatabase db, int routeCount, int polls, double churn, DateTimeOffset t0)
    {
        await using var connection = await db.OpenPostgresAsync();
        await PostgresRouteRows.ExecAsync(connection,
            "INSERT INTO VantagePoints (Id, Kind, Name, NodeId, ResourceId, ConsecutiveFailures, RouteCount) VALUES (@id, 0, 'bench', '', @id, 0, 0)", ("id", Vantage));
        await using var tx = await connection.BeginTransactionAsync();
        var pollRows = new List<(int Id, long At, int Count)>(polls);
        (long, int, IpPrefix) generated;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY RouteIntervals ({PostgresRouteRows.IntervalColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            generated = await GenerateAsync(routeCount, polls, churn, t0,
                (r, from, fromPoll, to, toPoll) => PostgresRouteRows.WriteIntervalAsync(copy, 1, r, fromPoll, from, toPoll, to ?? RouteIntervalRow.Open),
                (id, at, count) =>
                {
                    pollRows.Add((id, at, count));
                    return Task.CompletedTask;
                });
            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY Polls (Id, VantageKey, PolledAt, Status, RouteCount, Added, Removed, Changed) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, at, count) in pollRows)
            {
                await copy.WriteRowAsync(CancellationToken.None, (long)id, 1, at, 0, count, 0, 0, 0);
            }

            await copy.CompleteAsync();
        }

        await tx.CommitAsync();
        var (written, routes, probe) = generated;
        // The identity goes on after the polls written with explicit ids, as it would after real polls.
        await PostgresRouteRows.ExecAsync(connection, $"UPDATE VantagePoints SET LastPollId = {polls}, RouteCount = {routes}; " +
            "SELECT setval(pg_get_serial_sequence('polls', 'id'), (SELECT MAX(Id) FROM Polls));");
        // What autovacuum does to a month of history long before anyone asks about it: statistics, and the visibility map
        // that lets the diff's covering index answer without visiting the table.
        await PostgresRouteRows.ExecAsync(connection, "VACUUM ANALYZE");
        return (written, probe);
    }

    /// <summary>
    /// Replays the polls' churn and hands every interval the store would hold (closed as it ends, the open ones at the end)
    /// and every poll row to the writer; returns the count, the final table's size and a prefix to follow in the timeline.
    /// </summary>
    private static async Task<(long Written, int Routes, IpPrefix Probe)> GenerateAsync(int routeCount, int polls, double churn, DateTimeOffset t0,
        Func<Route, long, long, long?, long?, Task> writeInterval, Func<int, long, int, Task> writePoll)
    {
        var generator = new RouteGenerator(seed: 7);
        var current = generator.Initial(routeCount);
        var step = TimeSpan.FromMinutes(5).Ticks;
        var openFrom = new Dictionary<RouteKey, (Route Route, long From, long FromPoll)>(current.Count);
        foreach (var r in current)
        {
            openFrom[r.Key] = (r, t0.UtcTicks, 1);
        }

        long written = 0;
        for (var i = 1; i <= polls; i++)
        {
            var at = t0.UtcTicks + ((i - 1) * step);
            if (i > 1)
            {
                foreach (var (arrived, route) in generator.ChurnInPlace(current, churn))
                {
                    // Events are replayed in order; a state that lived only within this poll never reaches the store.
                    if (openFrom.Remove(route.Key, out var open) && open.From < at)
                    {
                        await writeInterval(open.Route, open.From, open.FromPoll, at, i);
                        written++;
                    }

                    if (arrived)
                    {
                        openFrom[route.Key] = (route, at, i);
                    }
                }
            }

            await writePoll(i, at, current.Count);
        }

        foreach (var open in openFrom.Values)
        {
            await writeInterval(open.Route, open.From, open.FromPoll, null, null);
            written++;
        }

        return (written, current.Count, current[current.Count / 2].Prefix);
    }

    private static async Task Exec(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync();
    }
}
