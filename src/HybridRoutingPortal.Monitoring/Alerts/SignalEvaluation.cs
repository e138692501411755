using HybridRoutingPortal.Core.Signals;

namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>
/// What one metrics read told about one session series: the final points it brought that were not seen before
/// (none when the metric is late, missing or failed: nothing new is known) and the value in force.
/// </summary>
public sealed record SessionEvidence(SignalSeries Series, IReadOnlyList<SignalPoint> NewPoints, double? Value, SignalFailure? Failure = null);

/// <summary>
/// The context of a signal evaluation: every session series the estate has now (each gets a candidate, unknown when
/// this read told nothing new), and how many consecutive up readings resolve a session alert (the hold-down in reads).
/// </summary>
public sealed record SignalEvaluation(IReadOnlyList<SessionEvidence> Sessions, IReadOnlySet<string> KnownSeries, int ResolveAfter);
