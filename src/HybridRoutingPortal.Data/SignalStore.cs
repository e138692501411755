using System.Text.Json;
using HybridRoutingPortal.Core.Signals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace HybridRoutingPortal.Data;

/// <summary>A series with its latest known value, when it last changed, and the newest final point read.</summary>
public sealed record SignalState(SignalSeries Series, double? Value, DateTimeOffset? ChangedAt, DateTimeOffset? LastPointAt);

/// <summary>A series took this value at this point in time.</summary>
public sealed record SignalChange(string SeriesId, DateTimeOffset At, double Value);

/// <summary>A series over a window: the value in force at its start (stamped at the start), then every change in it.</summary>
public sealed record SignalHistory(SignalSeries Series, IReadOnlyList<SignalPoint> Values);

/// <summary>Which series a history question is about; null parts match everything.</summary>
public sealed record SignalFilter(string? VantageId = null, string? LinkId = null, SignalKind? Kind = null);

/// <summary>
/// The fast lane's history: metric series and their values on change (a flat count writes nothing). Plain EF
/// queries only, so another database provider serves it unchanged.
/// </summary>
/// <param name="leadership">Fences the fast lane's writes to the leader (none in tests and single-instance use).</param>
public sealed class SignalStore(IDbContextFactory<RoutingDbContext> contextFactory, Leadership? leadership = null)
{
    public async Task<IReadOnlyDictionary<string, SignalState>> StatesAsync(CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.SignalSeries.AsNoTracking().ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new SignalState(ToSeries(r), r.LastValue, Time(r.LastChangedAt), Time(r.LastPointAt)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Records one read in one transaction: the series as the source describes them now, their changes (oldest first)
    /// and the newest final point of each series read.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<SignalSeries> series, IReadOnlyList<SignalChange> changes, IReadOnlyDictionary<string, DateTimeOffset> lastPoints, CancellationToken ct)
    {
        if (series.Count == 0 && changes.Count == 0 && lastPoints.Count == 0)
        {
            return;
        }

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (leadership is not null)
        {
            await leadership.FenceAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
        }

        var rows = await db.SignalSeries.ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, ct);
        foreach (var s in series)
        {
            if (!rows.TryGetValue(s.Id, out var row))
            {
                row = new SignalSeriesRow { Id = s.Id, Name = s.Name, VantageIds = "[]" };
                db.SignalSeries.Add(row);
                rows[s.Id] = row;
            }

            row.Kind = (int)s.Kind;
            row.Name = s.Name;
            row.VantageIds = JsonSerializer.Serialize(s.VantageIds);
            row.LinkId = s.LinkId;
            row.Lane = s.Lane;
            row.GrainTicks = s.Grain.Ticks;
        }

        // New series need their keys before their changes can point at them.
        await db.SaveChangesAsync(ct);
        foreach (var change in changes.OrderBy(c => c.At))
        {
            if (!rows.TryGetValue(change.SeriesId, out var row))
            {
                throw new InvalidOperationException($"A change of series {change.SeriesId}, which was not described.");
            }

            db.SignalChanges.Add(new SignalChangeRow { SeriesKey = row.Key, At = change.At.UtcTicks, Value = change.Value });
            if (row.LastChangedAt is not { } last || change.At.UtcTicks >= last)
            {
                row.LastValue = change.Value;
                row.LastChangedAt = change.At.UtcTicks;
            }
        }

        foreach (var (id, at) in lastPoints)
        {
            if (rows.TryGetValue(id, out var row) && (row.LastPointAt is not { } seen || at.UtcTicks > seen))
            {
                row.LastPointAt = at.UtcTicks;
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<SignalHistory>> HistoryAsync(SignalFilter filter, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (to < from)
        {
            throw new ArgumentException("The end of a signal history must not be before its start.", nameof(to));
        }

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.SignalSeries.AsNoTracking();
        if (filter.LinkId is { } link)
        {
            query = query.Where(s => s.LinkId == link);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(s => s.Kind == (int)kind);
        }

        // A series names a handful of vantage points; they are matched after reading (there are few series).
        var series = (await query.ToListAsync(ct)).Select(ToSeries)
            .Where(s => filter.VantageId is null || s.VantageIds.Contains(filter.VantageId, StringComparer.Ordinal))
            .ToArray();
        if (series.Length == 0)
        {
            return [];
        }

        var keys = await db.SignalSeries.AsNoTracking().Where(s => series.Select(x => x.Id).Contains(s.Id)).ToDictionaryAsync(s => s.Key, s => s.Id, ct);
        var (start, end) = (from.UtcTicks, to.UtcTicks);
        var inWindow = await db.SignalChanges.AsNoTracking()
            .Where(c => keys.Keys.Contains(c.SeriesKey) && c.At > start && c.At <= end)
            .OrderBy(c => c.At).ToListAsync(ct);
        // The value in force at the start: each series' newest change at or before it.
        var before = await db.SignalChanges.AsNoTracking()
            .Where(c => keys.Keys.Contains(c.SeriesKey) && c.At <= start
                        && !db.SignalChanges.Any(n => n.SeriesKey == c.SeriesKey && n.At > c.At && n.At <= start))
            .ToListAsync(ct);
        var byId = series.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return keys.Select(kv =>
        {
            var values = new List<SignalPoint>();
            if (before.FirstOrDefault(c => c.SeriesKey == kv.Key) is { } first)
            {
                values.Add(new SignalPoint(from, first.Value));
            }

            values.AddRange(inWindow.Where(c => c.SeriesKey == kv.Key).Select(c => new SignalPoint(Time(c.At)!.Value, c.Value)));
            return new SignalHistory(byId[kv.Value], values);
        }).OrderBy(h => h.Series.Kind).ThenBy(h => h.Series.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Removes changes before the cutoff, keeping each series' value in force at it.</summary>
    public async Task<long> PruneAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var t = cutoff.UtcTicks;
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.SignalChanges
            .Where(c => c.At < t && db.SignalChanges.Any(n => n.SeriesKey == c.SeriesKey && n.At > c.At && n.At <= t))
            .ExecuteDeleteAsync(ct);
    }

    private static SignalSeries ToSeries(SignalSeriesRow r) =>
        new(r.Id, (SignalKind)r.Kind, r.Name, JsonSerializer.Deserialize<string[]>(r.VantageIds) ?? [], r.LinkId, r.Lane, TimeSpan.FromTicks(r.GrainTicks));

    private static DateTimeOffset? Time(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
