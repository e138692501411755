using System.Text;
using System.Text.Json;
using HybridRoutingPortal.Core;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Data;

/// <summary>
/// Time-travel queries over the interval store: state at T, diffs, poll lists and containment search.
/// Each is a range query on the interval indexes, never a replay of polls.
/// </summary>
public sealed partial class RoutingQueries(IDbContextFactory<RoutingDbContext> contextFactory)
{
    private SqlDialect? _dialect;

    public async Task<IReadOnlyList<VantageState>> VantagePointsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.VantagePoints.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.Ordinal).Select(ToState).ToArray();
    }

    public async Task<VantageState?> VantagePointAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.VantagePoints.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        return row is null ? null : ToState(row);
    }

    public async Task<HistoryRange> HistoryAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var count = await db.Polls.LongCountAsync(cancellationToken);
        if (count == 0)
        {
            return new HistoryRange(null, null, 0);
        }

        var first = await db.Polls.MinAsync(p => p.PolledAt, cancellationToken);
        var last = await db.Polls.MaxAsync(p => p.PolledAt, cancellationToken);
        return new HistoryRange(Time(first), Time(last), count);
    }

    /// <summary>Routes present at <paramref name="at"/>: the last known state, carried across failed polls.</summary>
    public async Task<IReadOnlyList<RouteAt>> RoutesAtAsync(string? vantageId, DateTimeOffset at, PrefixFilter? filter, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(
            $"SELECT v.Id, {Prefixed("ri", IntervalReader.RouteColumns)}, ri.FromTicks FROM RouteIntervals ri JOIN VantagePoints v ON v.Key = ri.VantageKey " +
            // The unary + keeps SQLite on the ToTicks index, as for the diff: the routes alive at T are at its end.
            "WHERE ri.ToTicks > @t AND +ri.FromTicks <= @t");
        var parameters = new List<QueryParameter> { new("@t", at.UtcTicks) };
        AddVantage(sql, parameters, vantageId);
        AddPrefixFilter(sql, parameters, filter, await DialectAsync(cancellationToken));

        var rows = await ReadAsync(sql.ToString(), parameters, r =>
            new RouteAt(r.GetString(0), IntervalReader.ReadRoute(r, 1), Time(r.GetInt64(1 + IntervalReader.RouteColumnCount))), cancellationToken);
        return rows.OrderBy(x => x.VantageId, StringComparer.Ordinal).ThenBy(x => x.Route, StoredRouteComparer).ToArray();
    }

    /// <summary>The order routes come in from <see cref="RoutesAtAsync"/> within a vantage point: prefix, next hop, local address.</summary>
    public static IOrderedEnumerable<Route> InRouteOrder(IEnumerable<Route> routes) => routes.OrderBy(r => r, StoredRouteComparer);

    private static readonly IComparer<Route> StoredRouteComparer = Comparer<Route>.Create((a, b) =>
    {
        var c = a.Prefix.CompareTo(b.Prefix);
        c = c != 0 ? c : string.CompareOrdinal(a.NextHop, b.NextHop);
        return c != 0 ? c : string.CompareOrdinal(a.LocalAddress, b.LocalAddress);
    });

    /// <summary>
    /// What changed between two moments, per vantage point. Only intervals that ended or began inside
    /// (from, to] are read: routes present at both ends never leave the index.
    /// </summary>
    public async Task<IReadOnlyList<VantageDiff>> DiffAsync(DateTimeOffset from, DateTimeOffset to, string? vantageId, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentException("The end of a comparison must not be before its start.", nameof(to));
        }

        var vantages = await ReadAsync("SELECT Key, Id, Name FROM VantagePoints", [], r => (Key: r.GetInt32(0), Id: r.GetString(1), Name: r.GetString(2)), cancellationToken);
        int? vantageKey = null;
        if (vantageId is not null)
        {
            var match = vantages.Find(v => v.Id == vantageId);
            if (match.Id is null)
            {
                return [];
            }

            vantageKey = match.Key;
        }

        var keys = vantageKey is { } only ? [only] : vantages.Select(v => v.Key).ToArray();
        using var diff = (await DialectAsync(cancellationToken)).IsPostgres
            ? await PostgresWindowAsync(from.UtcTicks, to.UtcTicks, vantageKey, cancellationToken)
            : await SqliteWindowAsync(from.UtcTicks, to.UtcTicks, keys, cancellationToken);
        var byKey = vantages.ToDictionary(v => v.Key);
        return diff.Build()
            .Select(d => new VantageDiff(byKey[d.VantageKey].Id, byKey[d.VantageKey].Name, d.Diff))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToArray();
    }

    private async Task<WindowDiff> SqliteWindowAsync(long from, long to, int[] vantageKeys, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // One deferred (read) transaction: both sides of every vantage point from the same snapshot, even while a poll is
        // being stored; deferred, so it never takes the write lock from the poller.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var snapshot = connection.BeginTransaction(deferred: true);
        var window = new SqliteDiffWindow(connection, snapshot, from, to)
        {
            UseDirectColumns = UseDirectSqliteColumns && SqliteColumns.Available,
        };
        return await window.ReadAsync(vantageKeys, cancellationToken);
    }

    /// <summary>Whether SQLite diffs read columns straight from the statement (<see cref="SqliteColumns"/>); tests turn it off to compare.</summary>
    internal bool UseDirectSqliteColumns { get; init; } = true;

    /// <summary>
    /// The diff window on PostgreSQL: the same two sides (ended inside it, began inside it) in one query, paired by the
    /// same <see cref="WindowDiff"/> as on SQLite (text interned, a route built only for a row in the answer).
    /// PostgreSQL sends a row's columns in one message; the "began" side is an index-only scan on the covering
    /// (VantageKey, FromTicks, ToTicks) index.
    /// </summary>
    private async Task<WindowDiff> PostgresWindowAsync(long from, long to, int? vantageKey, CancellationToken cancellationToken)
    {
        var parameters = new List<QueryParameter> { new("@t1", from), new("@t2", to) };
        // Every vantage point: one index range per vantage key (the time indexes lead with it), through the join.
        var source = "VantagePoints v JOIN RouteIntervals ri ON ri.VantageKey = v.Key";
        var vantage = "";
        if (vantageKey is { } key)
        {
            source = "RouteIntervals ri";
            vantage = "ri.VantageKey = @k AND ";
            parameters.Add(new QueryParameter("@k", key));
        }

        const string Columns = "ri.VantageKey, ri.Network, " + WindowDiff.RouteColumns;
        var sql =
            $"SELECT 0, {Columns} FROM {source} WHERE {vantage}ri.FromTicks <= @t1 AND ri.ToTicks > @t1 AND ri.ToTicks <= @t2 " +
            "UNION ALL " +
            $"SELECT 1, {Columns} FROM {source} WHERE {vantage}ri.FromTicks > @t1 AND ri.FromTicks <= @t2 AND ri.ToTicks > @t2";
        var diff = new WindowDiff();
        try
        {
            await ReadAsync(sql, parameters, r =>
            {
                diff.AddColumns(r.GetInt32(0) == 1, r.GetInt32(1), r.GetFieldValue<byte[]>(2), r, 3);
                return true;
            }, cancellationToken);
            return diff;
        }
        catch
        {
            diff.Dispose();
            throw;
        }
    }

    /// <summary>
    /// When and where routes inside (or exactly) a prefix were present between two moments: one lane per
    /// vantage point and prefix, its spans clipped to the window, attribute changes (a span ending where
    /// another of the same route begins) and the polls that failed (times the lane was unknown).
    /// </summary>
    public async Task<PrefixTimeline> TimelineAsync(PrefixFilter filter, DateTimeOffset from, DateTimeOffset to, string? vantageId, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            throw new ArgumentException("The end of a timeline must not be before its start.", nameof(to));
        }

        var where = new StringBuilder(TimelineWindow);
        var parameters = new List<QueryParameter> { new("@from", from.UtcTicks), new("@to", to.UtcTicks) };
        AddVantage(where, parameters, vantageId);
        AddPrefixFilter(where, parameters, filter, await DialectAsync(cancellationToken));
        return await TimelineWhereAsync(filter, from, to, where.ToString(), parameters, cancellationToken);
    }

    // The unary + keeps SQLite off the time indexes: a prefix is far more selective than a 30-day window.
    private const string TimelineWindow = "WHERE +ri.FromTicks <= @to AND +ri.ToTicks > @from";

    /// <summary>The timeline of the intervals <paramref name="where"/> selects, as lanes.</summary>
    private async Task<PrefixTimeline> TimelineWhereAsync(PrefixFilter filter, DateTimeOffset from, DateTimeOffset to, string where,
        List<QueryParameter> parameters, CancellationToken cancellationToken)
    {
        var sql =
            $"SELECT v.Id, {Prefixed("ri", IntervalReader.RouteColumns)}, ri.FromTicks, ri.ToTicks FROM RouteIntervals ri JOIN VantagePoints v ON v.Key = +ri.VantageKey {where}";
        var spans = await ReadAsync(sql, parameters, r => new RouteSpan(
            r.GetString(0), IntervalReader.ReadRoute(r, 1), Time(r.GetInt64(1 + IntervalReader.RouteColumnCount)),
            r.GetInt64(2 + IntervalReader.RouteColumnCount) is var end && end == RouteIntervalRow.Open ? null : Time(end)), cancellationToken);

        var names = (await VantagePointsAsync(cancellationToken)).ToDictionary(v => v.Id, v => v.Name);
        var vantages = spans.Select(s => s.VantageId).Distinct().ToArray();
        var failed = await FailedPollsAsync(vantages, from, to, cancellationToken);
        var lanes = spans.GroupBy(s => (s.VantageId, s.Route.Prefix))
            .Select(g =>
            {
                var ordered = g.OrderBy(s => s.From).ToArray();
                // An attribute change: the same route key closes and reopens at the same poll.
                var changes = ordered.Where(a => a.To is { } end && ordered.Any(b => b.From == end && b.Route.Key == a.Route.Key))
                    .Select(a => a.To!.Value).Distinct().Order().ToArray();
                return new TimelineLane(g.Key.VantageId, names.GetValueOrDefault(g.Key.VantageId, g.Key.VantageId), g.Key.Prefix, ordered, changes,
                    failed.GetValueOrDefault(g.Key.VantageId, []));
            })
            .OrderBy(l => l.Prefix).ThenBy(l => l.VantageName, StringComparer.Ordinal)
            .ToArray();
        return new PrefixTimeline(filter.Prefix, filter.Match, from, to, lanes);
    }

    private async Task<Dictionary<string, IReadOnlyList<DateTimeOffset>>> FailedPollsAsync(string[] vantageIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (vantageIds.Length == 0)
        {
            return [];
        }

        var (start, end) = (from.UtcTicks, to.UtcTicks);
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.Polls.AsNoTracking()
            .Join(db.VantagePoints, p => p.VantageKey, v => v.Key, (p, v) => new { v.Id, p.Status, p.PolledAt })
            .Where(x => vantageIds.Contains(x.Id) && x.Status == (int)ObservationStatus.Failed && x.PolledAt >= start && x.PolledAt <= end)
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => (IReadOnlyList<DateTimeOffset>)g.Select(r => Time(r.PolledAt)).Order().ToArray());
    }

    /// <summary>Route counts of the successful polls of a vantage point, at most <paramref name="maxPoints"/> (the peak of each bucket).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, int Count)>> RouteCountsAsync(string vantageId, DateTimeOffset from, DateTimeOffset to, int maxPoints, CancellationToken cancellationToken)
    {
        var (start, end) = (from.UtcTicks, to.UtcTicks);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Polls.AsNoTracking()
            .Join(db.VantagePoints, p => p.VantageKey, v => v.Key, (p, v) => new { v.Id, p.Status, p.PolledAt, p.RouteCount })
            .Where(x => x.Id == vantageId && x.Status == (int)ObservationStatus.Ok && x.PolledAt >= start && x.PolledAt <= end)
            .OrderBy(x => x.PolledAt).Select(x => new { x.PolledAt, x.RouteCount }).ToListAsync(cancellationToken);
        if (rows.Count <= maxPoints)
        {
            return rows.Select(r => (Time(r.PolledAt), r.RouteCount)).ToArray();
        }

        var bucket = (end - start) / maxPoints + 1;
        return rows.GroupBy(r => (r.PolledAt - start) / bucket)
            .Select(g => (Time(g.First().PolledAt), g.Max(r => r.RouteCount))).ToArray();
    }

    public async Task<IReadOnlyList<PollInfo>> PollsAsync(string? vantageId, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = from p in db.Polls.AsNoTracking()
                    join v in db.VantagePoints on p.VantageKey equals v.Key
                    select new { p, v.Id };
        if (vantageId is not null)
        {
            query = query.Where(x => x.Id == vantageId);
        }

        if (from is { } f)
        {
            query = query.Where(x => x.p.PolledAt >= f.UtcTicks);
        }

        if (to is { } t)
        {
            query = query.Where(x => x.p.PolledAt <= t.UtcTicks);
        }

        var rows = await query.OrderByDescending(x => x.p.PolledAt).ThenByDescending(x => x.p.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(x => ToPoll(x.p, x.Id)).ToArray();
    }

    /// <summary>The most recent polls that changed something, across the estate.</summary>
    public async Task<IReadOnlyList<PollInfo>> LatestChangesAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from p in db.Polls.AsNoTracking()
                          join v in db.VantagePoints on p.VantageKey equals v.Key
                          where p.Added + p.Removed + p.Changed > 0 || p.Status == (int)ObservationStatus.Failed
                          orderby p.PolledAt descending, p.Id descending
                          select new { p, v.Id }).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(x => ToPoll(x.p, x.Id)).ToArray();
    }

    public async Task<PollInfo?> PollAsync(long pollId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from p in db.Polls.AsNoTracking()
                         join v in db.VantagePoints on p.VantageKey equals v.Key
                         where p.Id == pollId
                         select new { p, v.Id }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToPoll(row.p, row.Id);
    }

    /// <summary>What one poll changed, relative to the state just before it.</summary>
    public async Task<RouteSetDiff> PollChangesAsync(PollInfo poll, CancellationToken cancellationToken)
    {
        var diffs = await DiffAsync(poll.PolledAt.AddTicks(-1), poll.PolledAt, poll.VantageId, cancellationToken);
        return diffs.FirstOrDefault()?.Diff ?? RouteSetDiff.None;
    }

    /// <summary>
    /// Each vantage point's state as of a moment: its last poll at or before it (status) and the route
    /// count of its last successful poll then. One grouped query, not a replay.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, VantageMoment>> VantageMomentsAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT v.Id, " +
            "(SELECT p.Status FROM Polls p WHERE p.VantageKey = v.Key AND p.PolledAt <= @t ORDER BY p.PolledAt DESC, p.Id DESC LIMIT 1), " +
            "(SELECT p.PolledAt FROM Polls p WHERE p.VantageKey = v.Key AND p.PolledAt <= @t ORDER BY p.PolledAt DESC, p.Id DESC LIMIT 1), " +
            "(SELECT p.RouteCount FROM Polls p WHERE p.VantageKey = v.Key AND p.PolledAt <= @t AND p.Status = 0 ORDER BY p.PolledAt DESC, p.Id DESC LIMIT 1), " +
            "(SELECT p.PolledAt FROM Polls p WHERE p.VantageKey = v.Key AND p.PolledAt <= @t AND p.Status = 0 ORDER BY p.PolledAt DESC, p.Id DESC LIMIT 1) " +
            "FROM VantagePoints v";
        var rows = await ReadAsync(sql, [new QueryParameter("@t", at.UtcTicks)], r => new VantageMoment(
            r.GetString(0),
            r.IsDBNull(1) ? null : (ObservationStatus)r.GetInt32(1),
            r.IsDBNull(2) ? null : Time(r.GetInt64(2)),
            r.IsDBNull(3) ? 0 : r.GetInt32(3),
            r.IsDBNull(4) ? null : Time(r.GetInt64(4))), cancellationToken);
        return rows.ToDictionary(m => m.VantageId);
    }

    public async Task<Topology?> TopologyAtAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.TopologySnapshots.AsNoTracking().Where(t => t.AtTicks <= at.UtcTicks)
            .OrderByDescending(t => t.AtTicks).ThenByDescending(t => t.Id).Select(t => t.Json).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<Topology>(json, StoreJson.Options);
    }

    private static void AddVantage(StringBuilder sql, List<QueryParameter> parameters, string? vantageId)
    {
        if (vantageId is not null)
        {
            sql.Append(" AND v.Id = @vid");
            if (!parameters.Exists(p => p.Name == "@vid"))
            {
                parameters.Add(new QueryParameter("@vid", vantageId));
            }
        }
    }

    private static void AddPrefixFilter(StringBuilder sql, List<QueryParameter> parameters, PrefixFilter? filter, SqlDialect dialect)
    {
        if (filter is null)
        {
            return;
        }

        var p = filter.Prefix;
        if (dialect.IsPostgres && filter.Match is PrefixMatch.Inside or PrefixMatch.Covering)
        {
            // cidr containment (<<= inside or equal, >>= covering or equal) on the GiST inet_ops index.
            sql.Append(filter.Match == PrefixMatch.Inside ? " AND ri.Prefix <<= CAST(@cidr AS cidr)" : " AND ri.Prefix >>= CAST(@cidr AS cidr)");
            parameters.Add(new QueryParameter("@cidr", SqlDialect.Cidr(p)));
            return;
        }

        parameters.Add(new QueryParameter("@fam", p.IsIPv4 ? 4 : 6));
        switch (filter.Match)
        {
            case PrefixMatch.Inside:
                // Inside P: network address within P's range and at least as long.
                sql.Append(" AND ri.Family = @fam AND ri.Network >= @start AND ri.Network <= @end AND ri.PrefixLength >= @len");
                parameters.Add(new QueryParameter("@start", p.StartBytes));
                parameters.Add(new QueryParameter("@end", p.EndBytes));
                parameters.Add(new QueryParameter("@len", p.Length));
                break;
            case PrefixMatch.Exact:
                sql.Append(" AND ri.Family = @fam AND ri.Network = @start AND ri.PrefixLength = @len");
                parameters.Add(new QueryParameter("@start", p.StartBytes));
                parameters.Add(new QueryParameter("@len", p.Length));
                break;
            case PrefixMatch.Covering:
                // Covering P: one of P's supernets, each an exact (network, length) probe on the index.
                var terms = new List<string>();
                var i = 0;
                foreach (var super in p.Supernets())
                {
                    terms.Add($"(ri.Network = @n{i} AND ri.PrefixLength = {super.Length})");
                    parameters.Add(new QueryParameter($"@n{i}", super.StartBytes));
                    i++;
                }

                sql.Append(" AND ri.Family = @fam AND (").Append(string.Join(" OR ", terms)).Append(')');
                break;
        }
    }

    private async Task<List<T>> ReadAsync<T>(string sql, List<QueryParameter> parameters, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = SqlDialect.Command(connection, null, sql, parameters);
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(map(reader));
        }

        return list;
    }

    /// <summary>Which engine answers (asked once: one factory serves one database).</summary>
    private async ValueTask<SqlDialect> DialectAsync(CancellationToken ct)
    {
        if (_dialect is null)
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            _dialect = SqlDialect.Of(db);
        }

        return _dialect;
    }

    private static string Prefixed(string alias, string columns) =>
        string.Join(", ", columns.Split(", ").Select(c => $"{alias}.{c}"));

    internal static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static PollInfo ToPoll(PollRow p, string vantageId) =>
        new(p.Id, vantageId, Time(p.PolledAt), (ObservationStatus)p.Status, (FailureReason?)p.FailureReason, p.FailureMessage,
            p.RouteCount, p.Added, p.Removed, p.Changed);

    private static VantageState ToState(VantagePointRow r) =>
        new(new VantagePoint(r.Id, (VantageKind)r.Kind, r.Name, r.NodeId, r.ResourceId, r.PeerNodeId, r.Qualifier,
                r.CircuitId is null || r.CircuitName is null || r.CircuitPath is null ? null : new CircuitRef(r.CircuitId, r.CircuitName, (CircuitPath)r.CircuitPath)),
            r.RouteCount,
            (ObservationStatus?)r.LastStatus, r.LastPolledAt is { } lp ? Time(lp) : null, r.LastSuccessAt is { } ls ? Time(ls) : null,
            (FailureReason?)r.LastFailureReason, r.LastError, r.LastErrorAt is { } le ? Time(le) : null, r.ConsecutiveFailures,
            r.RetiredAt is { } retired ? Time(retired) : null);
}
