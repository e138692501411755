using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Signals;

/// <summary>A change in a signal worth a read of the vantage points it concerns.</summary>
/// <param name="FromPartial">Seen in a point that may still change: a hint, worth a read, never history.</param>
public sealed record SignalTrigger(SignalSeries Series, double? Before, double After, bool FromPartial)
{
    public IReadOnlyList<string> VantageIds => Series.VantageIds;
}

/// <summary>What one metrics read did: the read, the changes it stored, the reads it asks for, and what the session rule sees.</summary>
public sealed record SignalOutcome(SignalRead Read, IReadOnlyList<SignalChange> Changes, IReadOnlyList<SignalTrigger> Triggers, SignalEvaluation Evaluation);

/// <summary>
/// The fast lane's read: asks the source for its metrics, keeps the final points that are new as history (on change
/// only), and finds the changes that matter — a session's state flipping, a route count moving by more than
/// Routing:Signals:CountTolerance. A partial point (the newest, still landing) can only hint at a change; a late,
/// missing or failed metric brings no new point and so changes nothing. No vantage point's state is touched here.
/// </summary>
public sealed class SignalLane(SignalStore store, IOptions<RoutingOptions> routing, ILogger<SignalLane> logger, LaneMeter? lanes = null)
{
    // The value each series last set off a read for, so a hint and the final point that confirms it buy one read, not two.
    private readonly Dictionary<string, double> _actedOn = new(StringComparer.Ordinal);

    public async Task<SignalOutcome> ReadAsync(ISignalSource source, DateTimeOffset now, CancellationToken ct)
    {
        var options = routing.Value;
        var states = await store.StatesAsync(ct);
        SignalRead read;
        try
        {
            using (ReadLanes.Enter(ReadLane.Signals))
            {
                read = await source.ReadSignalsAsync(new SignalRequest(now, options.Signals.MetricsLatency, options.Signals.MaxReadBudgetShare), ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Sources report a resource's failure in the read; anything escaping makes every known series unknown, once.
            logger.LogWarning(ex, "Reading the metrics failed; every signal is unknown until the next read");
            var known = states.Values.Select(s => s.Series).ToArray();
            read = new SignalRead(now, known, [], [new SignalFailure("metrics", ex is CollectionException c ? c.Reason : FailureReason.Unknown, ex.Message, known.Select(s => s.Id).ToArray())]);
        }

        lanes?.Count(ReadLane.Signals, false, read.Requests);
        foreach (var failure in read.Failures)
        {
            logger.LogInformation("Metrics of {Scope} unknown this read: {Reason}: {Message}", failure.Scope, failure.Reason, failure.Message);
        }

        var changes = new List<SignalChange>();
        var triggers = new List<SignalTrigger>();
        var lastPoints = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var fresh = new Dictionary<string, IReadOnlyList<SignalPoint>>(StringComparer.Ordinal);
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var observation in read.Observations)
        {
            var series = observation.Series;
            var state = states.GetValueOrDefault(series.Id);
            var before = state?.Value;
            var seenUntil = state?.LastPointAt;
            // Only final points newer than the newest already read are news: a late metric repeats old points.
            var news = observation.Complete.Where(p => seenUntil is not { } seen || p.At > seen).OrderBy(p => p.At).ToArray();
            var value = before;
            foreach (var point in news)
            {
                if (value != point.Value)
                {
                    changes.Add(new SignalChange(series.Id, point.At, point.Value));
                }

                value = point.Value;
            }

            if (news.Length > 0)
            {
                lastPoints[series.Id] = news[^1].At;
                if (_actedOn.TryGetValue(series.Id, out var acted) && acted != news[^1].Value)
                {
                    _actedOn.Remove(series.Id);
                }
            }

            fresh[series.Id] = news;
            values[series.Id] = value;

            // A first value is a baseline, not a change.
            if (before is { } b && news.FirstOrDefault(p => Matters(series.Kind, b, p.Value, options.Signals.CountTolerance)) is { } moved)
            {
                Act(triggers, series, b, moved.Value, fromPartial: false);
            }

            var latestAt = news.Length > 0 ? news[^1].At : seenUntil;
            if (value is { } reference && observation.Partial is { } partial && (latestAt is not { } l || partial.At > l)
                && Matters(series.Kind, reference, partial.Value, options.Signals.CountTolerance))
            {
                Act(triggers, series, reference, partial.Value, fromPartial: true);
            }
        }

        await store.RecordAsync(read.Series, changes, lastPoints, ct);
        var failed = read.Failures.SelectMany(f => f.SeriesIds.Select(id => (id, f))).GroupBy(x => x.id).ToDictionary(g => g.Key, g => g.First().f, StringComparer.Ordinal);
        var sessions = read.Series.Where(s => s.Kind == SignalKind.Session).Select(s => new SessionEvidence(s,
            fresh.GetValueOrDefault(s.Id) ?? [],
            values.TryGetValue(s.Id, out var v) ? v : states.GetValueOrDefault(s.Id)?.Value,
            failed.GetValueOrDefault(s.Id))).ToArray();
        var step = options.SignalInterval > TimeSpan.Zero ? options.SignalInterval : TimeSpan.FromMinutes(1);
        var evaluation = new SignalEvaluation(sessions, read.Series.Select(s => s.Id).ToHashSet(StringComparer.Ordinal),
            (int)Math.Ceiling(options.Signals.SessionHoldDown / step));
        return new SignalOutcome(read, changes, triggers, evaluation);
    }

    private void Act(List<SignalTrigger> triggers, SignalSeries series, double before, double after, bool fromPartial)
    {
        if (_actedOn.TryGetValue(series.Id, out var acted) && acted == after)
        {
            return;
        }

        _actedOn[series.Id] = after;
        triggers.Add(new SignalTrigger(series, before, after, fromPartial));
    }

    /// <summary>A session's state flipping, or a count moving by more than the tolerance.</summary>
    public static bool Matters(SignalKind kind, double before, double after, int tolerance) => kind == SignalKind.Session
        ? SessionSignal.IsUp(before) != SessionSignal.IsUp(after)
        : Math.Abs(after - before) > tolerance;
}
