using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HybridRoutingPortal.E2E;

/// <summary>Runs alone, after the browser tests: it restarts the app many times and needs the machine to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KillLoopCollection
{
    public const string Name = "kill-loop";
}

/// <summary>
/// kill -9 at random moments while the app polls, evaluates alerts and sends its outbox, 30 times, restarting on the
/// same SQLite file each time. After every kill the database is intact and no poll the API had shown is gone; at the
/// end every notification in the outbox has reached the loopback receiver, known by its idempotency key.
/// </summary>
[Collection(KillLoopCollection.Name)]
public sealed class KillLoopTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 30;

    /// <summary>Kill moments and traffic come from this seed (KILL_LOOP_SEED overrides it), so a failing run can be replayed.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("KILL_LOOP_SEED"), out var s) ? s : 20261124;

    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"hrp-kill-{Guid.NewGuid():N}.db");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebhookReceiver _receiver = default!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_dbPath + suffix);
        }
    }

    private Dictionary<string, string> AppSettings() => new()
    {
        ["ConnectionStrings__Routing"] = $"Data Source={_dbPath}",
        ["Routing__Source"] = "Demo",
        ["Routing__PollInterval"] = "00:00:05",
        ["Demo__Backfill"] = "00:30:00",
        ["Demo__BackfillInterval"] = "00:05:00",
        ["Alerts__FireAfter"] = "1",
        ["Alerts__ResolveAfter"] = "1",
        ["Notifications__Webhooks__0__Name"] = "kill-loop",
        ["Notifications__Webhooks__0__Url"] = _receiver.Url,
        ["Notifications__Webhooks__0__Format"] = "Generic",
        ["Notifications__SendInterval"] = "00:00:01",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__HybridRoutingPortal.Web"] = "Information",
    };

    [Fact]
    public async Task Thirty_kills_lose_no_committed_poll_corrupt_nothing_and_every_queued_notification_arrives()
    {
        output.WriteLine($"Seed {Seed} (KILL_LOOP_SEED replays a run).");
        var random = new Random(Seed);
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = overall.Token;
        var seenPolls = new HashSet<long>();
        var testsAccepted = 0;
        var expectations = new List<string>();
        var vantages = Array.Empty<string>();

        for (var kill = 1; kill <= Kills; kill++)
        {
            await using var app = await PortalChild.StartAsync(AppSettings(), ct);
            var restarted = await PollIdsAsync(app, ct);
            Assert.True(seenPolls.IsSubsetOf(restarted),
                $"After kill {kill - 1} polls the API had shown are gone: {string.Join(", ", seenPolls.Except(restarted).Take(10))}");
            if (vantages.Length == 0)
            {
                vantages = await VantagesAsync(app, ct);
            }

            // Traffic while it runs: what makes notifications (an expectation that can never be met fires at once,
            // deleting one resolves its alert, a test message), and readers that record every poll they are shown.
            // Up to 3.5 s after start: the first cycle, its alert evaluation and the outbox's 1 s sends all fall in it, and 30 kills stay near two minutes.
            var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(random.Next(200, 3_500));
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watcher = WatchPollsAsync(app, seenPolls, watching.Token);
            switch (random.Next(3))
            {
                case 0:
                    expectations.Add(await CreateExpectationAsync(app, kill, vantages[random.Next(vantages.Length)], ct));
                    break;
                case 1 when expectations.Count > 0:
                    var id = expectations[random.Next(expectations.Count)];
                    expectations.Remove(id);
                    (await _http.DeleteAsync($"{app.BaseUrl}/api/v1/expectations/{Uri.EscapeDataString(id)}", ct)).EnsureSuccessStatusCode();
                    break;
                default:
                    var test = await _http.PostAsJsonAsync($"{app.BaseUrl}/api/v1/notifications/test", new { }, ct);
                    Assert.Equal(System.Net.HttpStatusCode.Accepted, test.StatusCode);
                    testsAccepted++;
                    break;
            }

            var wait = deadline - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            await app.KillAsync();
            await watching.CancelAsync();
            await watcher;

            Assert.Equal("ok", await IntegrityAsync(ct));
        }

        // The last start: the outbox drains (what was sent before a kill but not marked goes again, under the same key).
        await using (var last = await PortalChild.StartAsync(AppSettings(), ct))
        {
            Assert.True(seenPolls.IsSubsetOf(await PollIdsAsync(last, ct)), "Polls the API had shown are gone after the last kill.");
            var outbox = await OutboxAsync(ct);
            while (outbox.Any(n => !n.Delivered && !n.Dead))
            {
                await Task.Delay(250, ct);
                outbox = await OutboxAsync(ct);
            }

            var missing = outbox.Where(n => !_receiver.Keys.ContainsKey(n.Key)).Select(n => n.Key).ToArray();
            output.WriteLine($"{seenPolls.Count} polls seen, {outbox.Count} notifications ({outbox.Count(n => n.Test)} tests, {testsAccepted} accepted), " +
                $"{_receiver.Keys.Count} keys received, {_receiver.Keys.Count(k => k.Value > 1)} of them more than once.");
            Assert.Empty(outbox.Where(n => n.Dead).Select(n => n.Key));
            Assert.Empty(missing);
            Assert.Empty(_receiver.Mismatches);
            Assert.True(outbox.Count(n => n.Test) >= testsAccepted, "A test notification the app accepted is not in the outbox.");
            Assert.Contains(outbox, n => !n.Test); // alerts fired and resolved, not only test messages
        }
    }

    private async Task<string> CreateExpectationAsync(PortalChild app, int kill, string vantage, CancellationToken ct)
    {
        // 10.250.0.0/16 is nowhere in the demo estate: the expectation is violated on the next poll.
        var response = await _http.PostAsJsonAsync($"{app.BaseUrl}/api/v1/expectations",
            new { name = $"kill loop {kill}", prefix = $"10.250.{kill}.0/24", vantageIds = new[] { vantage }, severity = "Critical" }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
    }

    private async Task<string[]> VantagesAsync(PortalChild app, CancellationToken ct)
    {
        while (true)
        {
            var list = (await _http.GetFromJsonAsync<JsonElement>($"{app.BaseUrl}/api/v1/vantage-points", ct)).EnumerateArray()
                .Select(v => v.GetProperty("id").GetString()!).ToArray();
            if (list.Length > 0)
            {
                return list;
            }

            await Task.Delay(200, ct);
        }
    }

    private async Task<HashSet<long>> PollIdsAsync(PortalChild app, CancellationToken ct)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"{app.BaseUrl}/api/v1/snapshots?limit=5000", ct);
        Assert.True(json.GetProperty("count").GetInt32() < 5000, "More polls than one page holds; shorten the run or page the check.");
        return json.GetProperty("snapshots").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToHashSet();
    }

    /// <summary>Reads the polls the API shows, again and again until the kill; every answer that arrived counts as committed.</summary>
    private async Task WatchPollsAsync(PortalChild app, HashSet<long> seen, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                seen.UnionWith(await PollIdsAsync(app, ct));
                await Task.Delay(200, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            // The app was killed mid-request (before its answer, or in the middle of its body: HttpIOException): that
            // answer never arrived whole, so it showed nothing.
        }
    }

    private async Task<string> IntegrityAsync(CancellationToken ct)
    {
        await using var db = new SqliteConnection($"Data Source={_dbPath};Pooling=False");
        await db.OpenAsync(ct);
        await using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        return (string)(await check.ExecuteScalarAsync(ct))!;
    }

    private sealed record Outboxed(string Key, bool Delivered, bool Dead, bool Test);

    private async Task<List<Outboxed>> OutboxAsync(CancellationToken ct)
    {
        await using var db = new SqliteConnection($"Data Source={_dbPath};Pooling=False;Mode=ReadOnly");
        await db.OpenAsync(ct);
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT IdempotencyKey, DeliveredAt IS NOT NULL, DeadAt IS NOT NULL, Payload FROM Notifications";
        var rows = new List<Outboxed>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var state = JsonDocument.Parse(reader.GetString(3)).RootElement.GetProperty("state").GetString();
            rows.Add(new Outboxed(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), state == "Test"));
        }

        return rows;
    }
}
