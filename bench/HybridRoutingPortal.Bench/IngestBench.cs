using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// Ingest a large observation three ways (first time, unchanged, 1 % changed) and compare, in the same
/// run, with (a) a naive table holding every route of every poll and (b) a raw bulk insert of the same
/// rows in one transaction with a prepared statement; then a day of 5-minute polls for the size comparison.
/// </summary>
public static class IngestBench
{
    private const string Vantage = "/subscriptions/bench/resourcegroups/rg/providers/microsoft.network/virtualhubs/rs/bgpconnections/nva#learned/in_0";

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine($"ingest: {options.Routes:N0} routes, {options.Polls} polls at 5-minute spacing, {options.Churn:P1} churn per poll");
        var generator = new RouteGenerator(seed: 42);
        var routes = generator.Initial(options.Routes);
        var t0 = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        // (b) the floor: the same interval rows, one prepared INSERT in one transaction.
        double bulkSeconds;
        await using (var bulk = await BenchDatabase.CreateAsync("bulk"))
        {
            bulkSeconds = await TimeAsync(() => BulkInsertAsync(bulk, routes));
        }

        await using var db = await BenchDatabase.CreateAsync("store");
        var store = new RouteStore(db.Factory);
        var at = t0;
        IngestResult first = default!, unchanged = default!, changed = default!;
        var firstSeconds = await TimeAsync(async () => first = (await store.IngestAsync([Observation.Ok(Vantage, at, routes)], CancellationToken.None))[0]);
        at = at.AddMinutes(5);
        var unchangedSeconds = await TimeAsync(async () => unchanged = (await store.IngestAsync([Observation.Ok(Vantage, at, routes)], CancellationToken.None))[0]);
        at = at.AddMinutes(5);
        var churned = generator.Churn(routes, options.Churn);
        var changedSeconds = await TimeAsync(async () => changed = (await store.IngestAsync([Observation.Ok(Vantage, at, churned)], CancellationToken.None))[0]);

        // A day of polls with churn, into the interval store and into the naive table.
        Console.WriteLine($"simulating {options.Polls} polls …");
        var current = churned;
        var dayWatch = Stopwatch.StartNew();
        await using var naive = await BenchDatabase.CreateAsync("naive", migrate: false);
        await using var naiveConnection = await naive.OpenAsync();
        await CreateNaiveTableAsync(naiveConnection);
        await NaiveInsertAsync(naiveConnection, 0, routes);
        await NaiveInsertAsync(naiveConnection, 1, routes);
        await NaiveInsertAsync(naiveConnection, 2, churned);
        double naiveSeconds = 0;
        for (var poll = 3; poll < options.Polls; poll++)
        {
            current = generator.Churn(current, options.Churn);
            at = at.AddMinutes(5);
            await store.IngestAsync([Observation.Ok(Vantage, at, current)], CancellationToken.None);
            var naiveWatch = Stopwatch.StartNew();
            await NaiveInsertAsync(naiveConnection, poll, current);
            naiveSeconds += naiveWatch.Elapsed.TotalSeconds;
            if (poll % 48 == 0)
            {
                Console.WriteLine($"  poll {poll}/{options.Polls}");
            }
        }

        var storeSeconds = dayWatch.Elapsed.TotalSeconds - naiveSeconds;
        var dayBytes = await db.BytesAsync();
        await naiveConnection.CloseAsync();
        var naiveBytes = await naive.BytesAsync();
        var intervalRows = await CountAsync(db, "SELECT COUNT(*) FROM RouteIntervals");

        var result = new Dictionary<string, object>
        {
            ["routes"] = options.Routes,
            ["polls"] = options.Polls,
            ["churnPerPoll"] = options.Churn,
            ["firstIngestSeconds"] = Math.Round(firstSeconds, 3),
            ["firstIngestRouteRows"] = first.RouteRowsInserted,
            ["bulkInsertSeconds"] = Math.Round(bulkSeconds, 3),
            ["firstIngestVsBulkRatio"] = Math.Round(firstSeconds / bulkSeconds, 2),
            ["unchangedPollSeconds"] = Math.Round(unchangedSeconds, 3),
            ["unchangedPollRouteRows"] = unchanged.RouteRowsWritten,
            ["changedPollSeconds"] = Math.Round(changedSeconds, 3),
            ["changedPollRouteRows"] = changed.RouteRowsInserted,
            ["changedPollRouteRowsClosed"] = changed.RouteRowsClosed,
            ["changedPollRouteRowsPercent"] = Math.Round(100.0 * changed.RouteRowsInserted / options.Routes, 2),
            ["dayIntervalRows"] = intervalRows,
            ["dayNaiveRows"] = (long)options.Polls * options.Routes,
            ["dayDbBytes"] = dayBytes,
            ["dayDbBytesNaive"] = naiveBytes,
            ["dayNaiveToIntervalRatio"] = Math.Round((double)naiveBytes / dayBytes, 1),
            ["dayStoreSeconds"] = Math.Round(storeSeconds, 1),
            ["dayNaiveSeconds"] = Math.Round(naiveSeconds, 1),
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };

        PrintTable(
            ("first ingest (interval store)", $"{firstSeconds:0.000} s", $"{first.RouteRowsInserted:N0} rows", $"{firstSeconds / bulkSeconds:0.00}x bulk insert"),
            ("raw bulk insert (baseline b)", $"{bulkSeconds:0.000} s", $"{routes.Count:N0} rows", "1.00x"),
            ("unchanged poll", $"{unchangedSeconds:0.000} s", $"{unchanged.RouteRowsWritten:N0} rows", "poll row only"),
            ($"{options.Churn:P0}-changed poll", $"{changedSeconds:0.000} s", $"{changed.RouteRowsInserted:N0} new + {changed.RouteRowsClosed:N0} closed", $"{100.0 * changed.RouteRowsInserted / options.Routes:0.00}% of routes"),
            ($"one day, interval store", $"{storeSeconds:0.0} s", $"{intervalRows:N0} rows", $"{dayBytes / 1048576.0:0.0} MiB"),
            ($"one day, naive (baseline a)", $"{naiveSeconds:0.0} s", $"{(long)options.Polls * options.Routes:N0} rows", $"{naiveBytes / 1048576.0:0.0} MiB = {(double)naiveBytes / dayBytes:0.0}x"));

        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "ingest.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task BulkInsertAsync(BenchDatabase db, List<Route> routes)
    {
        await using var connection = await db.OpenAsync();
        await using (var vantage = connection.CreateCommand())
        {
            vantage.CommandText = "INSERT INTO VantagePoints (Id, Kind, Name, NodeId, ResourceId, ConsecutiveFailures, RouteCount) VALUES ('v', 0, 'v', '', 'v', 0, 0); " +
                "INSERT INTO Polls (VantageKey, PolledAt, Status, RouteCount, Added, Removed, Changed) VALUES (1, 0, 0, 0, 0, 0, 0);";
            await vantage.ExecuteNonQueryAsync();
        }

        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO RouteIntervals (VantageKey, Family, Network, PrefixLength, NextHop, SourcePeer, LocalAddress, AsPath, Origin, Weight, LocalPreference, FromPollId, FromTicks, ToPollId, ToTicks) " +
            "VALUES (1, $f, $n, $l, $nh, $sp, $la, $as, $o, $w, NULL, 1, 0, NULL, $open)";
        var p = RouteRows.Parameters(cmd, "$open");
        cmd.Prepare();
        p[^1].Value = long.MaxValue;
        foreach (var r in routes)
        {
            RouteRows.Bind(p, r);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    private static async Task CreateNaiveTableAsync(SqliteConnection connection)
    {
        await using var cmd = connection.CreateCommand();
        // The same route columns, one row per route per poll, indexed by poll for "routes at poll P".
        cmd.CommandText = "CREATE TABLE NaiveRoutes (Id INTEGER PRIMARY KEY, PollId INTEGER NOT NULL, VantageKey INTEGER NOT NULL, Family INTEGER NOT NULL, Network BLOB NOT NULL, " +
            "PrefixLength INTEGER NOT NULL, NextHop TEXT NOT NULL, SourcePeer TEXT NOT NULL, LocalAddress TEXT NOT NULL, AsPath TEXT NOT NULL, Origin TEXT NOT NULL, Weight INTEGER, LocalPreference INTEGER); " +
            "CREATE INDEX IX_NaiveRoutes_Poll ON NaiveRoutes (VantageKey, PollId);";
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task NaiveInsertAsync(SqliteConnection connection, int pollId, List<Route> routes)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO NaiveRoutes (PollId, VantageKey, Family, Network, PrefixLength, NextHop, SourcePeer, LocalAddress, AsPath, Origin, Weight, LocalPreference) " +
            "VALUES ($poll, 1, $f, $n, $l, $nh, $sp, $la, $as, $o, $w, NULL)";
        var p = RouteRows.Parameters(cmd, "$poll");
        cmd.Prepare();
        p[^1].Value = pollId;
        foreach (var r in routes)
        {
            RouteRows.Bind(p, r);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    private static async Task<long> CountAsync(BenchDatabase db, string sql)
    {
        await using var connection = await db.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static void PrintTable(params (string What, string Time, string Rows, string Note)[] rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"measurement",-32} {"time",10} {"rows written",-26} ratio / note");
        Console.WriteLine(new string('-', 96));
        foreach (var (what, time, written, note) in rows)
        {
            Console.WriteLine($"{what,-32} {time,10} {written,-26} {note}");
        }

        Console.WriteLine();
    }
}
