using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Signals;
using static Microsoft.Extensions.Options.Options;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>The session-signal rule and the fast lane's pieces on their own: evidence from final points only, one alert per flapping session, bounded reads.</summary>
public class SignalRuleTests
{
    private static readonly DateTimeOffset At = RuleHarness.At;

    private static readonly SignalSeries Session = new("rs|bgppeerstatus|in_0|10.0.0.4", SignalKind.Session, "rs ↔ nva · IN_0", ["v0"], "bgp/nva", "IN_0", TimeSpan.FromMinutes(1));

    private static async Task<AlertCandidate> EvaluateAsync(SessionEvidence evidence, int resolveAfter = 10)
    {
        var context = new RuleHarness().Context();
        var signals = new SignalEvaluation([evidence], new HashSet<string> { Session.Id }, resolveAfter);
        var withSignals = new RuleContext(context.At, context.Vantages, context.Polled, context.Expectations, null, context.Routes, context.Options, signals);
        return Assert.Single(await new SessionSignalRule().EvaluateAsync(withSignals, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_final_point_showing_the_session_down_is_violated_up_is_satisfied_nothing_new_is_unknown()
    {
        Assert.Equal(Evidence.Violated, (await EvaluateAsync(new SessionEvidence(Session, [new SignalPoint(At, 0)], 0))).Evidence);
        // Down for part of the minute (availability 50 %) is down.
        Assert.Equal(Evidence.Violated, (await EvaluateAsync(new SessionEvidence(Session, [new SignalPoint(At, 1), new SignalPoint(At.AddMinutes(1), 0.5)], 0.5))).Evidence);
        Assert.Equal(Evidence.Satisfied, (await EvaluateAsync(new SessionEvidence(Session, [new SignalPoint(At, 1)], 1))).Evidence);
        // Late, missing or failed: nothing new, nothing moves, even if the last known value is down.
        Assert.Equal(Evidence.Unknown, (await EvaluateAsync(new SessionEvidence(Session, [], 0))).Evidence);
        Assert.Equal(Evidence.Unknown, (await EvaluateAsync(new SessionEvidence(Session, [], 0, new SignalFailure("rs", Core.FailureReason.ServerError, "500", [Session.Id])))).Evidence);
    }

    [Fact]
    public async Task A_flapping_session_fires_once_and_resolves_only_after_the_hold_down()
    {
        var status = AlertStatus.Inactive;
        var firings = 0;
        var resolutions = 0;
        for (var minute = 0; minute < 30; minute++)
        {
            // Down, up, down, up … for ten minutes, then up for good.
            var up = minute >= 10 || minute % 2 == 1;
            var candidate = await EvaluateAsync(new SessionEvidence(Session, [new SignalPoint(At.AddMinutes(minute), up ? 1 : 0)], up ? 1 : 0), resolveAfter: 10);
            var (after, transition) = AlertLifecycle.Apply(status, candidate.Evidence, At.AddMinutes(minute), candidate.Lifecycle);
            firings += transition?.To == AlertState.Firing ? 1 : 0;
            resolutions += transition?.To == AlertState.Resolved ? 1 : 0;
            status = after;
        }

        Assert.Equal((1, 1), (firings, resolutions));
        Assert.Equal(AlertState.Resolved, status.State);
    }

    [Fact]
    public void A_count_matters_beyond_the_tolerance_a_session_when_it_flips()
    {
        Assert.True(SignalLane.Matters(SignalKind.RoutesLearned, 10, 9, 0));
        Assert.False(SignalLane.Matters(SignalKind.RoutesLearned, 10, 9, 1));
        Assert.True(SignalLane.Matters(SignalKind.RoutesLearned, 10, 12, 1));
        Assert.True(SignalLane.Matters(SignalKind.Session, 1, 0, 0));
        Assert.True(SignalLane.Matters(SignalKind.Session, 1, 0.5, 0));
        Assert.False(SignalLane.Matters(SignalKind.Session, 0, 0.5, 0));
    }

    [Fact]
    public void Targeted_reads_confirm_enough_for_the_lifecycle_merge_while_pending_and_stop_at_the_hourly_cap()
    {
        var reads = new TargetedReads(Create(new RoutingOptions { Signals = new SignalOptions { MaxTriggersPerHour = 2 } }), Create(new AlertOptions { FireAfter = 3, ResolveAfter = 2 }));
        Assert.Equal(2, reads.ConfirmReads);

        Assert.Equal(["v0"], reads.Schedule(["v0", "v0"], At).Scheduled);
        Assert.Empty(reads.Schedule(["v0"], At.AddSeconds(5)).Scheduled);
        Assert.Equal(["v0"], reads.TakeDue(At));
        Assert.Empty(reads.TakeDue(At.AddSeconds(10)));
        Assert.Equal(At.AddSeconds(15), reads.NextDueAt);
        // Fallen behind: the remaining confirmation comes one read at a time, none is lost.
        Assert.Equal(["v0"], reads.TakeDue(At.AddMinutes(1)));
        Assert.Equal(["v0"], reads.TakeDue(At.AddMinutes(1)));
        Assert.Empty(reads.TakeDue(At.AddMinutes(1)));
        Assert.Null(reads.NextDueAt);

        Assert.Equal(["v0"], reads.Schedule(["v0"], At.AddMinutes(2)).Scheduled);
        reads.TakeDue(At.AddMinutes(5));
        reads.TakeDue(At.AddMinutes(5));
        reads.TakeDue(At.AddMinutes(5));
        var (scheduled, capped) = reads.Schedule(["v0"], At.AddMinutes(10));
        Assert.Empty(scheduled);
        Assert.Equal(["v0"], capped);
        Assert.Equal(["v0"], reads.Schedule(["v0"], At.AddMinutes(61)).Scheduled);
    }
}
