using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Options;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>Route tables in memory: what a rule sees, without a database or a web host.</summary>
public sealed class InMemoryRouteTables : IRouteTables
{
    public Dictionary<string, List<Route>> Now { get; } = [];

    public Dictionary<string, List<Route>> Before { get; } = [];

    /// <summary>Prefixes each vantage point held at some time in the kept history.</summary>
    public Dictionary<string, List<IpPrefix>> Held { get; } = [];

    public Task<RouteTable> AtAsync(string vantageId, CancellationToken cancellationToken) =>
        Task.FromResult(RouteTable.Of(Now.GetValueOrDefault(vantageId) ?? []));

    public Task<bool> HeldJustBeforeAsync(string vantageId, IpPrefix prefix, CancellationToken cancellationToken) =>
        Task.FromResult((Before.GetValueOrDefault(vantageId) ?? []).Any(r => r.Prefix == prefix));

    public Task<bool> HeldSinceAsync(string vantageId, IpPrefix prefix, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult((Held.GetValueOrDefault(vantageId) ?? []).Contains(prefix));
}

/// <summary>A small estate for one rule: vantage points, what was polled, routes and topology.</summary>
public sealed class RuleHarness
{
    public static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly List<VantageState> _vantages = [];
    private readonly Dictionary<string, PolledVantage> _polled = [];

    public InMemoryRouteTables Routes { get; } = new();

    public List<Expectation> Expectations { get; } = [];

    public Topology? Topology { get; set; }

    public AlertOptions Options { get; } = new();

    public static Route R(string prefix, string path = "", string origin = "", string nextHop = "10.0.0.1") =>
        new(IpPrefix.Parse(prefix), nextHop, AsPath.Parse(path), origin);

    /// <summary>Adds a vantage point, polled Ok with these routes (or failed when <paramref name="failed"/>).</summary>
    public string Vantage(string id, VantageKind kind, IEnumerable<Route>? routes = null, bool failed = false, bool unchanged = false,
        CircuitRef? circuit = null, bool first = false, string? resourceId = null, int? routeCount = null, string? nodeId = null,
        FailureReason failure = FailureReason.Throttled)
    {
        var list = routes?.ToList() ?? [];
        _vantages.Add(new VantageState(new VantagePoint(id, kind, id.Split('#')[^1], nodeId ?? "node", resourceId ?? id, Circuit: circuit), routeCount ?? list.Count,
            failed ? ObservationStatus.Failed : ObservationStatus.Ok, At, failed ? null : At, failed ? failure : null, null, null, failed ? 1 : 0));
        _polled[id] = new PolledVantage(id, failed ? ObservationStatus.Failed : ObservationStatus.Ok, unchanged, first);
        Routes.Now[id] = list;
        return id;
    }

    /// <summary>Registered, but not polled in this evaluation.</summary>
    public void NotPolled(string id) => _polled.Remove(id);

    public RuleContext Context() => new(At, _vantages, _polled, Expectations, Topology, Routes, Options);

    public async Task<IReadOnlyList<AlertCandidate>> RunAsync(IAlertRule rule) => await rule.EvaluateAsync(Context(), CancellationToken.None);
}
