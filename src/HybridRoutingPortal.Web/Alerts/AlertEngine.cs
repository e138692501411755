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
    public const string PathAsymmetry = "path-asymmetry";
    public const string RouteLimit = "route-limit";
    public const string BgpSession = "bgp-session";
    public const string AvsOverlap = "avs-overlap";
    public const string MoreSpecific = "more-specific";
    public const string BranchToBranch = "branch-to-branch";
    public const string DefaultRouteChange = "default-route";
}

/// <summary>
/// Evaluates expectations after each poll cycle. A missing-prefix alert only ever moves on Ok polls of
/// its vantage point; a failed poll counts toward "source unavailable" instead, never toward a missing
/// prefix, so throttling cannot raise a false alarm.
/// </summary>
public sealed class AlertEngine(
    RoutingQueries queries,
    AlertStore store,
    IOptions<AlertOptions> options,
    StoreEvents events,
    NotificationComposer? notifications = null)
{
    /// <summary>Prometheus: alerts firing now, by severity (scraped at /metrics).</summary>
    public static readonly Prometheus.Gauge FiringAlerts = Prometheus.Metrics.CreateGauge(
        "hybridrouting_alerts_firing", "Alerts firing now, by severity.", new Prometheus.GaugeConfiguration { LabelNames = ["severity"] });

    /// <summary>Every severity is published from the start, so a scrape sees 0 rather than no series.</summary>
    public static void PublishMetrics()
    {
        foreach (var severity in Enum.GetValues<AlertSeverity>())
        {
            FiringAlerts.WithLabels(severity.ToString().ToLowerInvariant());
        }
    }

    /// <summary>Each vantage point's routes at one moment, read once per evaluation whoever asks.</summary>
    private sealed class RouteTables(RoutingQueries queries, DateTimeOffset at, CancellationToken ct)
    {
        private readonly Dictionary<string, (IReadOnlyList<Route> Routes, CoveringIndex Index)> _cache = [];

        public async Task<(IReadOnlyList<Route> Routes, CoveringIndex Index)> Of(string vantage)
        {
            if (!_cache.TryGetValue(vantage, out var entry))
            {
                var routes = (await queries.RoutesAtAsync(vantage, at, null, ct)).Select(r => r.Route).ToArray();
                entry = (routes, new CoveringIndex(routes));
                _cache[vantage] = entry;
            }

            return entry;
        }
    }

    public Task<IReadOnlyList<Expectation>> ExpectationsAsync(DateTimeOffset at, IReadOnlyList<VantageState> vantages, CancellationToken ct) =>
        ExpectationsAsync(at, vantages, new RouteTables(queries, at, ct), ct);

    private async Task<IReadOnlyList<Expectation>> ExpectationsAsync(DateTimeOffset at, IReadOnlyList<VantageState> vantages, RouteTables tables, CancellationToken ct)
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
            routes[v.Id] = (await tables.Of(v.Id)).Routes;
        }

        var points = vantages.Select(v => v.Point).ToArray();
        // Has the NVA advertised a default route at any time in the last week? Then it stays expected while withdrawn.
        var defaultRoute = new PrefixFilter(IpPrefix.Parse("0.0.0.0/0"), PrefixMatch.Exact);
        var advertised = false;
        foreach (var v in relevant.Where(v => v.Kind == VantageKind.RouteServerLearned))
        {
            advertised |= (await queries.TimelineAsync(defaultRoute, at.AddDays(-7), at, v.Id, ct)).Lanes.Count > 0;
        }

        return [.. user, .. DerivedExpectations.From(points, routes, advertised)];
    }

    /// <param name="notify">False while backfilling: history is recorded, nobody is paged for it.</param>
    public async Task EvaluateAsync(IReadOnlyList<IngestResult> results, DateTimeOffset at, CancellationToken ct, bool notify = true)
    {
        if (results.Count == 0)
        {
            return;
        }

        var o = options.Value;
        var vantages = await queries.VantagePointsAsync(ct);
        var names = vantages.ToDictionary(v => v.Id, v => v.Name);
        var tables = new RouteTables(queries, at, ct);
        var expectations = await ExpectationsAsync(at, vantages, tables, ct);
        var polled = results.GroupBy(r => r.VantageId).ToDictionary(g => g.Key, g => g.Last());
        var candidates = new List<(string Key, string Rule, string Subject, string Vantage, AlertSeverity Severity, string Title, string? Detail, Evidence Evidence, LifecycleOptions Lifecycle)>();

        Task<(IReadOnlyList<Route> Routes, CoveringIndex Index)> RoutesOf(string vantage) => tables.Of(vantage);

        var lifecycle = new LifecycleOptions(o.FireAfter, o.ResolveAfter);
        foreach (var e in expectations)
        {
            foreach (var vantage in e.VantageIds.Where(polled.ContainsKey))
            {
                var result = polled[vantage];
                var evidence = result.Status != ObservationStatus.Ok ? Evidence.Unknown
                    : (await RoutesOf(vantage)).Index.MetBy(e) is null ? Evidence.Violated
                    : Evidence.Satisfied;
                var where = names.GetValueOrDefault(vantage, vantage);
                candidates.Add(($"{AlertRules.MissingPrefix}|{e.Id}|{vantage}", AlertRules.MissingPrefix, e.Id, vantage, e.Severity,
                    $"{e.Prefix} missing at {where}", $"{e.Name}. {e.Reason}", evidence, lifecycle));
            }
        }

        // Primary and secondary paths of a circuit must carry the same prefixes (journey 5).
        foreach (var pair in vantages.Where(v => v.Circuit is not null && polled.ContainsKey(v.Id)).GroupBy(v => v.ResourceId))
        {
            var primary = pair.FirstOrDefault(v => v.Circuit!.Path == CircuitPath.Primary);
            var secondary = pair.FirstOrDefault(v => v.Circuit!.Path == CircuitPath.Secondary);
            if (primary is null || secondary is null)
            {
                continue;
            }

            var bothOk = polled[primary.Id].Status == ObservationStatus.Ok && polled[secondary.Id].Status == ObservationStatus.Ok;
            var onlyOne = Array.Empty<IpPrefix>();
            if (bothOk)
            {
                var p = (await RoutesOf(primary.Id)).Routes.Select(r => r.Prefix).ToHashSet();
                var s2 = (await RoutesOf(secondary.Id)).Routes.Select(r => r.Prefix).ToHashSet();
                onlyOne = [.. p.Except(s2), .. s2.Except(p)];
            }

            var circuit = primary.Circuit!.CircuitName;
            candidates.Add(($"{AlertRules.PathAsymmetry}|{pair.Key}|{secondary.Id}", AlertRules.PathAsymmetry, pair.Key, secondary.Id, AlertSeverity.Warning,
                $"{circuit}: primary and secondary paths disagree",
                onlyOne.Length == 0 ? "The two paths carry the same prefixes." : $"{onlyOne.Length} prefix(es) on one path only: {string.Join(", ", onlyOne.Order().Take(6))}{(onlyOne.Length > 6 ? " …" : "")}",
                !bothOk ? Evidence.Unknown : onlyOne.Length > 0 ? Evidence.Violated : Evidence.Satisfied, new LifecycleOptions(2, 2)));
        }

        // Route counts approaching a documented Azure limit (warning at 80 %, critical at 95 %).
        foreach (var v in vantages.Where(v => polled.ContainsKey(v.Id) && KnownLimits.For(v.Kind) is not null))
        {
            var limit = KnownLimits.For(v.Kind)!;
            var ok = polled[v.Id].Status == ObservationStatus.Ok;
            var count = v.RouteCount;
            foreach (var (level, threshold, severity) in new[] { ("warning", 0.8, AlertSeverity.Warning), ("critical", 0.95, AlertSeverity.Critical) })
            {
                candidates.Add(($"{AlertRules.RouteLimit}|{level}|{v.Id}", AlertRules.RouteLimit, level, v.Id, severity,
                    $"{v.Name}: {count:N0} routes, {(double)count / limit.Value:P0} of the {limit.Value:N0} limit",
                    $"{limit.Label}: above it the BGP session is torn down or the connection goes down.",
                    !ok ? Evidence.Unknown : count >= threshold * limit.Value ? Evidence.Violated : Evidence.Satisfied, new LifecycleOptions(2, 2)));
            }
        }

        // A default route appearing or disappearing where routes are exchanged: fires on the change, clears two polls later.
        var defaultRoute = new PrefixFilter(IpPrefix.Parse("0.0.0.0/0"), PrefixMatch.Exact);
        foreach (var v in vantages.Where(v => polled.ContainsKey(v.Id) && v.Kind is VantageKind.RouteServerLearned or VantageKind.GatewayLearned or VantageKind.CircuitRouteTable))
        {
            var result = polled[v.Id];
            if (result.Status != ObservationStatus.Ok)
            {
                continue;
            }

            var now = (await RoutesOf(v.Id)).Routes.Any(r => r.Prefix.Length == 0 && r.Prefix.IsIPv4);
            var before = (await queries.RoutesAtAsync(v.Id, at.AddTicks(-1), defaultRoute, ct)).Count > 0;
            var changed = result.Unchanged ? false : now != before;
            candidates.Add(($"{AlertRules.DefaultRouteChange}|{v.Id}", AlertRules.DefaultRouteChange, v.Id, v.Id, AlertSeverity.Warning,
                $"Default route {(now ? "appeared" : "disappeared")} at {v.Name}",
                now ? "0.0.0.0/0 is now present: traffic without a more specific route follows it." : "0.0.0.0/0 is gone: traffic without a more specific route has nowhere to go.",
                changed ? Evidence.Violated : Evidence.Satisfied, new LifecycleOptions(1, 2)));
        }

        // The AVS /22 must overlap nothing else in the estate (on-prem, VNets).
        var avsVantages = vantages.Where(v => v.Kind == VantageKind.AvsSegments && polled.ContainsKey(v.Id)).ToArray();
        var elsewhere = new List<(IpPrefix Prefix, string Where)>();
        if (avsVantages.Length > 0)
        {
            foreach (var v in vantages.Where(v => v.Kind is VantageKind.VnetAddressSpace or VantageKind.CircuitRouteTable))
            {
                var own = (await RoutesOf(v.Id)).Routes;
                // From a circuit table only what on-prem announces (no Azure ASN in the path).
                elsewhere.AddRange(own.Where(r => v.Kind == VantageKind.VnetAddressSpace || (!r.AsPath.IsEmpty && !AzureAsns.CameThroughAzure(r.AsPath)))
                    .Where(r => r.Prefix.Length > 0).Select(r => (r.Prefix, v.Name)));
            }
        }

        foreach (var v in avsVantages)
        {
            var ok = polled[v.Id].Status == ObservationStatus.Ok;
            var block = (await RoutesOf(v.Id)).Routes.FirstOrDefault(r => r.Origin == RouteOrigins.AvsManagementBlock)?.Prefix;
            var overlaps = block is { } b ? elsewhere.Where(e => e.Prefix.Overlaps(b)).ToArray() : [];
            candidates.Add(($"{AlertRules.AvsOverlap}|{v.Id}", AlertRules.AvsOverlap, v.Id, v.Id, AlertSeverity.Critical,
                $"AVS network block {block} overlaps other address space",
                overlaps.Length == 0 ? "No overlap." : string.Join("; ", overlaps.Take(5).Select(o => $"{o.Prefix} at {o.Where}")),
                !ok || block is null ? Evidence.Unknown : overlaps.Length > 0 ? Evidence.Violated : Evidence.Satisfied, new LifecycleOptions(1, 1)));
        }

        // A more-specific of an AVS or on-prem prefix learned from the NVA: a leak or a hijack.
        var protectedPrefixes = expectations.Where(e => e.Source is ExpectationSource.AvsSegment or ExpectationSource.AvsManagementBlock or ExpectationSource.OnPremPrefix)
            .Select(e => e.Prefix).Distinct().ToArray();
        foreach (var v in vantages.Where(v => v.Kind == VantageKind.RouteServerLearned && polled.ContainsKey(v.Id)))
        {
            var ok = polled[v.Id].Status == ObservationStatus.Ok;
            var suspicious = ok
                ? (await RoutesOf(v.Id)).Routes.Where(r => protectedPrefixes.Any(p => p.Contains(r.Prefix) && r.Prefix.Length > p.Length)).Select(r => r.Prefix).ToArray()
                : [];
            candidates.Add(($"{AlertRules.MoreSpecific}|{v.Id}", AlertRules.MoreSpecific, v.Id, v.Id, AlertSeverity.Critical,
                $"More-specific of an AVS or on-prem prefix learned at {v.Name}",
                suspicious.Length == 0 ? "None." : $"{string.Join(", ", suspicious.Take(5))}: traffic for them would follow this peer instead of the real origin.",
                !ok ? Evidence.Unknown : suspicious.Length > 0 ? Evidence.Violated : Evidence.Satisfied, new LifecycleOptions(1, 2)));
        }

        // BGP sessions the topology reports as not connected.
        if (await queries.TopologyAtAsync(at, ct) is { } topology)
        {
            // Branch-to-branch off while AVS and the NVA are expected to meet through Route Server.
            var hasAvs = topology.Nodes.Any(n => n.Kind == NodeKind.AvsPrivateCloud);
            var hasNva = topology.Nodes.Any(n => n.Kind == NodeKind.Nva);
            foreach (var routeServer in topology.Nodes.Where(n => n.Kind == NodeKind.RouteServer && n.Facts?.BranchToBranch is not null))
            {
                var link = topology.Links.FirstOrDefault(l => l.Kind == LinkKind.BgpSession && (l.From == routeServer.Id || l.To == routeServer.Id)
                    && topology.Nodes.Any(n => n.Kind is NodeKind.ExpressRouteGateway or NodeKind.VpnGateway && (n.Id == l.From || n.Id == l.To)));
                if (link is null)
                {
                    continue;
                }

                candidates.Add(($"{AlertRules.BranchToBranch}|{link.Id}", AlertRules.BranchToBranch, link.Id, link.Id, AlertSeverity.Critical,
                    "Route Server branch-to-branch is off", "AVS and the NVA only exchange routes through Route Server with branch-to-branch on.",
                    !(hasAvs && hasNva) ? Evidence.Satisfied : routeServer.Facts!.BranchToBranch == false ? Evidence.Violated : Evidence.Satisfied, new LifecycleOptions(1, 1)));
            }

            foreach (var link in topology.Links.Where(l => l.Kind == LinkKind.BgpSession && l.State != BgpState.Disabled))
            {
                var evidence = link.State is null or BgpState.Unknown ? Evidence.Unknown
                    : link.State == BgpState.Connected ? Evidence.Satisfied : Evidence.Violated;
                candidates.Add(($"{AlertRules.BgpSession}|{link.Id}", AlertRules.BgpSession, link.Id, link.Id, AlertSeverity.Critical,
                    $"BGP session not connected: {link.Label}", $"The session between {link.From} and {link.To} is {link.State}.", evidence, new LifecycleOptions(2, 2)));
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

        var outbox = new List<(string Channel, string Payload)>();
        if (notify && notifications is { Any: true } composer && updates.Any(u => u.Transition?.To is AlertState.Firing or AlertState.Resolved))
        {
            var existing = (await store.AlertsAsync(null, ct)).ToDictionary(a => a.Key);
            foreach (var u in updates.Where(u => u.Transition?.To is AlertState.Firing or AlertState.Resolved))
            {
                var known = existing.GetValueOrDefault(u.Key);
                if (known?.SilencedUntil is { } until && until > at)
                {
                    continue;
                }

                outbox.AddRange(composer.Compose(new AlertMessage(u.Transition!.To.ToString(), u.Severity, u.Title, u.Detail, u.Rule, u.VantageId, at, composer.LinkFor(known?.Id))));
            }
        }

        await store.ApplyAsync(updates, ct, outbox);
        if (updates.Any(u => u.Transition is not null))
        {
            var firing = await store.AlertsAsync(AlertState.Firing, ct);
            foreach (var severity in Enum.GetValues<AlertSeverity>())
            {
                FiringAlerts.WithLabels(severity.ToString().ToLowerInvariant()).Set(firing.Count(a => a.Severity == severity));
            }

            events.RaiseStored();
        }
    }
}
