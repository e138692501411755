using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Data;

/// <summary>An audit record as written and read; <see cref="Before"/> and <see cref="After"/> are JSON.</summary>
public sealed record AuditRecord(
    long Id, DateTimeOffset At, string ActorName, string? ActorId, string Action, string Target, bool Allowed, string? Before, string? After);

/// <summary>What to read from the trail; every filter is optional.</summary>
/// <param name="Actor">A person's name (a part of it, any case) or their exact object id.</param>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, bool? Allowed = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>A page of the trail, newest first, and where the next page starts (null on the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, long? NextBefore);

/// <summary>The audit trail's storage: append one record, read pages newest first. Nothing else, so any provider can keep it.</summary>
public sealed class AuditStore(IDbContextFactory<RoutingDbContext> contextFactory)
{
    public async Task<long> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var row = new AuditRow
        {
            At = record.At.UtcTicks, ActorName = record.ActorName, ActorId = record.ActorId, Action = record.Action, Target = record.Target,
            Allowed = record.Allowed, Before = record.Before, After = record.After,
        };
        db.AuditTrail.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    /// <summary>Records matching <paramref name="query"/> with an id below <paramref name="before"/> (null: from the newest), newest first.</summary>
    public async Task<AuditPage> PageAsync(AuditQuery query, long? before, int limit, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = db.AuditTrail.AsNoTracking();
        if (before is { } b)
        {
            rows = rows.Where(r => r.Id < b);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            var pattern = "%" + actor.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE answers the same.
            rows = db.Database.IsNpgsql()
                ? rows.Where(r => r.ActorId == actor || EF.Functions.ILike(r.ActorName, pattern, "\\"))
                : rows.Where(r => r.ActorId == actor || EF.Functions.Like(r.ActorName, pattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            rows = rows.Where(r => r.Action == query.Action);
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            rows = rows.Where(r => r.Target == query.Target);
        }

        if (query.Allowed is { } allowed)
        {
            rows = rows.Where(r => r.Allowed == allowed);
        }

        if (query.From is { } from)
        {
            rows = rows.Where(r => r.At >= from.UtcTicks);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(r => r.At <= to.UtcTicks);
        }

        // One row more than asked tells whether another page follows.
        var page = await rows.OrderByDescending(r => r.Id).Take(limit + 1).ToListAsync(ct);
        var records = page.Take(limit).Select(r => new AuditRecord(r.Id, new DateTimeOffset(r.At, TimeSpan.Zero), r.ActorName, r.ActorId, r.Action, r.Target,
            r.Allowed, r.Before, r.After)).ToArray();
        return new AuditPage(records, page.Count > limit ? records[^1].Id : null);
    }
}
