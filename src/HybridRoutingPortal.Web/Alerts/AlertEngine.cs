using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using Microsoft.Extensions.Options;
using Route = HybridRoutingPortal.Core.Route;

namespace HybridRoutingPortal.Web.Alerts;

/// <summary>The Alerts:* settings.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Consecutive Ok polls without the prefix before a missing-prefix alert fires.</summary>
    public int FireAfter { get; set; } = 3;

    /// <summary>Consecutive Ok polls with the prefix before it resolves.</summary>
    public int ResolveAfter { get; set; } = 2;

    /// <summary>Consecutive failed polls before "source unavailable" fires.</summary>
    public int SourceUnavailableAfter { get; set; } = 3;

    /// <summary>Derive expectations from the estate (AVS segments to on-prem, on-prem to Azure, the NVA's default route).</summary>
    public bool DerivedExpectations { get; set; } = true;
}

public static class AlertRules
{
    public const string MissingPrefix = "missing-prefix";
    public const string SourceUnavailable = "source-unavailable";
}

/// <summary>
/// Evaluates expectations after each poll cycle. A missing-prefix alert only ever moves on Ok polls of
/// its vantage point; a failed poll counts toward "source unavailable" instead, never toward a missing
/// prefix, so throttling cannot raise a false alarm.
/// </summary>
public sealed class AlertEngine(RoutingQueries queries, AlertStore store, IOptions<AlertOptions> options, StoreEvents events)
{
    public async Task<IReadOnlyList<Expectation>> ExpectationsAsync(DateTimeOffset at, IReadOnlyList<VantageState> vantages, CancellationToken ct)
    {
        var user = await store.ExpectationsAsync(ct);
        if (!options.Value.DerivedExpectations)
        {
            return user;
        }

        var relevant = vantages.Where(v => v.Kind is VantageKind.AvsSegments or VantageKind.CircuitRouteTable or VantageKind.RouteServerLearned).ToArray();
        var routes = new Dictionary<string, IReadOnlyList<Route>>();
        foreach (var v in relevant)
        {
            routes[v.Id] = (await queries.RoutesAtAsync(v.Id, at, null, ct)).Select(r => r.Route).ToArray();
        }

        var points = vantages.Select(v => new VantagePoint(v.Id, v.Kind, v.Name, v.NodeId, v.ResourceId, v.PeerNodeId, v.Qualifier)).ToArray();
        // Has the NVA advertised a default route at any time in the last week? Then it stays expected while withdrawn.
        var defaultRoute = new PrefixFilter(IpPrefix.Parse("0.0.0.0/0"), PrefixMatch.Exact);
        var advertised = false;
        foreach (var v in relevant.Where(v => v.Kind == VantageKind.RouteServerLearned))
        {
            advertised |= (await queries.TimelineAsync(defaultRoute, at.AddDays(-7), at, v.Id, ct)).Lanes.Count > 0;
        }

        return [.. user, .. DerivedExpectations.From(points, routes, advertised)];
    }

    public async Task EvaluateAsync(IReadOnlyList<IngestResult> results, DateTimeOffset at, CancellationToken ct)
    {
        if (results.Count == 0)
        {
            return;
        }

        var o = options.Value;
        var vantages = await queries.VantagePointsAsync(ct);
        var names = vantages.ToDictionary(v => v.Id, v => v.Name);
        var expectations = await ExpectationsAsync(at, vantages, ct);
        var polled = results.GroupBy(r => r.VantageId).ToDictionary(g => g.Key, g => g.Last());
        var candidates = new List<(string Key, string Rule, string Subject, string Vantage, AlertSeverity Severity, string Title, string? Detail, Evidence Evidence, LifecycleOptions Lifecycle)>();

        var routeCache = new Dictionary<string, CoveringIndex>();
        async Task<CoveringIndex> RoutesOf(string vantage)
        {
            if (!routeCache.TryGetValue(vantage, out var index))
            {
                index = new CoveringIndex((await queries.RoutesAtAsync(vantage, at, null, ct)).Select(r => r.Route));
                routeCache[vantage] = index;
            }

            return index;
        }

        var lifecycle = new LifecycleOptions(o.FireAfter, o.ResolveAfter);
        foreach (var e in expectations)
        {
            foreach (var vantage in e.VantageIds.Where(polled.ContainsKey))
            {
                var result = polled[vantage];
                var evidence = result.Status != ObservationStatus.Ok ? Evidence.Unknown
                    : (await RoutesOf(vantage)).MetBy(e) is null ? Evidence.Violated
                    : Evidence.Satisfied;
                var where = names.GetValueOrDefault(vantage, vantage);
                candidates.Add(($"{AlertRules.MissingPrefix}|{e.Id}|{vantage}", AlertRules.MissingPrefix, e.Id, vantage, e.Severity,
                    $"{e.Prefix} missing at {where}", $"{e.Name}. {e.Reason}", evidence, lifecycle));
            }
        }

        var unavailable = new LifecycleOptions(o.SourceUnavailableAfter, 1);
        foreach (var (vantage, result) in polled)
        {
            var evidence = result.Status == ObservationStatus.Failed ? Evidence.Violated : Evidence.Satisfied;
            candidates.Add(($"{AlertRules.SourceUnavailable}|{vantage}|{vantage}", AlertRules.SourceUnavailable, vantage, vantage, AlertSeverity.Warning,
                $"Source unavailable: {names.GetValueOrDefault(vantage, vantage)}", "Its polls fail; its last known routes are kept and no missing-prefix alert moves until it answers.",
                evidence, unavailable));
        }

        var statuses = await store.StatusesAsync(candidates.Select(c => c.Key).ToArray(), ct);
        var updates = new List<AlertUpdate>();
        foreach (var c in candidates)
        {
            var before = statuses.GetValueOrDefault(c.Key, AlertStatus.Inactive);
            var (after, transition) = AlertLifecycle.Apply(before, c.Evidence, at, c.Lifecycle);
            if (after != before || transition is not null)
            {
                updates.Add(new AlertUpdate(c.Key, c.Rule, c.Subject, c.Vantage, c.Severity, c.Title, c.Detail, after, transition, at));
            }
        }

        await store.ApplyAsync(updates, ct);
        if (updates.Any(u => u.Transition is not null))
        {
            events.RaiseStored();
        }
    }
}
