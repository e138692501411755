using ArmEmulator;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;
using Microsoft.Extensions.Time.Testing;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>The poller slows down before ARM throttles it, and keeps what ARM says of its budgets.</summary>
public class PacingTests
{
    [Fact]
    public async Task A_request_waits_while_the_estimated_bucket_is_under_its_reserve_and_goes_once_it_refilled()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new ArmRequestPacer(clock, new ArmPacingOptions { ReadCapacity = 100, ReadRefillPerSecond = 10, ReserveFraction = 0.1 });
        pacer.ObserveRemaining("sub", BudgetKind.Reads, 12); // reserve is 10: two requests may go now

        await pacer.WaitTurnAsync("sub", BudgetKind.Reads, CancellationToken.None);
        await pacer.WaitTurnAsync("sub", BudgetKind.Reads, CancellationToken.None);
        var third = pacer.WaitTurnAsync("sub", BudgetKind.Reads, CancellationToken.None);
        Assert.False(third.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(100)); // one token at 10/s
        await third.WaitAsync(TimeSpan.FromSeconds(30));

        // Another subscription has its own bucket; writes have theirs.
        await pacer.WaitTurnAsync("other", BudgetKind.Reads, CancellationToken.None);
        await pacer.WaitTurnAsync("sub", BudgetKind.Writes, CancellationToken.None);
        var budget = Assert.Single(pacer.Snapshot());
        Assert.Equal(("sub", BudgetKind.Reads, 12L), (budget.SubscriptionId, budget.Kind, budget.Remaining));
        Assert.True(budget.Paced > TimeSpan.Zero);
    }

    [Fact]
    public void A_larger_bucket_than_documented_never_holds_requests_back_for_its_reserve()
    {
        // ARM's older hourly limits report remaining counts like 11999: the estimate may grow to that, the reserve stays 10 % of 250.
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new ArmRequestPacer(clock);
        pacer.ObserveRemaining("sub", BudgetKind.Reads, 11_999);
        for (var i = 0; i < 200; i++)
        {
            var turn = pacer.WaitTurnAsync("sub", BudgetKind.Reads, CancellationToken.None);
            Assert.True(turn.IsCompletedSuccessfully, $"request {i} was held back");
        }
    }

    [Fact]
    public async Task A_spent_resource_graph_quota_waits_for_a_near_reset_and_fails_as_throttled_for_a_far_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new ArmRequestPacer(clock, new ArmPacingOptions { MaxResourceGraphWait = TimeSpan.FromSeconds(10) });

        pacer.ObserveGraphQuota(0, TimeSpan.FromSeconds(3));
        var query = pacer.WaitTurnAsync(null, BudgetKind.ResourceGraphQueries, CancellationToken.None);
        Assert.False(query.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(3));
        await query.WaitAsync(TimeSpan.FromSeconds(30));

        pacer.ObserveGraphQuota(0, TimeSpan.FromMinutes(1));
        var error = await Assert.ThrowsAsync<CollectionException>(() => pacer.WaitTurnAsync(null, BudgetKind.ResourceGraphQueries, CancellationToken.None));
        Assert.Equal(FailureReason.Throttled, error.Reason);
        var quota = Assert.Single(pacer.Snapshot());
        Assert.Equal((BudgetKind.ResourceGraphQueries, 0L, TimeSpan.FromMinutes(1)), (quota.Kind, quota.Remaining, quota.ResetsAfter));
    }

    [Fact]
    public async Task A_cycle_larger_than_the_bucket_is_paced_without_a_single_429_and_the_budgets_are_kept_per_subscription()
    {
        // Small buckets, so one discovery and poll of the estate (about 50 reads in the hub subscription) needs more
        // reads than a bucket holds. The reserve is what absorbs requests the pacer spaced out but the network delivers
        // bunched (a first connection, a pause): ARM's documented reserve of 25 tokens at 25/s covers a second of that,
        // and so does this one (12 tokens at 8/s). A reserve of a few tens of milliseconds would test the machine's load.
        await using var azure = await EmulatedAzure.StartAsync(EmulatedAzure.MultiSubscription, s => s.PollsBeforeDone = 1,
            o =>
            {
                o.Pacing = new ArmPacingOptions { ReadCapacity = 24, ReadRefillPerSecond = 8, WriteCapacity = 24, WriteRefillPerSecond = 8, ReserveFraction = 0.5 };
                o.OperationTimeout = TimeSpan.FromSeconds(30); // a paced cycle takes seconds; its long-running operations wait with it
            },
            server =>
            {
                server.Throttling.ReadCapacity = 24;
                server.Throttling.ReadRefillPerSecond = 8;
                server.Throttling.WriteCapacity = 24;
                server.Throttling.WriteRefillPerSecond = 8;
            });

        var (_, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        Assert.Equal(0, azure.Server.Throttling.Throttled);
        var budgets = azure.Source.Diagnostics.Budgets;
        foreach (var subscription in new[] { EmulatedAzure.MultiSubscription.HubSubscription, EmulatedAzure.MultiSubscription.ConnectivitySubscription })
        {
            Assert.Contains(budgets, b => b.SubscriptionId == subscription && b.Kind == BudgetKind.Reads && b.Throttled == 0);
        }

        Assert.Contains(budgets, b => b.Paced > TimeSpan.Zero);
        Assert.Contains(budgets, b => b.Kind == BudgetKind.ResourceGraphQueries && b.Remaining == 14);
    }
}
