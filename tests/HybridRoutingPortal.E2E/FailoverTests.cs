using HybridRoutingPortal.Data.Tests;
using Npgsql;
using Xunit.Abstractions;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// Two instances of the real app on one PostgreSQL database: one leads (polls, evaluates alerts, queues
/// notifications), the other serves and waits. Killing the leader with SIGKILL hands the work to the other, with no
/// poll written twice, no poll lost and no notification queued twice.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    // A killed leader's lock goes when the server sees its connection close, so takeover itself is quick; the lease
    // sets the bound the test holds the takeover to, roomy enough for a standby's cold first cycle on a loaded machine.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private readonly string _database = $"hrp_e2e_{Guid.NewGuid():N}";
    private readonly List<PortalChild> _instances = [];

    private string ConnectionString => new NpgsqlConnectionStringBuilder(PostgresCluster.AdminConnectionString) { Database = _database }.ConnectionString;

    public Task InitializeAsync() => AdminAsync($"CREATE DATABASE {_database}");

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task Killing_the_leader_hands_polling_to_the_other_instance_with_nothing_lost_or_doubled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var first = await StartAsync("first", timeout.Token);
        await first.WaitForAsync("leads: term", timeout.Token);
        await WaitForPollsAsync(1, timeout.Token);
        var second = await StartAsync("second", timeout.Token);
        await WaitForPollsAsync(await ScalarAsync("SELECT COUNT(*) FROM polls") + 20, timeout.Token);
        Assert.False(second.Saw("leads: term"));

        var killedAt = DateTimeOffset.UtcNow;
        await first.KillAsync(); // SIGKILL: no shutdown, no lease released by the app
        await second.WaitForAsync("leads: term", timeout.Token);
        var afterTakeover = await ScalarAsync("SELECT COUNT(*) FROM polls");
        await WaitForPollsAsync(afterTakeover + 20, timeout.Token);

        Assert.Equal(2, await ScalarAsync("SELECT term FROM leaderterms WHERE name = 'leader'"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM (SELECT vantagekey, polledat FROM polls GROUP BY vantagekey, polledat HAVING COUNT(*) > 1) d"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM (SELECT idempotencykey FROM notifications GROUP BY idempotencykey HAVING COUNT(*) > 1) d"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM (SELECT alertid, kind, at FROM alertevents GROUP BY alertid, kind, at HAVING COUNT(*) > 1) d"));
        // Takeover within the documented bound: the new leader's first poll cycle starts (its polledat) within
        // 2 × lease of the kill. The cycle's start, not its end, so the standby's first (cold, JIT-compiling) cycle on a
        // loaded machine does not count against the lease.
        var firstPollAfterKill = TimeSpan.FromTicks(await ScalarAsync($"SELECT MIN(polledat) FROM polls WHERE polledat > {killedAt.UtcTicks}") - killedAt.UtcTicks);
        output.WriteLine($"first poll after the kill started {firstPollAfterKill} after it (bound {2 * Lease})");
        Assert.InRange(firstPollAfterKill, TimeSpan.Zero, 2 * Lease);

        // No lost poll: for every vantage point, the polls written since the kill (the first compared with the dead
        // leader's last) leave no gap wider than the takeover bound (2 × lease) plus one poll interval.
        var widestGap = TimeSpan.FromTicks(await ScalarAsync(
            "SELECT COALESCE(MAX(gap), 0) FROM (SELECT polledat, polledat - LAG(polledat) OVER (PARTITION BY vantagekey ORDER BY polledat) AS gap FROM polls) g " +
            $"WHERE polledat > {killedAt.UtcTicks}"));
        output.WriteLine($"widest gap between polls across the takeover: {widestGap} (bound {(2 * Lease) + PollInterval})");
        Assert.InRange(widestGap, TimeSpan.Zero, (2 * Lease) + PollInterval);
    }

    private async Task<PortalChild> StartAsync(string name, CancellationToken ct)
    {
        var instance = await PortalChild.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__LeaseTime"] = Lease.ToString(),
            ["Database__InstanceName"] = name,
            ["ConnectionStrings__Routing"] = ConnectionString,
            ["Routing__Source"] = "Demo",
            ["Routing__PollInterval"] = PollInterval.ToString(),
            ["Demo__Backfill"] = "00:10:00",
        }, ct);
        _instances.Add(instance);
        return instance;
    }

    private async Task WaitForPollsAsync(long count, CancellationToken ct)
    {
        while (await ScalarAsync("SELECT COUNT(*) FROM polls") < count)
        {
            await Task.Delay(250, ct);
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresCluster.AdminConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
