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
/// rows in one transaction with a prepared statement (on PostgreSQL: one binary COPY, the engine's bulk path);
/// then a day of 5-minute polls for the size comparison. `--provider postgres` runs it all on PostgreSQL.
/// </summary>
public static class IngestBench
{
    private const string Vantage = "/subscriptions/bench/resourcegroups/rg/providers/microsoft.network/virtualhubs/rs/bgpconnections/nva#learned/in_0";

    public static async Task RunAsync(BenchOptions options)
    {
        var provider = options.Provider;
        var loadAverage = Machine.LoadAverage();
        Console.WriteLine($"ingest ({provider}): {options.Routes:N0} routes, {options.Polls} polls at 5-minute spacing, {options.Churn:P1} churn per poll");
        var generator = new RouteGenerator(seed: 42);
        var routes = generator.Initial(options.Routes);
        var t0 = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        // Both paths once on a small table of their own first: the first COPY or INSERT of a process pays for loading
        // and compiling its code, which is neither side's cost per poll.
        await using (var warmBulk = await BenchDatabase.CreateAsync("warm-bulk", provider: provider))
        await using (var warmStore = await BenchDatabase.CreateAsync("warm-store", provider: provider))
        {
            var few = routes.Take(1000).ToList();
            await (provider == DatabaseProvider.Postgres ? BulkCopyAsync(warmBulk, few) : BulkInsertAsync(warmBulk, few));
            await new RouteStore(warmStore.Factory).IngestAsync([Observation.Ok(Vantage, t0, few)], CancellationToken.None);
        }

        // (b) the floor: the same interval rows, one prepared INSERT in one transaction (SQLite) or one binary COPY (PostgreSQL).
        double bulkSeconds;
        await using (var bulk = await BenchDatabase.CreateAsync("bulk", provider: provider))
        {
            bulkSeconds = await TimeAsync(() => provider == DatabaseProvider.Postgres ? BulkCopyAsync(bulk, routes) : BulkInsertAsync(bulk, routes));
        }

        await using var db = await BenchDatabase.CreateAsync("store", provider: provider);
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
        await using var naive = await BenchDatabase.CreateAsync("naive", migrate: false, provider);
        await using var naiveTable = await NaiveTable.CreateAsync(naive);
        await naiveTable.InsertAsync(0, routes);
        await naiveTable.InsertAsync(1, routes);
        await naiveTable.InsertAsync(2, churned);
        double naiveSeconds = 0;
        for (var poll = 3; poll < options.Polls; poll++)
        {
            current = generator.Churn(current, options.Churn);
            at = at.AddMinutes(5);
            await store.IngestAsync([Observation.Ok(Vantage, at, current)], CancellationToken.None);
            var naiveWatch = Stopwatch.StartNew();
            await naiveTable.InsertAsync(poll, current);
            naiveSeconds += naiveWatch.Elapsed.TotalSeconds;
            if (poll % 48 == 0)
            {
                Console.WriteLine($"  poll {poll}/{options.Polls}");
            }
        }

        var storeSeconds = dayWatch.Elapsed.TotalSeconds - naiveSeconds;
        var dayBytes = await db.BytesAsync();
        await naiveTable.DisposeAsync();
        var naiveBytes = await naive.BytesAsync();
        var intervalRows = await db.ScalarAsync("SELECT COUNT(*) FROM RouteIntervals");

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
            ["provider"] = provider.ToString(),
            ["engine"] = await db.EngineAsync(),
            ["baselines"] = provider == DatabaseProvider.Postgres
                ? "raw bulk = one binary COPY (NpgsqlBinaryImporter) of the same rows into the same table; naive = one binary COPY per poll"
                : "raw bulk = one prepared INSERT per row in one transaction; naive = the same, one transaction per poll",
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["loadAverageAtStart"] = loadAverage,
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };

        PrintTable(
            ("first ingest (interval store)", $"{firstSeconds:0.000} s", $"{first.RouteRowsInserted:N0} rows", $"{firstSeconds / bulkSeconds:0.00}x bulk insert"),
            (provider == DatabaseProvider.Postgres ? "raw binary COPY (baseline b)" : "raw bulk insert (baseline b)", $"{bulkSeconds:0.000} s", $"{routes.Count:N0} rows", "1.00x"),
            ("unchanged poll", $"{unchangedSeconds:0.000} s", $"{unchanged.RouteRowsWritten:N0} rows", "poll row only"),
            ($"{options.Churn:P0}-changed poll", $"{changedSeconds:0.000} s", $"{changed.RouteRowsInserted:N0} new + {changed.RouteRowsClosed:N0} closed", $"{100.0 * changed.RouteRowsInserted / options.Routes:0.00}% of routes"),
            ($"one day, interval store", $"{storeSeconds:0.0} s", $"{intervalRows:N0} rows", $"{dayBytes / 1048576.0:0.0} MiB"),
            ($"one day, naive (baseline a)", $"{naiveSeconds:0.0} s", $"{(long)options.Polls * options.Routes:N0} rows", $"{naiveBytes / 1048576.0:0.0} MiB = {(double)naiveBytes / dayBytes:0.0}x"));

        Directory.CreateDirectory(options.ResultsDir);
        var file = options.ResultsFile("ingest");
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

    /// <summary>The PostgreSQL floor: the store's interval rows (the cidr prefix included) in one binary COPY, in one transaction.</summary>
    private static async Task BulkCopyAsync(BenchDatabase db, List<Route> routes)
    {
        await using var connection = await db.OpenPostgresAsync();
        await PostgresRouteRows.ExecAsync(connection,
            "INSERT INTO VantagePoints (Id, Kind, Name, NodeId, ResourceId, ConsecutiveFailures, RouteCount) VALUES ('v', 0, 'v', '', 'v', 0, 0); " +
            "INSERT INTO Polls (VantageKey, PolledAt, Status, RouteCount, Added, Removed, Changed) VALUES (1, 0, 0, 0, 0, 0, 0);");
        await using var tx = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY RouteIntervals ({PostgresRouteRows.IntervalColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in routes)
            {
                await PostgresRouteRows.WriteIntervalAsync(copy, 1, r, 1, 0, null, RouteIntervalRow.Open);
            }

            await copy.CompleteAsync();
        }

        await tx.CommitAsync();
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
