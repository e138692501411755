using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>Where a page of routes ends: the next page starts after this (prefix order, then row).</summary>
public readonly record struct RoutePageKey(int Family, byte[] Network, int Length, long RowId)
{
    /// <summary>An opaque, URL-safe continuation token.</summary>
    public string ToToken() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Family}.{Convert.ToHexString(Network)}.{Length}.{RowId.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryParse(string? token, out RoutePageKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('.');
            if (parts.Length == 4 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var family) && family is 4 or 6
                && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var length) && length is >= 0 and <= 128
                && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var rowId))
            {
                var network = Convert.FromHexString(parts[1]);
                if (network.Length == (family == 4 ? 4 : 16))
                {
                    key = new RoutePageKey(family, network, length, rowId);
                    return true;
                }
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}

/// <summary>Where a page of timeline lanes ends: the next page starts after this lane (prefix order, then vantage point).</summary>
public readonly record struct TimelineLaneKey(int Family, byte[] Network, int Length, long VantageKey)
{
    /// <summary>An opaque, URL-safe continuation token (the same encoding as a routes page's).</summary>
    public string ToToken() => new RoutePageKey(Family, Network, Length, VantageKey).ToToken();

    public static bool TryParse(string? token, out TimelineLaneKey key)
    {
        var ok = RoutePageKey.TryParse(token, out var k);
        key = ok ? new TimelineLaneKey(k.Family, k.Network, k.Length, k.RowId) : default;
        return ok;
    }
}

/// <summary>One page of a timeline's lanes, and where the next page starts (null on the last).</summary>
public sealed record TimelinePage(PrefixTimeline Timeline, TimelineLaneKey? Next);

/// <summary>What a routes table can be ordered by.</summary>
public enum RouteOrder
{
    Prefix,
    Vantage,
    NextHop,
    AsPath,
    Origin,
    Since,
}

/// <summary>One screenful of a routes table: the rows asked for and how many there are in all.</summary>
public sealed record RouteTablePage(IReadOnlyList<RouteAt> Routes, int Total);

/// <summary>One page of the routes at a moment, in prefix order, and where the next page starts (null on the last).</summary>
public sealed record RoutePage(IReadOnlyList<RouteAt> Routes, RoutePageKey? Next);

/// <summary>The paged reads: large answers come in pages the caller asks for, never all at once.</summary>
public sealed partial class RoutingQueries
{
    /// <summary>
    /// Routes present at a moment, at most <paramref name="limit"/>, in prefix order, starting after <paramref name="after"/>.
    /// Walks the prefix index and stops at the page's end, so a page costs the same on page 1 and page 100.
    /// </summary>
    public async Task<RoutePage> RoutesPageAsync(string? vantageId, DateTimeOffset at, PrefixFilter? filter, RoutePageKey? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var sql = new StringBuilder(
            $"SELECT v.Id, {Prefixed("ri", IntervalReader.RouteColumns)}, ri.FromTicks, ri.Family, ri.Id FROM RouteIntervals ri JOIN VantagePoints v ON v.Key = ri.VantageKey " +
            "WHERE ri.ToTicks > @t AND ri.FromTicks <= @t");
        var parameters = new List<QueryParameter> { new("@t", at.UtcTicks), new("@limit", limit + 1) };
        AddVantage(sql, parameters, vantageId);
        AddPrefixFilter(sql, parameters, filter, await DialectAsync(cancellationToken));
        if (after is { } a)
        {
            sql.Append(" AND (ri.Family, ri.Network, ri.PrefixLength, ri.Id) > (@af, @an, @al, @aid)");
            parameters.AddRange([new("@af", a.Family), new("@an", a.Network), new("@al", a.Length), new("@aid", a.RowId)]);
        }

        sql.Append(" ORDER BY ri.Family, ri.Network, ri.PrefixLength, ri.Id LIMIT @limit");
        var rows = await ReadAsync(sql.ToString(), parameters, r =>
        (
            Route: new RouteAt(r.GetString(0), IntervalReader.ReadRoute(r, 1), Time(r.GetInt64(1 + IntervalReader.RouteColumnCount))),
            Family: r.GetInt32(2 + IntervalReader.RouteColumnCount),
            RowId: r.GetInt64(3 + IntervalReader.RouteColumnCount)), cancellationToken);
        if (rows.Count <= limit)
        {
            return new RoutePage(rows.Select(x => x.Route).ToArray(), null);
        }

        var last = rows[limit - 1];
        var prefix = last.Route.Route.Prefix;
        return new RoutePage(rows.Take(limit).Select(x => x.Route).ToArray(), new RoutePageKey(last.Family, prefix.StartBytes, prefix.Length, last.RowId));
    }

    /// <summary>
    /// At most <paramref name="limit"/> lanes of a prefix timeline, in prefix order then vantage point, starting after
    /// <paramref name="after"/>: the lane keys of the page are read first, then only the intervals of those lanes, so a
    /// timeline over 0.0.0.0/0 never loads every route of every vantage point at once.
    /// </summary>
    public async Task<TimelinePage> TimelinePageAsync(PrefixFilter filter, DateTimeOffset from, DateTimeOffset to, string? vantageId,
        TimelineLaneKey? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (to < from)
        {
            throw new ArgumentException("The end of a timeline must not be before its start.", nameof(to));
        }

        var dialect = await DialectAsync(cancellationToken);
        List<QueryParameter> Parameters(StringBuilder where)
        {
            var parameters = new List<QueryParameter> { new("@from", from.UtcTicks), new("@to", to.UtcTicks) };
            AddVantage(where, parameters, vantageId);
            AddPrefixFilter(where, parameters, filter, dialect);
            if (after is { } a)
            {
                where.Append(" AND (ri.Family, ri.Network, ri.PrefixLength, ri.VantageKey) > (@af, @an, @al, @avk)");
                parameters.AddRange([new("@af", a.Family), new("@an", a.Network), new("@al", a.Length), new("@avk", a.VantageKey)]);
            }

            return parameters;
        }

        var keysWhere = new StringBuilder(TimelineWindow);
        var keysParameters = Parameters(keysWhere);
        keysParameters.Add(new QueryParameter("@limit", limit + 1));
        var keys = await ReadAsync(
            "SELECT DISTINCT ri.Family, ri.Network, ri.PrefixLength, ri.VantageKey FROM RouteIntervals ri JOIN VantagePoints v ON v.Key = +ri.VantageKey " +
            $"{keysWhere} ORDER BY ri.Family, ri.Network, ri.PrefixLength, ri.VantageKey LIMIT @limit",
            keysParameters, r => new TimelineLaneKey(r.GetInt32(0), (byte[])r.GetValue(1), r.GetInt32(2), Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture)), cancellationToken);
        if (keys.Count == 0)
        {
            return new TimelinePage(new PrefixTimeline(filter.Prefix, filter.Match, from, to, []), null);
        }

        var last = keys[Math.Min(limit, keys.Count) - 1];
        var where = new StringBuilder(TimelineWindow);
        var parameters = Parameters(where);
        where.Append(" AND (ri.Family, ri.Network, ri.PrefixLength, ri.VantageKey) <= (@bf, @bn, @bl, @bvk)");
        parameters.AddRange([new("@bf", last.Family), new("@bn", last.Network), new("@bl", last.Length), new("@bvk", last.VantageKey)]);
        var timeline = await TimelineWhereAsync(filter, from, to, where.ToString(), parameters, cancellationToken);
        return new TimelinePage(timeline, keys.Count > limit ? last : null);
    }

    /// <summary>When each vantage point's history starts: its first successful poll. Before it, its state is unknown, not empty.</summary>
    /// <summary>
    /// The stored polls that bound a window: the latest poll at or before each end, and the newest poll row (which any
    /// new poll, of any vantage point, changes). Every interval starts and ends at a poll, so two windows with the same
    /// bounding polls read the same intervals — as long as no poll inside them was pruned; null when one may have been
    /// (an end before the recorded prune horizon) or when no poll precedes an end.
    /// </summary>
    public async Task<HistoryWindow?> HistoryWindowAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql =
            "SELECT (SELECT MAX(PolledAt) FROM Polls WHERE PolledAt <= @t1), (SELECT MAX(PolledAt) FROM Polls WHERE PolledAt <= @t2), " +
            "(SELECT MAX(Id) FROM Polls), (SELECT Value FROM Settings WHERE Key = @k)";
        var rows = await ReadAsync(sql, [new("@t1", from.UtcTicks), new("@t2", to.UtcTicks), new("@k", RouteStore.PrunedBeforeSetting)], r => (
            From: r.IsDBNull(0) ? (long?)null : r.GetInt64(0),
            To: r.IsDBNull(1) ? (long?)null : r.GetInt64(1),
            Newest: r.IsDBNull(2) ? 0L : r.GetInt64(2),
            PrunedBefore: r.IsDBNull(3) ? (long?)null : long.Parse(r.GetString(3), System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        var row = rows[0];
        return row.From is { } f && row.To is { } t && (row.PrunedBefore is not { } pruned || f >= pruned) ? new HistoryWindow(f, t, row.Newest) : null;
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> HistoryStartsAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT v.Id, (SELECT MIN(p.PolledAt) FROM Polls p WHERE p.VantageKey = v.Key AND p.Status = 0) FROM VantagePoints v";
        var rows = await ReadAsync(sql, [], r => (Id: r.GetString(0), First: r.IsDBNull(1) ? (DateTimeOffset?)null : Time(r.GetInt64(1))), cancellationToken);
        return rows.Where(r => r.First is not null).ToDictionary(r => r.Id, r => r.First!.Value);
    }

    /// <summary>
    /// A page of a routes table as a person browses it: filtered, searched and ordered in the database, so a
    /// 100,000-route moment never travels whole. <paramref name="search"/> that is a CIDR or an address finds the routes
    /// covering it; other text matches next hop, AS path, origin, source peer, local address or vantage point name.
    /// </summary>
    public async Task<RouteTablePage> RoutesTableAsync(string? vantageId, DateTimeOffset at, PrefixFilter? filter, string? search,
        RouteOrder order, bool descending, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var dialect = await DialectAsync(cancellationToken);
        // The unary + keeps SQLite on the "ended" index (the routes alive at T are at its end), as for routes at T: the
        // FromTicks index would walk every interval that began before T, the whole history.
        var where = new StringBuilder("WHERE ri.ToTicks > @t AND +ri.FromTicks <= @t");
        var parameters = new List<QueryParameter> { new("@t", at.UtcTicks) };
        AddVantage(where, parameters, vantageId);
        AddPrefixFilter(where, parameters, filter, dialect);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            if (IpPrefix.TryParse(text, out var searched) && filter is null)
            {
                AddPrefixFilter(where, parameters, new PrefixFilter(searched, PrefixMatch.Covering), dialect);
            }
            else
            {
                var like = dialect.Like;
                where.Append($" AND (ri.NextHop {like} @q ESCAPE '\\' OR ri.AsPath {like} @q ESCAPE '\\' OR ri.Origin {like} @q ESCAPE '\\' OR ri.SourcePeer {like} @q ESCAPE '\\' " +
                             $"OR ri.LocalAddress {like} @q ESCAPE '\\' OR v.Name {like} @q ESCAPE '\\')");
                parameters.Add(new QueryParameter("@q", "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                    .Replace("_", "\\_", StringComparison.Ordinal) + "%"));
            }
        }

        const string From = "FROM RouteIntervals ri JOIN VantagePoints v ON v.Key = ri.VantageKey ";
        var direction = descending ? "DESC" : "ASC";
        var orderBy = order switch
        {
            RouteOrder.Vantage => $"v.Name {direction}, ri.Family, ri.Network, ri.PrefixLength",
            RouteOrder.NextHop => $"ri.NextHop {direction}, ri.Family, ri.Network, ri.PrefixLength",
            RouteOrder.AsPath => $"ri.AsPath {direction}, ri.Family, ri.Network, ri.PrefixLength",
            RouteOrder.Origin => $"ri.Origin {direction}, ri.Family, ri.Network, ri.PrefixLength",
            RouteOrder.Since => $"ri.FromTicks {direction}, ri.Family, ri.Network, ri.PrefixLength",
            _ => $"ri.Family {direction}, ri.Network {direction}, ri.PrefixLength {direction}",
        };
        var total = (await ReadAsync($"SELECT COUNT(*) {From}{where}", parameters, r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken))[0];
        var paging = new List<QueryParameter>(parameters) { new("@limit", limit), new("@offset", offset) };
        var rows = await ReadAsync(
            $"SELECT v.Id, {Prefixed("ri", IntervalReader.RouteColumns)}, ri.FromTicks {From}{where} ORDER BY {orderBy}, ri.Id LIMIT @limit OFFSET @offset",
            paging, r => new RouteAt(r.GetString(0), IntervalReader.ReadRoute(r, 1), Time(r.GetInt64(1 + IntervalReader.RouteColumnCount))), cancellationToken);
        return new RouteTablePage(rows, total);
    }
}

/// <summary>The polls bounding a comparison window (UTC ticks) and the newest poll row when they were read.</summary>
public sealed record HistoryWindow(long FromPoll, long ToPoll, long NewestPollId);
