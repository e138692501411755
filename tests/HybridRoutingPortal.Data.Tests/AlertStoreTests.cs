using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>The alert store's contract (lifecycle rows, history, outbox, pruning), run against each provider.</summary>
public abstract class AlertStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new(provider);
    private AlertStore _alerts = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _alerts = new AlertStore(_db.Factory);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private static AlertUpdate Update(string subject, AlertStatus status, AlertTransition? transition, DateTimeOffset at) =>
        new($"missing-prefix|{subject}|vp", "missing-prefix", subject, "vp", AlertSeverity.Critical, $"{subject} missing", "evidence", status, transition, at);

    [Fact]
    public async Task An_alert_moves_through_its_lifecycle_with_its_history_and_notifications_in_one_transaction()
    {
        var pending = new AlertStatus(AlertState.Pending, 1, 0, T0, null, null);
        await _alerts.ApplyAsync([Update("10.1.0.0/16", pending, new AlertTransition(null, AlertState.Pending, T0), T0)], CancellationToken.None);
        var firing = pending with { State = AlertState.Firing, Violations = 3, FiredAt = T0.AddMinutes(10) };
        await _alerts.ApplyAsync([Update("10.1.0.0/16", firing, new AlertTransition(AlertState.Pending, AlertState.Firing, T0.AddMinutes(10)), T0.AddMinutes(10))],
            CancellationToken.None, [new OutboxMessage("webhook", "{}", "key-1")]);

        var alert = Assert.Single(await _alerts.AlertsAsync(AlertState.Firing, CancellationToken.None));
        Assert.Equal(T0.AddMinutes(10), alert.FiredAt);
        Assert.Equal(["Pending", "Firing"], (await _alerts.EventsAsync(alert.Id, CancellationToken.None)).Select(e => e.Kind));
        var status = (await _alerts.StatusesAsync([alert.Key], CancellationToken.None))[alert.Key];
        Assert.Equal((AlertState.Firing, 3), (status.State!.Value, status.Violations));

        var due = Assert.Single(await _alerts.DueNotificationsAsync(T0.AddMinutes(10), 10, CancellationToken.None));
        Assert.Equal("key-1", due.IdempotencyKey);
        await _alerts.MarkDeliveredAsync(due.Id, T0.AddMinutes(11), CancellationToken.None);
        Assert.Empty(await _alerts.DueNotificationsAsync(T0.AddMinutes(12), 10, CancellationToken.None));

        Assert.True(await _alerts.AcknowledgeAsync(alert.Id, "ops", "looking", T0.AddMinutes(12), CancellationToken.None));
        Assert.Equal("ops", (await _alerts.AlertAsync(alert.Id, CancellationToken.None))!.AcknowledgedBy);
    }

    [Fact]
    public async Task The_same_idempotency_key_is_never_queued_twice()
    {
        await _alerts.EnqueueAsync([new OutboxMessage("webhook", "{}", "once")], T0, CancellationToken.None);
        await Assert.ThrowsAsync<DbUpdateException>(() => _alerts.EnqueueAsync([new OutboxMessage("webhook", "{}", "once")], T0, CancellationToken.None));
        Assert.Equal(1, await _db.ScalarAsync("SELECT COUNT(*) FROM Notifications"));
    }

    [Fact]
    public async Task Failed_and_dead_notifications_and_pruning_keep_what_is_pending()
    {
        await _alerts.EnqueueAsync([new OutboxMessage("webhook", "a", "a"), new OutboxMessage("webhook", "b", "b"), new OutboxMessage("mail", "c", "c")], T0, CancellationToken.None);
        var due = await _alerts.DueNotificationsAsync(T0, 10, CancellationToken.None);
        Assert.Equal(["a", "b", "c"], due.Select(n => n.IdempotencyKey));
        await _alerts.MarkDeliveredAsync(due[0].Id, T0.AddMinutes(1), CancellationToken.None);
        await _alerts.MarkFailedAsync(due[1].Id, T0.AddHours(1), "503", CancellationToken.None);
        await _alerts.MarkDeadAsync(due[2].Id, T0.AddMinutes(2), "channel removed", CancellationToken.None);

        Assert.Empty(await _alerts.DueNotificationsAsync(T0.AddMinutes(30), 10, CancellationToken.None));
        Assert.Equal("b", Assert.Single(await _alerts.DueNotificationsAsync(T0.AddHours(2), 10, CancellationToken.None)).IdempotencyKey);
        Assert.Equal("c", Assert.Single(await _alerts.DeadLettersAsync(10, CancellationToken.None)).IdempotencyKey);

        var (notifications, _) = await _alerts.PruneAsync(T0.AddDays(1), CancellationToken.None);
        Assert.Equal(2, notifications); // delivered and dead; the one still failing stays
        Assert.Equal(1, await _db.ScalarAsync("SELECT COUNT(*) FROM Notifications"));
    }

    [Fact]
    public async Task Expectations_are_kept_in_name_order()
    {
        await _alerts.AddExpectationsAsync(
        [
            new Expectation("e2", "b-segment", IpPrefix.Parse("10.2.0.0/16"), ["vp"], AlertSeverity.Warning, "net", ExpectationSource.User, "why"),
            new Expectation("e1", "B-segment", IpPrefix.Parse("10.1.0.0/16"), ["vp", "vp2"], AlertSeverity.Critical, "net", ExpectationSource.User, "why"),
            new Expectation("e3", "a-segment", IpPrefix.Parse("2001:db8::/32"), [], AlertSeverity.Info, "net", ExpectationSource.User, "why"),
        ], T0, CancellationToken.None);

        var all = await _alerts.ExpectationsAsync(CancellationToken.None);
        Assert.Equal(["B-segment", "a-segment", "b-segment"], all.Select(e => e.Name)); // ordinal, on both providers
        Assert.Equal(["vp", "vp2"], all[0].VantageIds);
        Assert.True(await _alerts.DeleteExpectationAsync("e1", CancellationToken.None));
        Assert.Equal(2, (await _alerts.ExpectationsAsync(CancellationToken.None)).Count);
    }
}

public sealed class SqliteAlertStoreTests() : AlertStoreTests(DatabaseProvider.Sqlite);

public sealed class PostgresAlertStoreTests() : AlertStoreTests(DatabaseProvider.Postgres);
