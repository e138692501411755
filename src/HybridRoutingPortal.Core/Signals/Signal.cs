namespace HybridRoutingPortal.Core.Signals;

/// <summary>What a metric series says about the estate (DESIGN.md §1, Azure Monitor metrics).</summary>
public enum SignalKind
{
    /// <summary>A BGP session: 1 up, 0 down; an availability percentage is carried as a fraction.</summary>
    Session,

    /// <summary>How many routes a vantage point learned from its peer.</summary>
    RoutesLearned,

    /// <summary>How many routes a vantage point advertises to its peer.</summary>
    RoutesAdvertised,
}

/// <summary>
/// A metric series mapped onto the estate: the vantage points whose tables it speaks for (what a change in it
/// schedules a read of) and, for a session, the topology link it reports. The id is stable across restarts
/// (resource id, metric and dimension values), so history follows it.
/// </summary>
/// <param name="Lane">What tells series of one link or vantage point apart: a Route Server instance, a circuit path, a BGP peer.</param>
/// <param name="Grain">The metric's time grain: one point per grain.</param>
public sealed record SignalSeries(
    string Id,
    SignalKind Kind,
    string Name,
    IReadOnlyList<string> VantageIds,
    string? LinkId,
    string? Lane,
    TimeSpan Grain);

/// <summary>One metric point: the start of its time grain and the aggregated value.</summary>
public sealed record SignalPoint(DateTimeOffset At, double Value);

/// <summary>
/// What one read of one series found: its points that are final (older than the metrics' ingestion latency), oldest
/// first, and the newest point that may still change (partial: not every sample of its grain has landed).
/// </summary>
public sealed record SignalObservation(SignalSeries Series, IReadOnlyList<SignalPoint> Complete, SignalPoint? Partial = null)
{
    public SignalPoint? Latest => Complete.Count == 0 ? null : Complete[^1];
}

/// <summary>A metric read that failed (or was not made): its series are unknown this time, nothing else.</summary>
public sealed record SignalFailure(string Scope, FailureReason Reason, string Message, IReadOnlyList<string> SeriesIds);

/// <summary>What the fast lane asks of a source: the moment, and how long metrics take to become final.</summary>
/// <param name="BudgetShare">The share of the request budget its provider last reported left that one read may spend.</param>
public sealed record SignalRequest(DateTimeOffset Now, TimeSpan Latency, double BudgetShare = 1);

/// <summary>
/// One read of the fast lane. <see cref="Series"/> is every series the estate has now (whether read this time or not),
/// so a series that is merely late or not due is told apart from one whose subject is gone.
/// </summary>
/// <param name="Requests">Requests the read made (metric calls), for the lane's cost.</param>
public sealed record SignalRead(
    DateTimeOffset At,
    IReadOnlyList<SignalSeries> Series,
    IReadOnlyList<SignalObservation> Observations,
    IReadOnlyList<SignalFailure> Failures,
    int Requests = 0)
{
    public static SignalRead Empty(DateTimeOffset at) => new(at, [], [], []);
}

/// <summary>
/// A source with a cheap, frequent signal between full route-table reads (Azure Monitor metrics; the demo's
/// twin of them). A failure of one resource's metrics is reported in <see cref="SignalRead.Failures"/>, never thrown,
/// and never makes a vantage point unknown: only its own signal.
/// </summary>
public interface ISignalSource
{
    Task<SignalRead> ReadSignalsAsync(SignalRequest request, CancellationToken cancellationToken);
}

public static class SessionSignal
{
    /// <summary>
    /// A session point is up only when the session was up for the whole grain: 1 for BgpPeerStatus (Maximum), 100 %
    /// BgpAvailability (Average) as the fraction 1. Anything less means it was down at some point of the grain.
    /// </summary>
    public static bool IsUp(double value) => value >= 0.9999;

    public static BgpState State(double value) => IsUp(value) ? BgpState.Connected : BgpState.NotConnected;
}

public static class SignalPoints
{
    /// <summary>
    /// Splits a series' points as read into final ones and the newest that may still change: a point is final once its
    /// grain has ended and the metrics' ingestion latency has passed; a point without a value (no data) is neither.
    /// </summary>
    public static (IReadOnlyList<SignalPoint> Complete, SignalPoint? Partial) Split(IEnumerable<(DateTimeOffset At, double? Value)> points, TimeSpan grain, SignalRequest request)
    {
        var complete = new List<SignalPoint>();
        SignalPoint? partial = null;
        foreach (var (at, value) in points.OrderBy(p => p.At))
        {
            if (value is not { } v)
            {
                continue;
            }

            if (at + grain + request.Latency <= request.Now)
            {
                complete.Add(new SignalPoint(at, v));
            }
            else
            {
                partial = new SignalPoint(at, v);
            }
        }

        return (complete, partial);
    }

    /// <summary>How far back a read looks: the latency, and a few grains before it, so a read that was missed is made up.</summary>
    public static TimeSpan Lookback(TimeSpan grain, TimeSpan latency) => latency + (grain * 4);
}
