using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace HybridRoutingPortal.Data;

/// <summary>An alert's new lifecycle state after an evaluation, and the transition that produced it, if any.</summary>
public sealed record AlertUpdate(
    string Key,
    string Rule,
    string Subject,
    string VantageId,
    AlertSeverity Severity,
    string Title,
    string? Detail,
    AlertStatus Status,
    AlertTransition? Transition,
    DateTimeOffset EvaluatedAt);

/// <summary>An alert as the UI and API show it.</summary>
public sealed record AlertInfo(
    long Id,
    string Key,
    string Rule,
    string Subject,
    string VantageId,
    AlertSeverity Severity,
    string Title,
    string? Detail,
    AlertState? State,
    DateTimeOffset? Since,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset LastEvaluatedAt,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? SilencedUntil,
    string? Comment);

public sealed record AlertEventInfo(DateTimeOffset At, string Kind, string? Note);

/// <summary>A notification as the outbox keeps it: where it goes, what it says, and the key that identifies it at the receiver.</summary>
public sealed record OutboxMessage(string Channel, string Payload, string IdempotencyKey);

/// <summary>A notification that was given up on, and why (shown on the Alerts page).</summary>
public sealed record DeadLetter(long Id, string Channel, string IdempotencyKey, DateTimeOffset CreatedAt, DateTimeOffset DeadAt, int Attempts, string? Reason);

/// <summary>Expectations people defined, and alert state with its history.</summary>
/// <param name="leadership">Fences alert evaluation's writes (the notifications it queues) to the leader.</param>
public sealed class AlertStore(IDbContextFactory<RoutingDbContext> contextFactory, Leadership? leadership = null)
{
    public async Task<IReadOnlyList<Expectation>> ExpectationsAsync(CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.Expectations.AsNoTracking().OrderBy(e => e.Name).ToListAsync(ct);
        return rows.Select(r => new Expectation(r.Id, r.Name, IpPrefix.Parse(r.Prefix), JsonSerializer.Deserialize<string[]>(r.VantageIds) ?? [],
            (AlertSeverity)r.Severity, r.Owner, ExpectationSource.User, r.Reason)).ToArray();
    }

    /// <summary>Adds expectations in one transaction: all of them, or none.</summary>
    public async Task AddExpectationsAsync(IReadOnlyList<Expectation> expectations, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        db.Expectations.AddRange(expectations.Select(e => new ExpectationRow
        {
            Id = e.Id, Name = e.Name, Prefix = e.Prefix.ToString(), VantageIds = JsonSerializer.Serialize(e.VantageIds), Severity = (int)e.Severity,
            Owner = e.Owner, Reason = e.Reason, CreatedAt = at.UtcTicks,
        }));
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> DeleteExpectationAsync(string id, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Expectations.Where(e => e.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    public async Task<IReadOnlyDictionary<string, AlertStatus>> StatusesAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.Alerts.AsNoTracking().Where(a => keys.Contains(a.Key)).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => new AlertStatus((AlertState?)r.State, r.Violations, r.Satisfactions, T(r.Since), T(r.FiredAt), T(r.ResolvedAt)));
    }

    /// <summary>Writes new states and their transitions in one transaction. Alerts never active get no row.</summary>
    public async Task ApplyAsync(IReadOnlyList<AlertUpdate> updates, CancellationToken ct, IReadOnlyList<OutboxMessage>? notifications = null)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (leadership is not null)
        {
            await leadership.FenceAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), ct);
        }

        var keys = updates.Select(u => u.Key).ToArray();
        var rows = await db.Alerts.Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, ct);
        var events = new List<(AlertRow Row, AlertEventRow Event)>();
        foreach (var u in updates)
        {
            if (!rows.TryGetValue(u.Key, out var row))
            {
                if (u.Status.State is null && u.Transition is null)
                {
                    continue;
                }

                row = new AlertRow { Key = u.Key, Rule = u.Rule, Subject = u.Subject, VantageId = u.VantageId, Title = u.Title };
                db.Alerts.Add(row);
                rows[u.Key] = row;
            }

            row.Severity = (int)u.Severity;
            row.Title = u.Title;
            // Keep the evidence of the last active episode once it clears.
            if (u.Status.IsActive || row.Detail is null)
            {
                row.Detail = u.Detail;
            }

            row.State = (int?)u.Status.State;
            row.Violations = u.Status.Violations;
            row.Satisfactions = u.Status.Satisfactions;
            row.Since = u.Status.Since?.UtcTicks;
            row.FiredAt = u.Status.FiredAt?.UtcTicks;
            row.ResolvedAt = u.Status.ResolvedAt?.UtcTicks;
            row.LastEvaluatedAt = u.EvaluatedAt.UtcTicks;
            if (u.Transition is { } t)
            {
                if (t.To == AlertState.Pending && t.From is null or AlertState.Resolved)
                {
                    // A new episode: yesterday's acknowledgement does not cover it.
                    row.AcknowledgedAt = null;
                    row.AcknowledgedBy = null;
                }

                events.Add((row, new AlertEventRow { At = t.At.UtcTicks, Kind = t.To.ToString(), Note = u.Detail }));
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var (row, e) in events)
        {
            e.AlertId = row.Id;
            db.AlertEvents.Add(e);
        }

        db.Notifications.AddRange((notifications ?? []).Select(n => Row(n, updates[0].EvaluatedAt)));

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Queues notifications on their own (the "send test" action).</summary>
    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> notifications, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        db.Notifications.AddRange(notifications.Select(n => Row(n, at)));
        await db.SaveChangesAsync(ct);
    }

    private static NotificationRow Row(OutboxMessage n, DateTimeOffset at) =>
        new() { Channel = n.Channel, Payload = n.Payload, IdempotencyKey = n.IdempotencyKey, CreatedAt = at.UtcTicks, NextAttemptAt = 0 };

    /// <summary>Gives up on a notification: it stays, with its reason, as a dead letter.</summary>
    public async Task MarkDeadAsync(long id, DateTimeOffset at, string reason, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.DeadAt, at.UtcTicks).SetProperty(n => n.LastError, reason).SetProperty(n => n.Attempts, n => n.Attempts + 1), ct);
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.Notifications.AsNoTracking().Where(n => n.DeadAt != null).OrderByDescending(n => n.DeadAt).Take(max).ToListAsync(ct);
        return rows.Select(n => new DeadLetter(n.Id, n.Channel, n.IdempotencyKey, T(n.CreatedAt)!.Value, T(n.DeadAt)!.Value, n.Attempts, n.LastError)).ToArray();
    }

    /// <summary>Removes delivered and dead notifications and alert history older than <paramref name="cutoff"/> (alerts themselves stay).</summary>
    public async Task<(int Notifications, int Events)> PruneAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var ticks = cutoff.UtcTicks;
        var notifications = await db.Notifications.Where(n => n.CreatedAt < ticks && (n.DeliveredAt != null || n.DeadAt != null)).ExecuteDeleteAsync(ct);
        var events = await db.AlertEvents.Where(e => e.At < ticks).ExecuteDeleteAsync(ct);
        return (notifications, events);
    }

    public async Task<IReadOnlyList<NotificationRow>> DueNotificationsAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.DeliveredAt == null && n.DeadAt == null && n.NextAttemptAt <= now.UtcTicks)
            .OrderBy(n => n.Id).Take(max).ToListAsync(ct);
    }

    public async Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.DeliveredAt, at.UtcTicks).SetProperty(n => n.Attempts, n => n.Attempts + 1), ct);
    }

    public async Task MarkFailedAsync(long id, DateTimeOffset next, string error, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Attempts, n => n.Attempts + 1).SetProperty(n => n.NextAttemptAt, next.UtcTicks).SetProperty(n => n.LastError, error), ct);
    }

    public async Task<IReadOnlyList<AlertInfo>> AlertsAsync(AlertState? state, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var query = db.Alerts.AsNoTracking().Where(a => a.State != null);
        if (state is { } s)
        {
            query = query.Where(a => a.State == (int)s);
        }

        var rows = await query.ToListAsync(ct);
        return rows.Select(ToInfo).OrderBy(a => a.State == AlertState.Firing ? 0 : a.State == AlertState.Pending ? 1 : 2)
            .ThenByDescending(a => a.Severity).ThenByDescending(a => a.FiredAt ?? a.Since ?? a.ResolvedAt).ToArray();
    }

    public async Task<AlertInfo?> AlertAsync(long id, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var row = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return row is null ? null : ToInfo(row);
    }

    public async Task<IReadOnlyList<AlertEventInfo>> EventsAsync(long alertId, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var rows = await db.AlertEvents.AsNoTracking().Where(e => e.AlertId == alertId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return rows.Select(e => new AlertEventInfo(new DateTimeOffset(e.At, TimeSpan.Zero), e.Kind, e.Note)).ToArray();
    }

    public async Task<bool> AcknowledgeAsync(long id, string by, string? comment, DateTimeOffset at, CancellationToken ct) =>
        await AnnotateAsync(id, at, "Acknowledged", $"{by}: {comment}", row =>
        {
            row.AcknowledgedBy = by;
            row.AcknowledgedAt = at.UtcTicks;
            row.Comment = comment;
        }, ct);

    public async Task<bool> SilenceAsync(long id, DateTimeOffset until, string by, string? comment, DateTimeOffset at, CancellationToken ct) =>
        await AnnotateAsync(id, at, "Silenced", $"{by} until {until:u}: {comment}", row =>
        {
            row.SilencedUntil = until.UtcTicks;
            row.Comment = comment;
        }, ct);

    private async Task<bool> AnnotateAsync(long id, DateTimeOffset at, string kind, string note, Action<AlertRow> change, CancellationToken ct)
    {
        await using var db = await contextFactory.CreateDbContextAsync(ct);
        var row = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (row is null)
        {
            return false;
        }

        change(row);
        db.AlertEvents.Add(new AlertEventRow { AlertId = id, At = at.UtcTicks, Kind = kind, Note = note });
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static AlertInfo ToInfo(AlertRow r) =>
        new(r.Id, r.Key, r.Rule, r.Subject, r.VantageId, (AlertSeverity)r.Severity, r.Title, r.Detail, (AlertState?)r.State, T(r.Since), T(r.FiredAt), T(r.ResolvedAt),
            new DateTimeOffset(r.LastEvaluatedAt, TimeSpan.Zero), r.AcknowledgedBy, T(r.AcknowledgedAt), T(r.SilencedUntil), r.Comment);

    private static DateTimeOffset? T(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
