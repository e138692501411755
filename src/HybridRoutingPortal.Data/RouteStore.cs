using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HybridRoutingPortal.Core;
using System.Data.Common;
using System.Net;
using Npgsql;
using NpgsqlTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace HybridRoutingPortal.Data;

/// <summary>What one ingested observation wrote.</summary>
/// <summary>What a prune removed.</summary>
public sealed record PruneResult(long Intervals, long Polls, long TopologySnapshots);

/// <remarks>Rows inserted are new intervals; rows closed are existing intervals given an end (an UPDATE).</remarks>
/// <param name="First">The vantage point's first successful poll: nothing was known before it, so nothing "changed".</param>
/// <param name="Routes">
/// The vantage point's routes as stored after this poll (in no particular order), when the writer holds them in memory
/// (null otherwise: read them from the store). Alert evaluation of the same moment takes them instead of reading a large table back.
/// </param>
public sealed record IngestResult(string VantageId, long PollId, ObservationStatus Status, bool Unchanged, int RouteRowsInserted, int RouteRowsClosed, int Added, int Removed, int Changed,
    bool First = false, IReadOnlyList<Route>? Routes = null)
{
    public int RouteRowsWritten => RouteRowsInserted + RouteRowsClosed;
}

/// <summary>
/// Writes observations with interval encoding (DESIGN.md §2): an unchanged poll writes only its poll
/// row, a changed poll writes only the routes that changed, a failed poll touches no interval. Each
/// batch is one transaction, so a process killed mid-write leaves the previous consistent state.
/// </summary>
/// <param name="leadership">Fences the writes of the leader's work (none in tests and single-instance use).</param>
public sealed class RouteStore(IDbContextFactory<RoutingDbContext> contextFactory, Leadership? leadership = null)
{
    /// <summary>The setting that holds the latest prune cutoff (UTC ticks): history before it may be incomplete.</summary>
    public const string PrunedBeforeSetting = "history.prunedBefore";

    // SQLite has one writer; serialising here keeps writers from queueing on the file lock.
    private readonly SemaphoreSlim _writer = new(1, 1);

    // The open intervals of each vantage point as this writer last committed them, so a changed poll of a large table
    // compares against memory instead of reading every open row back. Used only under _writer.
    private readonly OpenIntervalCache _open = new();

    /// <summary>
    /// Creates or updates the vantage points a source reported (the whole estate: any other is retired, keeping its
    /// history), and records its topology if it changed.
    /// </summary>
    public async Task RegisterAsync(IReadOnlyList<VantagePoint> vantagePoints, Topology? topology, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (leadership is not null)
            {
                await leadership.FenceAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), cancellationToken);
            }

            var existing = await db.VantagePoints.ToDictionaryAsync(v => v.Id, cancellationToken);
            var reported = vantagePoints.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in existing.Values.Where(r => r.RetiredAt is null && !reported.Contains(r.Id)))
            {
                gone.RetiredAt = at.UtcTicks;
            }
            foreach (var vp in vantagePoints)
            {
                if (!existing.TryGetValue(vp.Id, out var row))
                {
                    row = new VantagePointRow { Id = vp.Id, Name = vp.Name, NodeId = vp.NodeId, ResourceId = vp.ResourceId };
                    db.VantagePoints.Add(row);
                }

                row.RetiredAt = null;
                row.Kind = (int)vp.Kind;
                row.Name = vp.Name;
                row.NodeId = vp.NodeId;
                row.ResourceId = vp.ResourceId;
                row.PeerNodeId = vp.PeerNodeId;
                row.Qualifier = vp.Qualifier;
                row.CircuitId = vp.Circuit?.CircuitId;
                row.CircuitName = vp.Circuit?.CircuitName;
                row.CircuitPath = (int?)vp.Circuit?.Path;
            }

            if (topology is not null)
            {
                var json = JsonSerializer.Serialize(topology, StoreJson.Options);
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)), 0, 16);
                var latest = await db.TopologySnapshots.OrderByDescending(t => t.AtTicks).ThenByDescending(t => t.Id)
                    .Select(t => t.Hash).FirstOrDefaultAsync(cancellationToken);
                if (latest != hash)
                {
                    db.TopologySnapshots.Add(new TopologySnapshotRow { AtTicks = at.UtcTicks, Hash = hash, Json = json });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<IReadOnlyList<IngestResult>> IngestAsync(IReadOnlyList<Observation> batch, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            if (leadership is not null)
            {
                await leadership.FenceAsync(connection, tx, cancellationToken);
            }

            await using var writer = new IntervalWriter(connection, tx, _open);
            var results = new List<IngestResult>(batch.Count);
            var committed = false;
            try
            {
                foreach (var observation in batch)
                {
                    results.Add(await writer.IngestAsync(observation, cancellationToken));
                }

                await tx.CommitAsync(cancellationToken);
                committed = true;
                return results;
            }
            finally
            {
                // Entries changed in memory for a transaction that did not commit no longer match the database.
                if (!committed)
                {
                    writer.ForgetTouched();
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Removes history older than <paramref name="cutoff"/>: intervals that ended before it, polls taken
    /// before it, and topology snapshots superseded before it. Works in small transactions and yields the
    /// writer between them, so polls are never held up; every answer about a moment at or after the
    /// cutoff is the same afterwards.
    /// </summary>
    public async Task<PruneResult> PruneAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var ticks = cutoff.UtcTicks;
        // Recorded before anything goes: from here on, polls before it may be missing (RoutingQueries.HistoryWindowAsync).
        if (await GetSettingAsync(PrunedBeforeSetting, cancellationToken) is not { } before
            || long.Parse(before, System.Globalization.CultureInfo.InvariantCulture) < ticks)
        {
            await SetSettingAsync(PrunedBeforeSetting, ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }

        int[] keys;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            keys = await db.VantagePoints.Select(v => v.Key).ToArrayAsync(cancellationToken);
        }

        long intervals = 0, polls = 0, snapshots = 0;
        foreach (var key in keys)
        {
            intervals += await DeleteInBatchesAsync(
                "DELETE FROM RouteIntervals WHERE Id IN (SELECT Id FROM RouteIntervals WHERE VantageKey = @k AND ToTicks < @t LIMIT @n)", key, ticks, batchSize, cancellationToken);
            polls += await DeleteInBatchesAsync(
                "DELETE FROM Polls WHERE Id IN (SELECT Id FROM Polls WHERE VantageKey = @k AND PolledAt < @t AND Id <> COALESCE((SELECT LastPollId FROM VantagePoints WHERE Key = @k), -1) LIMIT @n)",
                key, ticks, batchSize, cancellationToken);
        }

        // Keep the newest snapshot before the cutoff: it describes the topology at the cutoff.
        snapshots = await DeleteInBatchesAsync(
            "DELETE FROM TopologySnapshots WHERE Id IN (SELECT Id FROM TopologySnapshots WHERE AtTicks < @t AND Id <> " +
            "COALESCE((SELECT Id FROM TopologySnapshots WHERE AtTicks <= @t ORDER BY AtTicks DESC, Id DESC LIMIT 1), -1) LIMIT @n)", 0, ticks, batchSize, cancellationToken);
        return new PruneResult(intervals, polls, snapshots);
    }

    private async Task<long> DeleteInBatchesAsync(string sql, int key, long ticks, int batchSize, CancellationToken ct)
    {
        long total = 0;
        while (true)
        {
            int deleted;
            await _writer.WaitAsync(ct);
            try
            {
                await using var db = await contextFactory.CreateDbContextAsync(ct);
                var connection = db.Database.GetDbConnection();
                await db.Database.OpenConnectionAsync(ct);
                await using var cmd = SqlDialect.Command(connection, null, sql, [new("@k", key), new("@t", ticks), new("@n", batchSize)]);
                deleted = await cmd.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                _writer.Release();
            }

            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }

    /// <summary>The newest poll time stored, for keeping history append-only when the clock steps back.</summary>
    public async Task<DateTimeOffset?> LatestPollAtAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ticks = await db.Polls.MaxAsync(p => (long?)p.PolledAt, cancellationToken);
        return ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    }

    public async Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Settings.Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetSettingAsync(string key, string value, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Settings.FindAsync([key], cancellationToken);
            if (row is null)
            {
                db.Settings.Add(new SettingRow { Key = key, Value = value });
            }
            else
            {
                row.Value = value;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>The write path of one transaction, on prepared commands (EF change tracking would cost
    /// more than the work itself for 100,000-route tables).</summary>
    private sealed class IntervalWriter(DbConnection connection, DbTransaction tx, OpenIntervalCache cache) : IAsyncDisposable
    {
        private const int MostOpenedKept = 10_000;

        private readonly List<int> _touched = [];

        public void ForgetTouched()
        {
            foreach (var key in _touched)
            {
                cache.Forget(key);
            }
        }

        private const string IntervalColumns =
            "VantageKey, Family, Network, PrefixLength, NextHop, SourcePeer, LocalAddress, AsPath, Origin, Weight, LocalPreference, NextHopType, State, FromPollId, FromTicks, ToPollId, ToTicks";

        private DbCommand? _insert;
        private DbCommand? _close;

        public async ValueTask DisposeAsync()
        {
            if (_insert is not null)
            {
                await _insert.DisposeAsync();
            }

            if (_close is not null)
            {
                await _close.DisposeAsync();
            }
        }

        public async Task<IngestResult> IngestAsync(Observation observation, CancellationToken ct)
        {
            var at = observation.PolledAt.UtcTicks;
            var vantage = await GetOrCreateVantageAsync(observation.VantageId, ct);
            if (vantage.LastPolledAt is { } last && at < last)
            {
                throw new InvalidOperationException(
                    $"Observation for {observation.VantageId} at {observation.PolledAt:O} is older than its last poll; history is append-only.");
            }

            _touched.Add(vantage.Key);
            var cached = cache.Get(vantage.Key, vantage.LastPollId, vantage.ContentHash);
            if (observation.Status != ObservationStatus.Ok)
            {
                var failedPollId = await InsertPollAsync(vantage.Key, observation, vantage.RouteCount, 0, 0, 0, ct);
                await UpdateVantageAsync(vantage.Key, failedPollId, observation, vantage.ContentHash, vantage.RouteCount, ct);
                cache.Advance(vantage.Key, cached, failedPollId);
                return new IngestResult(observation.VantageId, failedPollId, observation.Status, true, 0, 0, 0, 0, 0);
            }

            // Order does not matter to the store; one de-duplicating pass serves hashing and comparing.
            var byKey = RouteSet.ByKey(observation.Routes);
            var routes = byKey.Values;
            var hash = RouteSet.ContentHash(routes);
            if (hash == vantage.ContentHash)
            {
                var unchangedPollId = await InsertPollAsync(vantage.Key, observation, routes.Count, 0, 0, 0, ct);
                await UpdateVantageAsync(vantage.Key, unchangedPollId, observation, hash, routes.Count, ct);
                cache.Advance(vantage.Key, cached, unchangedPollId);
                return new IngestResult(observation.VantageId, unchangedPollId, ObservationStatus.Ok, true, 0, 0, 0, 0, 0, Routes: cached?.Routes());
            }

            var open = cached?.Intervals ?? (vantage.ContentHash is null ? [] : await LoadOpenAsync(vantage.Key, null, ct));
            var toClose = new List<(long Id, Route Route)>();
            var toOpen = new List<Route>();
            foreach (var (key, (id, old)) in open)
            {
                if (!byKey.TryGetValue(key, out var now) || !now.SameAttributes(old))
                {
                    toClose.Add((id, old));
                }
            }

            foreach (var route in routes)
            {
                if (!open.TryGetValue(route.Key, out var old) || !old.Route.SameAttributes(route))
                {
                    toOpen.Add(route);
                }
            }

            var (added, removed, changed) = Count(toClose, toOpen);
            var pollId = await InsertPollAsync(vantage.Key, observation, routes.Count, added, removed, changed, ct);
            await CloseAsync(toClose, pollId, at, ct);
            await OpenAsync(vantage.Key, toOpen, pollId, at, ct);
            await UpdateVantageAsync(vantage.Key, pollId, observation, hash, routes.Count, ct);

            // The open set after this poll: the old one without what closed, with what opened (their ids read back by
            // the index on VantageKey, ToTicks, FromTicks: only this poll's new rows). A poll that opened most of its
            // table (the first one) is not kept: reading it all back would cost what the cache saves; the next poll reads it.
            OpenIntervalCache.Entry? stored = null;
            if (toOpen.Count <= MostOpenedKept || toOpen.Count <= routes.Count / 10)
            {
                foreach (var (id, old) in toClose)
                {
                    open.Remove(old.Key);
                }

                foreach (var (key, opened) in toOpen.Count == 0 ? [] : await LoadOpenAsync(vantage.Key, at, ct))
                {
                    open[key] = opened;
                }

                stored = cache.Put(vantage.Key, pollId, hash, open);
            }
            else
            {
                cache.Forget(vantage.Key);
            }

            return new IngestResult(observation.VantageId, pollId, ObservationStatus.Ok, false, toOpen.Count, toClose.Count, added, removed, changed,
                First: vantage.ContentHash is null, Routes: stored?.Routes());
        }

        /// <summary>
        /// Change counts as <see cref="RouteDiff"/> reports them. Counting over only what changed gives the
        /// same answer as a full diff (unchanged routes cancel); one-sided changes need no diff at all.
        /// </summary>
        private static (int Added, int Removed, int Changed) Count(List<(long Id, Route Route)> toClose, List<Route> toOpen)
        {
            if (toClose.Count == 0 || toOpen.Count == 0)
            {
                return (toOpen.Count, toClose.Count, 0);
            }

            var diff = RouteDiff.Compute(toClose.Select(c => c.Route), toOpen);
            return (diff.Added, diff.Removed, diff.Changed);
        }

        private async Task<(int Key, string? ContentHash, long? LastPolledAt, int RouteCount, long? LastPollId)> GetOrCreateVantageAsync(string id, CancellationToken ct)
        {
            await using var select = Command("SELECT Key, ContentHash, LastPolledAt, RouteCount, LastPollId FROM VantagePoints WHERE Id = @id");
            Add(select, "@id", id);
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt64(4));
                }
            }

            // An observation for a vantage nobody registered is still kept, under its id as its name.
            await using var insert = Command(
                "INSERT INTO VantagePoints (Id, Kind, Name, NodeId, ResourceId, ConsecutiveFailures, RouteCount) VALUES (@id, 0, @id, '', @id, 0, 0) RETURNING Key");
            Add(insert, "@id", id);
            var key = Convert.ToInt32(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            return (key, null, null, 0, null);
        }

        private async Task<long> InsertPollAsync(int vantageKey, Observation o, int routeCount, int added, int removed, int changed, CancellationToken ct)
        {
            await using var cmd = Command(
                "INSERT INTO Polls (VantageKey, PolledAt, Status, FailureReason, FailureMessage, RouteCount, Added, Removed, Changed) " +
                "VALUES (@v, @at, @s, @fr, @fm, @rc, @a, @r, @c) RETURNING Id");
            Add(cmd, "@v", vantageKey);
            Add(cmd, "@at", o.PolledAt.UtcTicks);
            Add(cmd, "@s", (int)o.Status);
            Add(cmd, "@fr", o.Failure is null ? DBNull.Value : (int)o.Failure.Reason);
            Add(cmd, "@fm", (object?)o.Failure?.Message ?? DBNull.Value);
            Add(cmd, "@rc", routeCount);
            Add(cmd, "@a", added);
            Add(cmd, "@r", removed);
            Add(cmd, "@c", changed);
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        private async Task UpdateVantageAsync(int vantageKey, long pollId, Observation o, string? hash, int routeCount, CancellationToken ct)
        {
            var ok = o.Status == ObservationStatus.Ok;
            await using var cmd = Command(
                "UPDATE VantagePoints SET LastPollId = @p, LastPolledAt = @at, LastStatus = @s, ContentHash = @h, RouteCount = @rc, " +
                (ok
                    ? "LastSuccessAt = @at, ConsecutiveFailures = 0 "
                    : o.Status == ObservationStatus.Failed
                        ? "LastFailureReason = @fr, LastError = @fm, LastErrorAt = @at, ConsecutiveFailures = ConsecutiveFailures + 1 "
                        : "ConsecutiveFailures = 0 ") +
                "WHERE Key = @v");
            Add(cmd, "@p", pollId);
            Add(cmd, "@at", o.PolledAt.UtcTicks);
            Add(cmd, "@s", (int)o.Status);
            Add(cmd, "@h", (object?)hash ?? DBNull.Value);
            Add(cmd, "@rc", routeCount);
            Add(cmd, "@fr", o.Failure is null ? DBNull.Value : (int)o.Failure.Reason);
            Add(cmd, "@fm", (object?)o.Failure?.Message ?? DBNull.Value);
            Add(cmd, "@v", vantageKey);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        /// <summary>The open intervals of a vantage point, or only those opened at <paramref name="openedAt"/>.</summary>
        private async Task<Dictionary<RouteKey, (long Id, Route Route)>> LoadOpenAsync(int vantageKey, long? openedAt, CancellationToken ct)
        {
            await using var cmd = Command(
                $"SELECT {IntervalReader.RouteColumns}, Id FROM RouteIntervals WHERE VantageKey = @v AND ToTicks = @open" + (openedAt is null ? "" : " AND FromTicks = @from"));
            Add(cmd, "@v", vantageKey);
            Add(cmd, "@open", RouteIntervalRow.Open);
            if (openedAt is { } from)
            {
                Add(cmd, "@from", from);
            }

            var open = new Dictionary<RouteKey, (long, Route)>();
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var route = IntervalReader.ReadRoute(reader, 0);
                open[route.Key] = (reader.GetInt64(IntervalReader.RouteColumnCount), route);
            }

            return open;
        }

        private async Task CloseAsync(List<(long Id, Route Route)> intervals, long pollId, long at, CancellationToken ct)
        {
            if (intervals.Count == 0)
            {
                return;
            }

            if (connection is NpgsqlConnection)
            {
                // One statement for the whole set: PostgreSQL takes the ids as an array.
                await using var closeAll = Command("UPDATE RouteIntervals SET ToPollId = @p, ToTicks = @at WHERE Id = ANY(@ids)");
                Add(closeAll, "@p", pollId);
                Add(closeAll, "@at", at);
                Add(closeAll, "@ids", intervals.Select(i => i.Id).ToArray());
                await closeAll.ExecuteNonQueryAsync(ct);
                return;
            }

            _close ??= Prepare("UPDATE RouteIntervals SET ToPollId = @p, ToTicks = @at WHERE Id = @id", "@p", "@at", "@id");
            _close.Parameters["@p"].Value = pollId;
            _close.Parameters["@at"].Value = at;
            foreach (var (id, _) in intervals)
            {
                _close.Parameters["@id"].Value = id;
                await _close.ExecuteNonQueryAsync(ct);
            }
        }

        private async Task OpenAsync(int vantageKey, List<Route> routes, long pollId, long at, CancellationToken ct)
        {
            if (routes.Count == 0)
            {
                return;
            }

            if (connection is NpgsqlConnection pg)
            {
                await CopyAsync(pg, vantageKey, routes, pollId, at, ct);
                return;
            }

            _insert ??= Prepare(
                $"INSERT INTO RouteIntervals ({IntervalColumns}) " +
                "VALUES (@v, @f, @n, @l, @nh, @sp, @la, @as, @o, @w, @lp, @nt, @st, @p, @at, NULL, @open)",
                "@v", "@f", "@n", "@l", "@nh", "@sp", "@la", "@as", "@o", "@w", "@lp", "@nt", "@st", "@p", "@at", "@open");
            var ps = _insert.Parameters;
            ps["@v"].Value = vantageKey;
            ps["@p"].Value = pollId;
            ps["@at"].Value = at;
            ps["@open"].Value = RouteIntervalRow.Open;
            foreach (var r in routes)
            {
                ps["@f"].Value = r.Prefix.IsIPv4 ? 4 : 6;
                ps["@n"].Value = r.Prefix.StartBytes;
                ps["@l"].Value = r.Prefix.Length;
                ps["@nh"].Value = r.NextHop;
                ps["@sp"].Value = r.SourcePeer ?? string.Empty;
                ps["@la"].Value = r.LocalAddress ?? string.Empty;
                ps["@as"].Value = r.AsPath.Text;
                ps["@o"].Value = r.Origin;
                ps["@w"].Value = (object?)r.Weight ?? DBNull.Value;
                ps["@lp"].Value = (object?)r.LocalPreference ?? DBNull.Value;
                ps["@nt"].Value = r.NextHopType ?? string.Empty;
                ps["@st"].Value = r.State is { } state ? (int)state : DBNull.Value;
                await _insert.ExecuteNonQueryAsync(ct);
            }
        }

        /// <summary>New intervals on PostgreSQL: one binary COPY, the engine's bulk path, inside the batch's transaction.</summary>
        private static async Task CopyAsync(NpgsqlConnection pg, int vantageKey, List<Route> routes, long pollId, long at, CancellationToken ct)
        {
            await using var copy = await pg.BeginBinaryImportAsync(
                $"COPY RouteIntervals ({IntervalColumns}, {PostgresModel.PrefixColumn}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var r in routes)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(vantageKey, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.Prefix.IsIPv4 ? 4 : 6, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.Prefix.StartBytes, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(r.Prefix.Length, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.NextHop, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.SourcePeer ?? string.Empty, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.LocalAddress ?? string.Empty, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.AsPath.Text, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Origin, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, r.Weight, ct);
                await WriteNullableAsync(copy, r.LocalPreference, ct);
                await copy.WriteAsync(r.NextHopType ?? string.Empty, NpgsqlDbType.Text, ct);
                if (r.State is { } state)
                {
                    await copy.WriteAsync((int)state, NpgsqlDbType.Integer, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }

                await copy.WriteAsync(pollId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(at, NpgsqlDbType.Bigint, ct);
                await copy.WriteNullAsync(ct);
                await copy.WriteAsync(RouteIntervalRow.Open, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(new IPNetwork(r.Prefix.Network, r.Prefix.Length), NpgsqlDbType.Cidr, ct);
            }

            await copy.CompleteAsync(ct);
        }

        private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, long? value, CancellationToken ct) =>
            value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Bigint, ct) : copy.WriteNullAsync(ct);

        private static void Add(DbCommand cmd, string name, object value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        private DbCommand Command(string sql)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            return cmd;
        }

        private DbCommand Prepare(string sql, params string[] names)
        {
            var cmd = Command(sql);
            foreach (var name in names)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                cmd.Parameters.Add(p);
            }

            cmd.Prepare();
            return cmd;
        }
    }
}
