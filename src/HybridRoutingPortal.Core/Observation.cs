namespace HybridRoutingPortal.Core;

public enum ObservationStatus
{
    Ok,
    Failed,
    NotApplicable,
}

/// <summary>Why a source could not be read. Each one makes the vantage point unknown, never empty.</summary>
public enum FailureReason
{
    Unknown,
    Throttled,
    Timeout,
    Unauthorized,
    Forbidden,
    NotFound,
    MalformedResponse,
    ServerError,
    Network,
    OperationFailed,

    /// <summary>The VM behind a NIC is stopped or deallocated: Azure computes effective routes only for a running VM.</summary>
    NotRunning,
}

public sealed record ObservationFailure(FailureReason Reason, string Message)
{
    public override string ToString() => $"{Reason}: {Message}";
}

/// <summary>What one poll of one vantage point saw.</summary>
public sealed record Observation(
    string VantageId,
    DateTimeOffset PolledAt,
    ObservationStatus Status,
    IReadOnlyList<Route> Routes,
    ObservationFailure? Failure = null)
{
    public static Observation Ok(string vantageId, DateTimeOffset at, IReadOnlyList<Route> routes) =>
        new(vantageId, at, ObservationStatus.Ok, routes);

    public static Observation Failed(string vantageId, DateTimeOffset at, FailureReason reason, string message) =>
        new(vantageId, at, ObservationStatus.Failed, [], new ObservationFailure(reason, message));
}
