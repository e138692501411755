using System.Diagnostics;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>A process killed in the middle of a write must leave a consistent store that the next start just uses.</summary>
public class CrashRecoveryTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_writer_killed_mid_transaction_leaves_a_consistent_store()
    {
        using var writer = Process.Start(new ProcessStartInfo("dotnet", [WriterPath(), _db.Path, "20000"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;

        // Let it commit a few polls, then kill it while it is inside the next transaction.
        var committed = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (committed < 3)
        {
            var line = await writer.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("writer exited: " + await writer.StandardError.ReadToEndAsync());
            if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                committed++;
            }
        }

        writer.Kill(entireProcessTree: true);
        await writer.WaitForExitAsync();

        Assert.Equal("ok", await ScalarText("PRAGMA integrity_check"));
        // Every vantage point's open intervals match what its last committed poll said.
        foreach (var vantage in await _db.Queries.VantagePointsAsync(CancellationToken.None))
        {
            var open = await _db.Queries.RoutesAtAsync(vantage.Id, DateTimeOffset.MaxValue.AddDays(-1), null, CancellationToken.None);
            Assert.Equal(vantage.RouteCount, open.Count);
            var lastPoll = (await _db.Queries.PollsAsync(vantage.Id, null, null, 1, CancellationToken.None)).Single();
            Assert.Equal(vantage.LastPolledAt, lastPoll.PolledAt);
            Assert.Equal(lastPoll.RouteCount, open.Count);
        }

        Assert.True(await _db.ScalarAsync("SELECT COUNT(*) FROM Polls") >= 6);
        // And the store keeps working where it stopped.
        var next = await _db.Store.IngestAsync([Observation.Ok("/subscriptions/crash/vantage/a", DateTimeOffset.UtcNow, [])], CancellationToken.None);
        Assert.Equal(ObservationStatus.Ok, Assert.Single(next).Status);
    }

    private async Task<string> ScalarText(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The StoreWriter built beside this test assembly's configuration (Debug or Release).</summary>
    private static string WriterPath()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testDir.Parent!.Name; // bin/<Configuration>/net10.0
        var root = testDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HybridRoutingPortal.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "tests", "HybridRoutingPortal.StoreWriter", "bin", configuration, "net10.0", "HybridRoutingPortal.StoreWriter.dll");
        Assert.True(File.Exists(path), $"StoreWriter not built at {path}");
        return path;
    }
}
