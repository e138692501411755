using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>
/// The window diff reads only the intervals that ended or began inside the window and pairs them itself;
/// these histories aim at what that pairing must get right, against a brute-force replay of the raw
/// observations diffed with <see cref="RouteDiff.Compute"/>: next-hop moves, ECMP paths appearing and
/// going, routes that come and go (or flap back unchanged) inside the window, IPv6, several local
/// addresses and source peers, missing weights, and the whole estate as well as one vantage point. On SQLite
/// both readers answer: the direct column reads and Microsoft.Data.Sqlite's, its fallback.
/// </summary>
public abstract class DiffReplayTests(DatabaseProvider provider, bool directColumns = true) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Vantages = ["/subscriptions/s/vantage/a", "/subscriptions/s/vantage/b", "/subscriptions/s/vantage/c"];
    private readonly TempDatabase _db = new(provider);
    private RoutingQueries _queries = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _queries = new RoutingQueries(_db.Factory) { UseDirectSqliteColumns = directColumns };
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    public async Task Diffs_equal_a_replay_on_histories_of_moves_flaps_and_short_lived_routes(int seed)
    {
        var random = new Random(seed);
        var universe = Enumerable.Range(0, 24).Select(i => i % 3 == 2 ? IpPrefix.Parse($"2001:db8:{i:x}::/48") : IpPrefix.Parse($"10.{i}.0.0/16")).ToArray();
        var history = Vantages.ToDictionary(v => v, _ => new List<Observation>());
        var state = Vantages.ToDictionary(v => v, _ => new List<Route>());

        for (var poll = 0; poll < 50; poll++)
        {
            foreach (var vantage in Vantages)
            {
                var at = T0.AddMinutes((poll * 5) + Array.IndexOf(Vantages, vantage));
                if (random.NextDouble() < 0.1)
                {
                    var failed = Observation.Failed(vantage, at, FailureReason.Timeout, "slow");
                    history[vantage].Add(failed);
                    await _db.Store.IngestAsync([failed], CancellationToken.None);
                    continue;
                }

                var routes = state[vantage];
                for (var change = random.Next(0, 5); change > 0; change--)
                {
                    Mutate(routes, universe, random);
                }

                var observation = Observation.Ok(vantage, at, [.. routes]);
                history[vantage].Add(observation);
                await _db.Store.IngestAsync([observation], CancellationToken.None);
            }
        }

        IReadOnlyList<Route> Replay(string vantage, DateTimeOffset t) =>
            RouteSet.Normalise(history[vantage].LastOrDefault(o => o.PolledAt <= t && o.Status == ObservationStatus.Ok)?.Routes ?? []);

        var moments = Enumerable.Range(-1, 52).Select(i => T0.AddMinutes((i * 5) + random.Next(0, 5))).ToArray();
        for (var i = 0; i < 40; i++)
        {
            var (t1, t2) = (moments[random.Next(moments.Length)], moments[random.Next(moments.Length)]);
            (t1, t2) = t1 <= t2 ? (t1, t2) : (t2, t1);
            var estate = await _queries.DiffAsync(t1, t2, null, CancellationToken.None);
            foreach (var vantage in Vantages)
            {
                var expected = Describe(RouteDiff.Compute(Replay(vantage, t1), Replay(vantage, t2)));
                var inEstate = estate.FirstOrDefault(d => d.VantageId == vantage)?.Diff ?? RouteSetDiff.None;
                Assert.Equal(expected, Describe(inEstate));
                var one = (await _queries.DiffAsync(t1, t2, vantage, CancellationToken.None)).SingleOrDefault()?.Diff ?? RouteSetDiff.None;
                Assert.Equal(expected, Describe(one));
                // Ordered by prefix, then kind (as RouteDiff.Compute orders), and the same order however it was asked.
                Assert.True(InDiffOrder(one), "changes out of (prefix, kind) order");
                Assert.Equal(one.Changes.Select(Line), inEstate.Changes.Select(Line));
            }
        }
    }

    [Fact]
    public async Task Text_fields_with_control_characters_and_multi_byte_letters_compare_exactly()
    {
        // Read as UTF-8 straight from SQLite and interned: the same text must meet the same instance, a different one
        // (here differing only past a multi-byte letter) must not.
        var odd = new Route(IpPrefix.Parse("10.1.0.0/16"), "hop\u001Fwith a unit separator", AsPath.Of(65001), "EBgp", 0, null, "pér-1");
        var near = new Route(IpPrefix.Parse("10.1.0.0/16"), "hop\u001Fwith a unit separator", AsPath.Of(65001), "EBgp", 0, null, "pér-2");
        var plain = new Route(IpPrefix.Parse("10.2.0.0/16"), "192.0.2.1", AsPath.Of(65001), "EBgp", 0);
        await _db.Store.IngestAsync([Observation.Ok(Vantages[0], T0, [odd, near, plain])], CancellationToken.None);
        await _db.Store.IngestAsync([Observation.Ok(Vantages[0], T0.AddMinutes(5), [odd with { Weight = 100 }, near, plain with { Origin = "Ïgp" }])], CancellationToken.None);

        var diff = Assert.Single(await _queries.DiffAsync(T0, T0.AddMinutes(5), null, CancellationToken.None)).Diff;

        Assert.Equal(Describe(RouteDiff.Compute([odd, near, plain], [odd with { Weight = 100 }, near, plain with { Origin = "Ïgp" }])), Describe(diff));
        Assert.Equal(2, diff.Changes.Count);
    }

    [Fact]
    public async Task A_window_of_thousands_of_rows_with_long_texts_equals_the_replay()
    {
        // More rows than the pooled buffers start with, AS paths longer than the UTF-8 shortcut's first buffer, and a next hop
        // longer than the stack buffer its UTF-8 is decoded into.
        var longHop = "next-hop-" + new string('x', 600);
        var before = Enumerable.Range(0, 1500).Select(i => new Route(IpPrefix.Parse($"10.{i / 256}.{i % 256}.0/24"), i % 7 == 0 ? longHop : "192.0.2.1",
            AsPath.Of([.. Enumerable.Range(0, 1 + (i % 30)).Select(a => 64512L + a)]), "EBgp", i % 3 == 0 ? null : 0, null, "10.100.1.4", "10.100.0.4")).ToList();
        var after = before.Select((r, i) => (i % 4) switch
        {
            0 => r with { AsPath = AsPath.Of(65001, i) },
            1 => r with { NextHop = "192.0.2.9" },
            2 => null,
            _ => r,
        }).OfType<Route>().Concat(Enumerable.Range(0, 400).Select(i => new Route(IpPrefix.Parse($"2001:db8:{i:x}::/48"), "fe80::1", AsPath.Of(65002), "Igp"))).ToList();
        await _db.Store.IngestAsync([Observation.Ok(Vantages[1], T0, [.. before])], CancellationToken.None);
        await _db.Store.IngestAsync([Observation.Ok(Vantages[1], T0.AddMinutes(5), [.. after])], CancellationToken.None);

        var diff = Assert.Single(await _queries.DiffAsync(T0, T0.AddMinutes(5), Vantages[1], CancellationToken.None)).Diff;

        Assert.Equal(Describe(RouteDiff.Compute(before, after)), Describe(diff));
        Assert.True(InDiffOrder(diff));
    }

    [Fact]
    public async Task A_next_hop_move_is_one_change_and_an_unknown_vantage_point_has_no_diff()
    {
        var before = new Route(IpPrefix.Parse("2001:db8:1::/48"), "fe80::1", AsPath.Of(65001), "EBgp", null, 100, "fe80::a", "fe80::b");
        await _db.Store.IngestAsync([Observation.Ok(Vantages[0], T0, [before])], CancellationToken.None);
        await _db.Store.IngestAsync([Observation.Ok(Vantages[0], T0.AddMinutes(5), [before with { NextHop = "fe80::2" }])], CancellationToken.None);

        var change = Assert.Single(Assert.Single(await _queries.DiffAsync(T0, T0.AddMinutes(5), Vantages[0], CancellationToken.None)).Diff.Changes);

        Assert.Equal((ChangeKind.Changed, "fe80::1", "fe80::2"), (change.Kind, change.Before!.NextHop, change.After!.NextHop));
        Assert.Equal(["nextHop"], change.Attributes.Select(a => a.Attribute));
        Assert.Empty(await _queries.DiffAsync(T0, T0.AddMinutes(5), "/subscriptions/s/vantage/nowhere", CancellationToken.None));
    }

    /// <summary>One change of the kinds a real table sees, in place.</summary>
    private static void Mutate(List<Route> routes, IpPrefix[] universe, Random random)
    {
        var roll = random.NextDouble();
        if (routes.Count == 0 || roll < 0.25)
        {
            routes.Add(NewRoute(universe[random.Next(universe.Length)], random)); // a new prefix, or one more ECMP path
        }
        else if (roll < 0.45)
        {
            routes.RemoveAt(random.Next(routes.Count)); // withdrawn (it may come back identical later: a flap)
        }
        else if (roll < 0.65)
        {
            var i = random.Next(routes.Count);
            routes[i] = routes[i] with { NextHop = NextHop(routes[i].Prefix, random) }; // the next hop moved
        }
        else if (roll < 0.85)
        {
            var i = random.Next(routes.Count);
            routes[i] = routes[i] with { AsPath = AsPath.Of(65001, 65000 + random.Next(3)), Weight = random.Next(2) == 0 ? null : 100 };
        }
        else
        {
            var i = random.Next(routes.Count);
            routes[i] = routes[i].NextHopType is null
                ? routes[i] with { LocalPreference = random.Next(2) == 0 ? null : 200, Origin = random.Next(2) == 0 ? "EBgp" : "Igp" }
                : routes[i] with { State = routes[i].State == RouteState.Active ? RouteState.Invalid : RouteState.Active };
        }

        // A table holds each key once; the newest path for a key wins.
        var distinct = routes.GroupBy(r => r.Key).Select(g => g.Last()).ToList();
        routes.Clear();
        routes.AddRange(distinct);
    }

    private static Route NewRoute(IpPrefix prefix, Random random) =>
        random.Next(4) == 0
            // A NIC's effective route: its source and next-hop type are part of its key.
            ? new(prefix, NextHop(prefix, random), AsPath.Empty, random.Next(2) == 0 ? RouteOrigins.SystemRoute : RouteOrigins.UserRoute,
                NextHopType: random.Next(2) == 0 ? "VnetLocal" : "VirtualAppliance", State: random.Next(3) == 0 ? RouteState.Invalid : RouteState.Active)
            : new(prefix, NextHop(prefix, random), AsPath.Of(65001, 65000 + random.Next(3)), "EBgp", random.Next(3) == 0 ? null : 0, null,
                random.Next(3) == 0 ? null : $"10.100.1.{random.Next(4, 6)}", random.Next(2) == 0 ? null : $"10.100.0.{random.Next(4, 6)}");

    private static bool InDiffOrder(RouteSetDiff diff) =>
        diff.Changes.Zip(diff.Changes.Skip(1)).All(p => p.First.Prefix.CompareTo(p.Second.Prefix) is var c && (c < 0 || (c == 0 && p.First.Kind <= p.Second.Kind)));

    private static string Line(RouteChange c) => $"{c.Kind} {c.Before?.Canonical} -> {c.After?.Canonical}";

    private static string NextHop(IpPrefix prefix, Random random) => prefix.IsIPv4 ? $"192.0.2.{random.Next(1, 4)}" : $"fe80::{random.Next(1, 4)}";

    private static string[] Describe(RouteSetDiff d) =>
        d.Changes.Select(c => $"{c.Kind} {c.Before?.Canonical} -> {c.After?.Canonical} [{string.Join(",", c.Attributes.Select(a => $"{a.Attribute}:{a.Before ?? "(null)"}>{a.After ?? "(null)"}"))}]")
            .Order(StringComparer.Ordinal).ToArray();
}

public sealed class SqliteDiffReplayTests() : DiffReplayTests(DatabaseProvider.Sqlite);

/// <summary>SQLite through Microsoft.Data.Sqlite's reader, the path taken where the direct column reads are not available.</summary>
public sealed class SqliteColumnReaderDiffReplayTests() : DiffReplayTests(DatabaseProvider.Sqlite, directColumns: false);

public sealed class PostgresDiffReplayTests() : DiffReplayTests(DatabaseProvider.Postgres);
