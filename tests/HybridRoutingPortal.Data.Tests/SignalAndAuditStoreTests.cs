using HybridRoutingPortal.Core.Signals;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>The fast lane's signal history and the audit trail, run against each provider (the same answers).</summary>
public abstract class SignalAndAuditStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new(provider);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static readonly SignalSeries Session = new("s1", SignalKind.Session, "RS instance 0 peer 10.100.2.4", ["/vp/rs"], "link-1", "IN_0", TimeSpan.FromMinutes(1));

    private static readonly SignalSeries Count = new("c1", SignalKind.RoutesLearned, "routes learned", ["/vp/er"], null, "primary", TimeSpan.FromMinutes(1));

    [Fact]
    public async Task Signal_changes_are_kept_read_per_window_with_the_value_in_force_and_pruned_keeping_it()
    {
        var store = new SignalStore(_db.Factory);
        await store.RecordAsync([Session, Count], [new("s1", T0, 1), new("c1", T0, 120)], new Dictionary<string, DateTimeOffset> { ["s1"] = T0 }, CancellationToken.None);
        await store.RecordAsync([Session], [new("s1", T0.AddMinutes(10), 0), new("s1", T0.AddMinutes(12), 1)],
            new Dictionary<string, DateTimeOffset> { ["s1"] = T0.AddMinutes(12) }, CancellationToken.None);

        var states = await store.StatesAsync(CancellationToken.None);
        Assert.Equal((1.0, T0.AddMinutes(12), T0.AddMinutes(12)), (states["s1"].Value!.Value, states["s1"].ChangedAt!.Value, states["s1"].LastPointAt!.Value));
        Assert.Equal(["/vp/rs"], states["s1"].Series.VantageIds);

        var history = Assert.Single(await store.HistoryAsync(new SignalFilter(VantageId: "/vp/rs"), T0.AddMinutes(5), T0.AddMinutes(20), CancellationToken.None));
        Assert.Equal([(T0.AddMinutes(5), 1.0), (T0.AddMinutes(10), 0.0), (T0.AddMinutes(12), 1.0)], history.Values.Select(v => (v.At, v.Value)));
        Assert.Single(await store.HistoryAsync(new SignalFilter(Kind: SignalKind.RoutesLearned), T0, T0.AddMinutes(20), CancellationToken.None));

        Assert.Equal(1, await store.PruneAsync(T0.AddMinutes(11), CancellationToken.None));
        history = Assert.Single(await store.HistoryAsync(new SignalFilter(LinkId: "link-1"), T0.AddMinutes(11), T0.AddMinutes(20), CancellationToken.None));
        Assert.Equal([(T0.AddMinutes(11), 0.0), (T0.AddMinutes(12), 1.0)], history.Values.Select(v => (v.At, v.Value)));
    }

    [Fact]
    public async Task The_audit_trail_pages_newest_first_and_finds_a_person_by_any_case_of_a_part_of_their_name()
    {
        var store = new AuditStore(_db.Factory);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(new AuditRecord(0, T0.AddMinutes(i), i % 2 == 0 ? "Alice Operator" : "Bob_Viewer", $"oid-{i % 2}", "alert.ack", $"alert-{i}", i != 3,
                null, "{\"acked\":true}"), CancellationToken.None);
        }

        var first = await store.PageAsync(new AuditQuery(), null, 2, CancellationToken.None);
        Assert.Equal(["alert-4", "alert-3"], first.Records.Select(r => r.Target));
        var second = await store.PageAsync(new AuditQuery(), first.NextBefore, 10, CancellationToken.None);
        Assert.Equal(["alert-2", "alert-1", "alert-0"], second.Records.Select(r => r.Target));
        Assert.Null(second.NextBefore);

        Assert.Equal(3, (await store.PageAsync(new AuditQuery(Actor: "alice"), null, 10, CancellationToken.None)).Records.Count);
        Assert.Equal(2, (await store.PageAsync(new AuditQuery(Actor: "oid-1"), null, 10, CancellationToken.None)).Records.Count);
        // An underscore is a character, not a wildcard.
        Assert.Equal(2, (await store.PageAsync(new AuditQuery(Actor: "B_V"), null, 10, CancellationToken.None)).Records.Count);
        Assert.Empty((await store.PageAsync(new AuditQuery(Actor: "e_O"), null, 10, CancellationToken.None)).Records);
        var refused = Assert.Single((await store.PageAsync(new AuditQuery(Allowed: false, From: T0.AddMinutes(1), To: T0.AddMinutes(4)), null, 10, CancellationToken.None)).Records);
        Assert.Equal(("alert-3", T0.AddMinutes(3)), (refused.Target, refused.At));
    }
}

public sealed class SqliteSignalAndAuditStoreTests() : SignalAndAuditStoreTests(DatabaseProvider.Sqlite);

public sealed class PostgresSignalAndAuditStoreTests() : SignalAndAuditStoreTests(DatabaseProvider.Postgres);
