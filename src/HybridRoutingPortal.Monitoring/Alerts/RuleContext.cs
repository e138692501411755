using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;

namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>What a poll told about one vantage point: only Ok polls move an alert.</summary>
/// <param name="First">Its first successful poll: there is no "before" to compare with.</param>
public sealed record PolledVantage(string VantageId, ObservationStatus Status, bool Unchanged, bool First = false)
{
    public bool Ok => Status == ObservationStatus.Ok;
}

/// <summary>Everything one evaluation knows: the moment, the estate, what was polled, the expectations and the routes.</summary>
public sealed class RuleContext(
    DateTimeOffset at,
    IReadOnlyList<VantageState> vantages,
    IReadOnlyDictionary<string, PolledVantage> polled,
    IReadOnlyList<Expectation> expectations,
    Core.Topology? topology,
    IRouteTables routes,
    AlertOptions options,
    SignalEvaluation? signals = null)
{
    private readonly Dictionary<string, VantageState> _byId = vantages.ToDictionary(v => v.Id);

    public DateTimeOffset At => at;

    public IReadOnlyList<VantageState> Vantages => vantages;

    /// <summary>The vantage points this evaluation has a poll for (Ok or failed), by id.</summary>
    public IReadOnlyDictionary<string, PolledVantage> Polled => polled;

    public IReadOnlyList<Expectation> Expectations => expectations;

    /// <summary>The topology at the moment, if a source has described one.</summary>
    public Core.Topology? Topology => topology;

    public IRouteTables Routes => routes;

    public AlertOptions Options => options;

    /// <summary>What the fast lane's metrics read told, in a signal evaluation; null in a table evaluation.</summary>
    public SignalEvaluation? Signals => signals;

    /// <summary>The registered vantage points that were polled in this evaluation.</summary>
    public IEnumerable<VantageState> PolledVantages => vantages.Where(v => v.Active && polled.ContainsKey(v.Id));

    public string NameOf(string vantageId) => _byId.TryGetValue(vantageId, out var v) ? v.Name : vantageId;

    public bool PolledOk(string vantageId) => polled.TryGetValue(vantageId, out var p) && p.Ok;
}
