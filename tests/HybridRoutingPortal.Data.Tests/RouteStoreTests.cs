using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>The store's contract, run against each provider (the same suite, the same answers).</summary>
public abstract class RouteStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string A = "/subscriptions/s/vantage/a";
    private const string B = "/subscriptions/s/vantage/b";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new(provider);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static Route R(string prefix, string nextHop, string path = "65001", long? weight = 0) =>
        new(IpPrefix.Parse(prefix), nextHop, AsPath.Parse(path), "EBgp", weight);

    private static readonly Route[] Baseline =
    [
        R("10.0.0.0/8", "10.100.0.4"), R("10.0.0.0/8", "10.100.0.5"), R("192.168.0.0/16", "10.100.0.4"), R("2001:db8::/32", "fe80::1"),
    ];

    private Task<IReadOnlyList<IngestResult>> Ingest(string vantage, int minute, params Route[] routes) =>
        _db.Store.IngestAsync([Observation.Ok(vantage, T0.AddMinutes(minute), routes)], CancellationToken.None);

    private Task<long> IntervalRows() => _db.ScalarAsync("SELECT COUNT(*) FROM RouteIntervals");

    [Fact]
    public async Task Pages_and_tables_of_routes_search_order_and_count_in_the_database()
    {
        var routes = Enumerable.Range(0, 40).Select(i => R($"10.{i % 4}.{i}.0/24", $"10.100.0.{(i % 3) + 4}", i % 2 == 0 ? "65001 65010" : "65002"))
            .Append(R("10.0.0.0/8", "10.100.0.9")).Append(R("2001:db8::/32", "fe80::1")).ToArray();
        await Ingest(A, 0, routes);
        await Ingest(B, 0, routes.Take(5).ToArray());
        var at = T0.AddMinutes(1);

        // Key-set pages walk the whole moment in prefix order, each row once.
        var paged = new List<RouteAt>();
        RoutePageKey? after = null;
        do
        {
            var page = await _db.Queries.RoutesPageAsync(A, at, null, after, 7, CancellationToken.None);
            paged.AddRange(page.Routes);
            after = page.Next;
        }
        while (after is not null);
        var all = await _db.Queries.RoutesAtAsync(A, at, null, CancellationToken.None);
        Assert.Equal(all.Select(r => r.Route.Canonical).Order(StringComparer.Ordinal), paged.Select(r => r.Route.Canonical).Order(StringComparer.Ordinal));
        Assert.Equal(paged.Select(r => r.Route.Prefix), paged.Select(r => r.Route.Prefix).Order());

        // Text search ignores case like SQLite's LIKE; an address searches covering routes.
        var byPath = await _db.Queries.RoutesTableAsync(null, at, null, "65010", RouteOrder.NextHop, true, 0, 5, CancellationToken.None);
        Assert.Equal(23, byPath.Total);
        Assert.Equal(5, byPath.Routes.Count);
        Assert.Equal(byPath.Routes.Select(r => r.Route.NextHop).OrderDescending(StringComparer.Ordinal), byPath.Routes.Select(r => r.Route.NextHop));
        Assert.Equal(47, (await _db.Queries.RoutesTableAsync(null, at, null, "ebgp", RouteOrder.Prefix, false, 0, 50, CancellationToken.None)).Total);
        var covering = await _db.Queries.RoutesTableAsync(A, at, null, "10.1.5.9", RouteOrder.Prefix, false, 0, 50, CancellationToken.None);
        Assert.Equal(["10.0.0.0/8", "10.1.5.0/24"], covering.Routes.Select(r => r.Route.Prefix.ToString()));
        var inside = await _db.Queries.RoutesTableAsync(A, at, new PrefixFilter(IpPrefix.Parse("10.2.0.0/16"), PrefixMatch.Inside), null, RouteOrder.Prefix, false, 0, 50, CancellationToken.None);
        Assert.Equal(10, inside.Total);
        var ipv6 = await _db.Queries.RoutesAtAsync(A, at, new PrefixFilter(IpPrefix.Parse("2001:db8:1::/48"), PrefixMatch.Covering), CancellationToken.None);
        Assert.Equal("2001:db8::/32", Assert.Single(ipv6).Route.Prefix.ToString());
        var vantage = await _db.Queries.RoutesTableAsync(null, at, null, "/VANTAGE/B", RouteOrder.Vantage, false, 0, 50, CancellationToken.None);
        Assert.Equal(5, vantage.Total);
    }

    [Fact]
    public async Task The_routes_a_poll_reports_as_stored_are_what_the_store_answers_for_that_moment()
    {
        await Ingest(A, 0, Baseline);
        var changed = Assert.Single(await Ingest(A, 5, [R("172.16.0.0/12", "10.100.0.4"), .. Baseline.Skip(1).Reverse(), R("10.0.0.0/8", "10.100.0.5", "65001 65001")]));
        var unchanged = Assert.Single(await Ingest(A, 10, [.. Baseline.Skip(1), R("10.0.0.0/8", "10.100.0.5", "65001 65001"), R("172.16.0.0/12", "10.100.0.4")]));

        foreach (var (result, minute) in new[] { (changed, 5), (unchanged, 10) })
        {
            var stored = await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(minute), null, CancellationToken.None);
            Assert.Equal(stored.Select(r => r.Route.Canonical).Order(StringComparer.Ordinal), result.Routes!.Select(r => r.Canonical).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_writer_that_another_instance_wrote_after_reads_the_open_intervals_again()
    {
        // Two stores on one database: the leader before a failover and the one after it, then the first leads again.
        var other = new RouteStore(_db.Factory);
        await Ingest(A, 0, Baseline);
        await other.IngestAsync([Observation.Ok(A, T0.AddMinutes(5), Baseline.Skip(1).ToArray())], CancellationToken.None);
        await Ingest(A, 10, [.. Baseline, R("172.16.0.0/12", "10.100.0.4")]);

        // One open interval per route, none left open twice: the first store did not close by what it remembered.
        Assert.Equal(5, await _db.ScalarAsync($"SELECT COUNT(*) FROM RouteIntervals WHERE ToTicks = {RouteIntervalRow.Open}"));
        var at5 = await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(7), null, CancellationToken.None);
        Assert.Equal(3, at5.Count);
        var at10 = await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(10), null, CancellationToken.None);
        Assert.Equal(5, at10.Count);
    }

    [Fact]
    public async Task An_unchanged_poll_writes_only_its_poll_row()
    {
        await Ingest(A, 0, Baseline);
        var intervals = await IntervalRows();
        var polls = await _db.ScalarAsync("SELECT COUNT(*) FROM Polls");

        var result = Assert.Single(await Ingest(A, 5, [.. Baseline.Reverse()]));

        Assert.True(result.Unchanged);
        Assert.Equal(0, result.RouteRowsWritten);
        Assert.Equal(intervals, await IntervalRows());
        Assert.Equal(polls + 1, await _db.ScalarAsync("SELECT COUNT(*) FROM Polls"));
        Assert.Equal(0, await _db.ScalarAsync("SELECT COUNT(*) FROM RouteIntervals WHERE ToPollId IS NOT NULL"));
    }

    [Fact]
    public async Task A_changed_poll_writes_only_the_changes()
    {
        await Ingest(A, 0, Baseline);
        var changed = Baseline.Select(r => r.Prefix.ToString() == "192.168.0.0/16" ? r with { AsPath = AsPath.Parse("65001 65001") } : r)
            .Where(r => r.NextHop != "10.100.0.5").Append(R("172.16.0.0/12", "10.100.0.4")).ToArray();

        var result = Assert.Single(await Ingest(A, 5, changed));

        // One attribute change (close + open), one ECMP path gone (close), one new prefix (open).
        Assert.Equal((1, 1, 1), (result.Added, result.Removed, result.Changed));
        Assert.Equal(4, result.RouteRowsWritten);
        Assert.Equal(Baseline.Length + 2, await IntervalRows());
    }

    [Fact]
    public async Task Effective_routes_keep_their_source_next_hop_type_and_state_and_a_state_change_is_a_change()
    {
        static Route Nic(string prefix, string source, string type, string nextHop, RouteState state) =>
            new(IpPrefix.Parse(prefix), nextHop, AsPath.Empty, source, NextHopType: type, State: state);
        Route[] before =
        [
            Nic("10.200.0.0/22", RouteOrigins.UserRoute, NextHopTypes.VirtualAppliance, "10.100.2.4", RouteState.Active),
            Nic("10.200.0.0/22", RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, "10.100.2.4", RouteState.Invalid),
            Nic("10.10.0.0/16", RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, "10.100.0.12", RouteState.Active),
            Nic("10.10.0.0/16", RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, "10.100.0.13", RouteState.Active),
            Nic("10.0.0.0/8", RouteOrigins.SystemRoute, NextHopTypes.None, "", RouteState.Active),
            Nic("10.0.0.0/8", RouteOrigins.SystemRoute, "SomethingAzureAddsLater", "", RouteState.Active),
        ];
        await Ingest(A, 0, before);
        var stored = (await _db.Queries.RoutesAtAsync(A, T0, null, CancellationToken.None)).Select(r => r.Route).ToArray();
        Assert.Equal(before.Select(r => r.Canonical).Order(StringComparer.Ordinal), stored.Select(r => r.Canonical).Order(StringComparer.Ordinal));

        var after = before.Select(r => r.Prefix == IpPrefix.Parse("10.10.0.0/16") ? r with { State = RouteState.Invalid } : r).ToArray();
        var result = Assert.Single(await Ingest(A, 5, after));
        Assert.Equal((0, 0, 2), (result.Added, result.Removed, result.Changed));
        Assert.True(Assert.Single(await Ingest(A, 10, after)).Unchanged);
        var diff = Assert.Single(await _db.Queries.DiffAsync(T0, T0.AddMinutes(5), A, CancellationToken.None));
        Assert.All(diff.Diff.Changes, c => Assert.Equal("state", Assert.Single(c.Attributes).Attribute));
    }

    [Fact]
    public async Task Timeline_pages_of_lanes_add_up_to_the_whole_timeline()
    {
        var routes = Enumerable.Range(0, 12).Select(i => R($"10.{i}.0.0/16", "10.100.0.4")).Append(R("2001:db8::/32", "fe80::1")).ToArray();
        await Ingest(A, 0, routes);
        await Ingest(B, 0, routes.Take(7).ToArray());
        await Ingest(A, 5, routes.Skip(3).ToArray());
        _ = await _db.Store.IngestAsync([Observation.Failed(B, T0.AddMinutes(5), FailureReason.Throttled, "429")], CancellationToken.None);
        var filter = new PrefixFilter(IpPrefix.Parse("0.0.0.0/0"), PrefixMatch.Inside);
        var (from, to) = (T0.AddMinutes(-1), T0.AddMinutes(10));
        var whole = await _db.Queries.TimelineAsync(filter, from, to, null, CancellationToken.None);

        var lanes = new List<TimelineLane>();
        TimelineLaneKey? after = null;
        do
        {
            var page = await _db.Queries.TimelinePageAsync(filter, from, to, null, after, 4, CancellationToken.None);
            Assert.True(page.Timeline.Lanes.Count <= 4);
            lanes.AddRange(page.Timeline.Lanes);
            after = page.Next;
        }
        while (after is not null);

        static string Lane(TimelineLane l) =>
            $"{l.VantageId} {l.Prefix} {string.Join(",", l.Spans.Select(s => $"{s.Route.Canonical}@{s.From:O}-{s.To:O}"))} failed:{l.FailedPolls.Count}";
        Assert.Equal(19, whole.Lanes.Count);
        Assert.Equal(whole.Lanes.Select(Lane).Order(StringComparer.Ordinal), lanes.Select(Lane).Order(StringComparer.Ordinal));
        Assert.Contains(lanes, l => l.VantageId == B && l.FailedPolls.Count == 1);
    }

    [Fact]
    public async Task A_failed_poll_keeps_every_interval_and_the_last_known_routes()
    {
        await Ingest(A, 0, Baseline);
        var before = await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(1), null, CancellationToken.None);

        var failed = Assert.Single(await _db.Store.IngestAsync(
            [Observation.Failed(A, T0.AddMinutes(5), FailureReason.Throttled, "429")], CancellationToken.None));

        Assert.Equal(ObservationStatus.Failed, failed.Status);
        var after = await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(6), null, CancellationToken.None);
        Assert.Equal(before.Select(r => r.Route), after.Select(r => r.Route));
        var state = (await _db.Queries.VantagePointAsync(A, CancellationToken.None))!;
        Assert.Equal((ObservationStatus.Failed, FailureReason.Throttled, 1, Baseline.Length),
            (state.LastStatus, state.LastFailureReason, state.ConsecutiveFailures, state.RouteCount));
        Assert.Equal(T0, state.LastSuccessAt);

        // The next good poll with the same routes is still "unchanged": the failure broke nothing.
        Assert.True(Assert.Single(await Ingest(A, 10, Baseline)).Unchanged);
        Assert.Equal(0, (await _db.Queries.VantagePointAsync(A, CancellationToken.None))!.ConsecutiveFailures);
    }

    [Fact]
    public async Task An_empty_ok_poll_is_a_real_withdrawal_unlike_a_failed_one()
    {
        await Ingest(A, 0, Baseline);
        await Ingest(A, 5);
        Assert.Empty(await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(6), null, CancellationToken.None));
        Assert.Equal(Baseline.Length, (await _db.Queries.RoutesAtAsync(A, T0.AddMinutes(4), null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task History_is_append_only()
    {
        await Ingest(A, 10, Baseline);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ingest(A, 5, Baseline));
    }

    [Fact]
    public async Task Containment_search_finds_routes_inside_and_covering_a_prefix()
    {
        await Ingest(A, 0,
            R("0.0.0.0/0", "x"), R("10.0.0.0/8", "x"), R("10.200.0.0/15", "x"), R("10.200.4.0/22", "x"), R("10.201.10.0/24", "x"),
            R("11.0.0.0/8", "x"), R("2001:db8::/32", "x"), R("2001:db8:100::/48", "x"), R("2001:db9::/32", "x"));
        async Task<string[]> Find(string prefix, PrefixMatch match) =>
            (await _db.Queries.RoutesAtAsync(null, T0.AddMinutes(1), new PrefixFilter(IpPrefix.Parse(prefix), match), CancellationToken.None))
            .Select(r => r.Route.Prefix.ToString()).Order().ToArray();

        Assert.Equal(["10.0.0.0/8", "10.200.0.0/15", "10.200.4.0/22", "10.201.10.0/24"], await Find("10.0.0.0/8", PrefixMatch.Inside));
        Assert.Equal(["10.200.0.0/15", "10.200.4.0/22", "10.201.10.0/24"], await Find("10.200.0.0/15", PrefixMatch.Inside));
        Assert.Equal(["0.0.0.0/0", "10.0.0.0/8", "10.200.0.0/15", "10.200.4.0/22"], await Find("10.200.5.0/24", PrefixMatch.Covering));
        Assert.Equal(["0.0.0.0/0", "10.0.0.0/8", "10.200.0.0/15", "10.200.4.0/22"], await Find("10.200.5.9/32", PrefixMatch.Covering));
        Assert.Equal(["2001:db8:100::/48", "2001:db8::/32"], await Find("2001:db8::/32", PrefixMatch.Inside));
        Assert.Equal(["2001:db8::/32"], await Find("2001:db8:ffff::/48", PrefixMatch.Covering));
        Assert.Equal(["10.200.4.0/22"], await Find("10.200.4.0/22", PrefixMatch.Exact));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Pruning_removes_only_what_ended_before_the_cutoff_and_answers_inside_the_window_stay_the_same(int seed)
    {
        var random = new Random(seed);
        var universe = Enumerable.Range(0, 20).Select(i => i % 4 == 3 ? IpPrefix.Parse($"2001:db8:{i:x}::/48") : IpPrefix.Parse($"10.{i}.0.0/16")).ToArray();
        for (var poll = 0; poll < 48; poll++)
        {
            foreach (var vantage in new[] { A, B })
            {
                var at = T0.AddMinutes(poll * 5);
                var observation = random.NextDouble() < 0.1
                    ? Observation.Failed(vantage, at, FailureReason.Timeout, "slow")
                    : Observation.Ok(vantage, at, universe.Where(_ => random.NextDouble() < 0.7)
                        .Select(p => new Route(p, "192.0.2.1", AsPath.Of(65001, 65000 + random.Next(2)), "EBgp", 0)).ToArray());
                await _db.Store.IngestAsync([observation], CancellationToken.None);
            }
        }

        var cutoff = T0.AddMinutes(120);
        var moments = Enumerable.Range(0, 25).Select(i => cutoff.AddMinutes(i * 5 + 2)).Prepend(cutoff).ToArray();
        async Task<string[]> Answers()
        {
            var answers = new List<string>();
            foreach (var t in moments)
            {
                answers.AddRange((await _db.Queries.RoutesAtAsync(null, t, null, CancellationToken.None)).Select(r => $"{t:O} {r.VantageId} {r.Route.Canonical}"));
            }

            foreach (var d in await _db.Queries.DiffAsync(cutoff, moments[^1], null, CancellationToken.None))
            {
                answers.AddRange(d.Diff.Changes.Select(c => $"diff {d.VantageId} {c.Kind} {c.Before?.Canonical} {c.After?.Canonical}"));
            }

            var timeline = await _db.Queries.TimelineAsync(new PrefixFilter(IpPrefix.Parse("10.0.0.0/8"), PrefixMatch.Inside), cutoff, moments[^1], null, CancellationToken.None);
            answers.AddRange(timeline.Lanes.SelectMany(l => l.Spans.Select(s => $"span {l.VantageId} {s.Route.Canonical} {(s.From < cutoff ? "before" : s.From.ToString("O"))} {s.To:O}")));
            return answers.Order(StringComparer.Ordinal).ToArray();
        }

        var before = await Answers();
        var expiredIntervals = await _db.ScalarAsync($"SELECT COUNT(*) FROM RouteIntervals WHERE ToTicks < {cutoff.UtcTicks}");
        var totalIntervals = await IntervalRows();
        var expiredPolls = await _db.ScalarAsync($"SELECT COUNT(*) FROM Polls WHERE PolledAt < {cutoff.UtcTicks}");
        Assert.True(expiredIntervals > 0 && expiredPolls > 0);

        var pruned = await _db.Store.PruneAsync(cutoff, batchSize: 7, CancellationToken.None);

        Assert.Equal(expiredIntervals, pruned.Intervals);
        Assert.Equal(expiredPolls, pruned.Polls);
        Assert.Equal(totalIntervals - expiredIntervals, await IntervalRows());
        Assert.Equal(0, await _db.ScalarAsync($"SELECT COUNT(*) FROM Polls WHERE PolledAt < {cutoff.UtcTicks}"));
        Assert.Equal(before, await Answers());
        Assert.Equal(0, (await _db.Store.PruneAsync(cutoff, 7, CancellationToken.None)).Intervals);
    }

    [Fact]
    public async Task A_timeline_marks_attribute_changes_and_failed_polls()
    {
        await Ingest(A, 0, R("10.1.0.0/16", "x", "65001"));
        await Ingest(A, 5, R("10.1.0.0/16", "x", "65002 65001"));
        await _db.Store.IngestAsync([Observation.Failed(A, T0.AddMinutes(10), FailureReason.Throttled, "429")], CancellationToken.None);
        await Ingest(A, 15);
        var timeline = await _db.Queries.TimelineAsync(new PrefixFilter(IpPrefix.Parse("10.1.0.0/16"), PrefixMatch.Exact), T0, T0.AddMinutes(30), null, CancellationToken.None);
        var lane = Assert.Single(timeline.Lanes);
        Assert.Equal([T0.AddMinutes(5)], lane.AttributeChanges);
        Assert.Equal([T0.AddMinutes(10)], lane.FailedPolls);
        Assert.Equal([(T0, (DateTimeOffset?)T0.AddMinutes(5)), (T0.AddMinutes(5), T0.AddMinutes(15))], lane.Spans.Select(s => (s.From, s.To)));
    }

    [Fact]
    public async Task Polls_are_listed_newest_first_with_status_and_counts()
    {
        await Ingest(A, 0, Baseline);
        await _db.Store.IngestAsync([Observation.Failed(A, T0.AddMinutes(5), FailureReason.Timeout, "slow")], CancellationToken.None);
        await Ingest(A, 10, Baseline[..2]);
        var polls = await _db.Queries.PollsAsync(A, null, null, 10, CancellationToken.None);
        Assert.Equal([ObservationStatus.Ok, ObservationStatus.Failed, ObservationStatus.Ok], polls.Select(p => p.Status));
        Assert.Equal(2, polls[0].Removed);
        Assert.Equal(Baseline.Length, polls[2].Added);
        Assert.Equal(FailureReason.Timeout, polls[1].FailureReason);
    }

    [Fact]
    public async Task Topology_snapshots_are_written_only_when_the_topology_changes()
    {
        var vp = new VantagePoint(A, VantageKind.GatewayLearned, "gw", "n1", A);
        var topo = new Topology([new TopologyNode("n1", NodeKind.ExpressRouteGateway, "gw")], []);
        await _db.Store.RegisterAsync([vp], topo, T0, CancellationToken.None);
        await _db.Store.RegisterAsync([vp], topo, T0.AddMinutes(5), CancellationToken.None);
        var changed = topo with { Nodes = [.. topo.Nodes, new TopologyNode("n2", NodeKind.RouteServer, "rs")] };
        await _db.Store.RegisterAsync([vp], changed, T0.AddMinutes(10), CancellationToken.None);

        Assert.Equal(2, await _db.ScalarAsync("SELECT COUNT(*) FROM TopologySnapshots"));
        Assert.Single((await _db.Queries.TopologyAtAsync(T0.AddMinutes(7), CancellationToken.None))!.Nodes);
        Assert.Equal(2, (await _db.Queries.TopologyAtAsync(T0.AddMinutes(11), CancellationToken.None))!.Nodes.Count);
    }

    /// <summary>
    /// Random multi-poll histories (ECMP, attribute changes, IPv6, failures, empty polls) against a
    /// brute-force replay of the raw observations: routes at T and diffs must agree exactly.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Routes_at_T_and_diffs_equal_a_replay_of_the_raw_observations(int seed)
    {
        var random = new Random(seed);
        var universe = Enumerable.Range(0, 30).Select(i => i % 5 == 4
                ? IpPrefix.Parse($"2001:db8:{i:x}::/48")
                : IpPrefix.Parse($"10.{i % 3}.{i}.0/24"))
            .ToArray();
        var history = new Dictionary<string, List<Observation>> { [A] = [], [B] = [] };

        for (var poll = 0; poll < 60; poll++)
        {
            foreach (var vantage in new[] { A, B })
            {
                var at = T0.AddMinutes((poll * 5) + (vantage == B ? 1 : 0));
                Observation observation;
                var roll = random.NextDouble();
                if (roll < 0.15)
                {
                    observation = Observation.Failed(vantage, at, FailureReason.Throttled, "429");
                }
                else if (roll < 0.2)
                {
                    observation = Observation.Ok(vantage, at, []);
                }
                else if (roll < 0.5 && history[vantage].LastOrDefault(o => o.Status == ObservationStatus.Ok) is { } previous)
                {
                    observation = Observation.Ok(vantage, at, previous.Routes); // unchanged
                }
                else
                {
                    var routes = new List<Route>();
                    foreach (var prefix in universe.Where(_ => random.NextDouble() < 0.6))
                    {
                        var paths = random.Next(1, 3); // ECMP
                        for (var p = 0; p < paths; p++)
                        {
                            routes.Add(new Route(prefix, $"192.0.2.{random.Next(1, 4)}", AsPath.Of(65001, 65000 + random.Next(0, 3)), "EBgp", random.Next(0, 2) * 100));
                        }
                    }

                    observation = Observation.Ok(vantage, at, routes);
                }

                history[vantage].Add(observation);
                await _db.Store.IngestAsync([observation], CancellationToken.None);
            }
        }

        IReadOnlyList<Route> Replay(string vantage, DateTimeOffset t) =>
            RouteSet.Normalise(history[vantage].LastOrDefault(o => o.PolledAt <= t && o.Status == ObservationStatus.Ok)?.Routes ?? []);

        var moments = Enumerable.Range(-1, 62).Select(i => T0.AddMinutes((i * 5) + random.Next(0, 5))).ToArray();
        foreach (var t in moments)
        {
            foreach (var vantage in new[] { A, B })
            {
                var stored = (await _db.Queries.RoutesAtAsync(vantage, t, null, CancellationToken.None)).Select(r => r.Route.Canonical);
                Assert.Equal(Replay(vantage, t).Select(r => r.Canonical), stored);
            }
        }

        for (var i = 0; i < 40; i++)
        {
            var t1 = moments[random.Next(moments.Length)];
            var t2 = moments[random.Next(moments.Length)];
            (t1, t2) = t1 <= t2 ? (t1, t2) : (t2, t1);
            var diffs = await _db.Queries.DiffAsync(t1, t2, null, CancellationToken.None);
            foreach (var vantage in new[] { A, B })
            {
                var expected = RouteDiff.Compute(Replay(vantage, t1), Replay(vantage, t2));
                var actual = diffs.FirstOrDefault(d => d.VantageId == vantage)?.Diff ?? RouteSetDiff.None;
                Assert.Equal(Describe(expected), Describe(actual));
            }
        }

        // Timelines: for every prefix, the presence at each moment equals the replay.
        var timeline = await _db.Queries.TimelineAsync(new PrefixFilter(IpPrefix.Parse("10.0.0.0/8"), PrefixMatch.Inside), moments[0], moments[^1], null, CancellationToken.None);
        var timeline6 = await _db.Queries.TimelineAsync(new PrefixFilter(IpPrefix.Parse("2001:db8::/32"), PrefixMatch.Inside), moments[0], moments[^1], null, CancellationToken.None);
        var lanes = timeline.Lanes.Concat(timeline6.Lanes).ToArray();
        foreach (var t in moments)
        {
            foreach (var vantage in new[] { A, B })
            {
                var expected = Replay(vantage, t).Select(r => r.Canonical).Order(StringComparer.Ordinal);
                var fromTimeline = lanes.Where(l => l.VantageId == vantage).SelectMany(l => l.Spans)
                    .Where(s => s.From <= t && (s.To is null || s.To > t)).Select(s => s.Route.Canonical).Order(StringComparer.Ordinal);
                Assert.Equal(expected, fromTimeline);
            }
        }

        static string[] Describe(RouteSetDiff d) =>
            d.Changes.Select(c => $"{c.Kind} {c.Before?.Canonical} -> {c.After?.Canonical}").Order(StringComparer.Ordinal).ToArray();
    }
}

public sealed class SqliteRouteStoreTests() : RouteStoreTests(DatabaseProvider.Sqlite);

public sealed class PostgresRouteStoreTests() : RouteStoreTests(DatabaseProvider.Postgres);
