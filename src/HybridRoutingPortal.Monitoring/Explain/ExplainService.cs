using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Events;

namespace HybridRoutingPortal.Monitoring.Explain;

/// <summary>
/// Explains prefixes from what the store holds at a moment: the topology, the vantage points, their routes, and which
/// of them were unknown then (a failed last poll, or none yet: unknown, never absent). Building the explainer reads
/// every route of the moment and costs far more than one explanation, so the built explainer is kept and reused: for
/// the live "now" until <see cref="StoreEvents"/> says something new was stored, and for a few past moments (the
/// topology slider, an alert's moment) the same way.
/// </summary>
public sealed class ExplainService(RoutingQueries queries, StoreEvents events)
{
    private const int KeptMoments = 8;
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly List<MomentExplainer> _kept = [];

    public async Task<Explanation> ExplainAsync(IpPrefix prefix, DateTimeOffset at, OriginHint? hint, CancellationToken ct) =>
        (await ExplainerAtAsync(at, ct)).Explain(prefix, at, hint);

    /// <summary>The explainer for a moment, built once and reused while what the store holds for that moment cannot have changed.</summary>
    public async Task<MomentExplainer> ExplainerAtAsync(DateTimeOffset at, CancellationToken ct)
    {
        if (Kept(at) is { } kept)
        {
            return kept;
        }

        // One build at a time: a page and an API call asking for the same cold moment share one read of the store.
        await _building.WaitAsync(ct);
        try
        {
            if (Kept(at) is { } built)
            {
                return built;
            }

            var fresh = await BuildAsync(at, ct);
            lock (_kept)
            {
                _kept.RemoveAll(k => k.Version != events.Version);
                _kept.Insert(0, fresh);
                if (_kept.Count > KeptMoments)
                {
                    _kept.RemoveAt(_kept.Count - 1);
                }
            }

            return fresh;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>
    /// A fresh explainer, never kept or reused: for a caller that has just written the moment itself and explains it before
    /// the store's change is announced (the alert engine during a poll).
    /// </summary>
    public async Task<MomentExplainer> BuildAsync(DateTimeOffset at, CancellationToken ct)
    {
        // Read the version first: a store announced while reading makes this explainer stale at once, never falsely fresh.
        var version = events.Version;
        // The newest poll in the store, whatever the moment: an explainer built at or after it holds for any later moment too, until a new store.
        var watermark = (await queries.PollsAsync(null, null, null, 1, ct)).FirstOrDefault()?.PolledAt ?? DateTimeOffset.MinValue;
        var topology = await queries.TopologyAtAsync(at, ct) ?? Topology.Empty;
        var vantages = await queries.VantagePointsAsync(ct);
        var moments = await queries.VantageMomentsAsync(at, ct);
        var routes = (await queries.RoutesAtAsync(null, at, null, ct))
            .GroupBy(r => r.VantageId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Route>)g.Select(r => r.Route).ToArray(), StringComparer.Ordinal);

        var unknown = new Dictionary<string, ObservationFailure?>(StringComparer.Ordinal);
        foreach (var v in vantages)
        {
            var moment = moments.GetValueOrDefault(v.Id);
            switch (moment?.LastStatus)
            {
                case ObservationStatus.Ok:
                    // Polled fine and holding nothing is an empty table, not an unknown one.
                    routes.TryAdd(v.Id, []);
                    break;
                case ObservationStatus.Failed:
                    unknown[v.Id] = await FailureAsync(v.Id, at, ct);
                    break;
                default:
                    unknown[v.Id] = null; // never polled by then
                    break;
            }
        }

        var explainer = Explainer.For(topology, vantages.Select(v => v.Point).ToArray(), new ObservedRoutes(routes, unknown), at);
        return new MomentExplainer(explainer, at, watermark, version);
    }

    private MomentExplainer? Kept(DateTimeOffset at)
    {
        var version = events.Version;
        lock (_kept)
        {
            return _kept.FirstOrDefault(k => k.Version == version && k.Holds(at));
        }
    }

    private async Task<ObservationFailure> FailureAsync(string vantageId, DateTimeOffset at, CancellationToken ct)
    {
        var last = (await queries.PollsAsync(vantageId, null, at, 1, ct)).FirstOrDefault();
        return new ObservationFailure(last?.FailureReason ?? FailureReason.Unknown, last?.FailureMessage ?? "the last poll failed");
    }
}

/// <summary>
/// An explainer built from the store at <see cref="At"/>, with what it takes to know when it may be reused: the newest
/// poll the store held then (<see cref="Watermark"/>) and the store version it was read at.
/// </summary>
public sealed class MomentExplainer(Explainer explainer, DateTimeOffset at, DateTimeOffset watermark, long version)
{
    private readonly Lock _gate = new();

    public DateTimeOffset At => at;

    public DateTimeOffset Watermark => watermark;

    public long Version => version;

    /// <summary>
    /// Whether the store's state at <paramref name="moment"/> is the one this explainer read: the same moment, or, when it
    /// was built at or after the newest poll, any later one (nothing newer was stored while the version holds).
    /// </summary>
    public bool Holds(DateTimeOffset moment) => moment == at || (at >= watermark && moment >= at);

    /// <summary>Explains one prefix (or an address's host route), stamped with the moment asked about.</summary>
    public Explanation Explain(IpPrefix prefix, DateTimeOffset moment, OriginHint? hint = null)
    {
        // The explainer indexes routes and memoises propagations as it goes: one explanation at a time.
        lock (_gate)
        {
            return explainer.Explain(prefix, hint) with { At = moment };
        }
    }
}
