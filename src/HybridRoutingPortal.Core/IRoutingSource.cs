namespace HybridRoutingPortal.Core;

/// <summary>
/// Where observations come from: the demo estate or Azure. A source plans a cycle as a set of
/// collectors; each collector reads one thing (one ARM operation, say) and yields observations for the
/// vantage points it covers. A collector that throws makes only its own vantage points unknown.
/// </summary>
public interface IRoutingSource
{
    string Name { get; }

    Task<SourcePlan> PlanAsync(CancellationToken cancellationToken);
}

public sealed record SourcePlan(IReadOnlyList<VantagePoint> VantagePoints, Topology Topology, IReadOnlyList<ICollector> Collectors);

public interface ICollector
{
    /// <summary>The vantage points this collector reports on; all of them are marked failed if it throws.</summary>
    IReadOnlyList<string> VantageIds { get; }

    Task<IReadOnlyList<Observation>> CollectAsync(DateTimeOffset polledAt, CancellationToken cancellationToken);
}

/// <summary>An error a collector raises when it knows why a source could not be read.</summary>
public sealed class CollectionException(FailureReason reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FailureReason Reason { get; } = reason;

    /// <summary>The HTTP status the source answered with, where it answered (a caller may read one status as a fact: a stopped VM).</summary>
    public int? HttpStatus { get; init; }
}

/// <summary>A source that can say what it would have seen at a past moment (the demo, for its backfill).</summary>
public interface IReplayableSource : IRoutingSource
{
    Task<SourcePlan> PlanAtAsync(DateTimeOffset at, CancellationToken cancellationToken);
}
