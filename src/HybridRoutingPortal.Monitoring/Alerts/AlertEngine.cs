using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Expectations;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>Where the count of firing alerts goes after each change (the host exports it, e.g. to Prometheus).</summary>
public interface IAlertMetrics
{
    void FiringChanged(IReadOnlyDictionary<AlertSeverity, int> firingBySeverity);
}

/// <summary>
/// Evaluates every rule after each stored poll cycle and moves each alert through its lifecycle. Rules
/// say what a poll shows; the engine alone keeps state, writes transitions and queues notifications
/// (in the same transaction, so a crash cannot lose one).
/// </summary>
public sealed class AlertEngine(
    RoutingQueries queries,
    AlertStore store,
    ExpectationCatalog expectations,
    IEnumerable<IAlertRule> rules,
    IOptions<AlertOptions> options,
    StoreEvents events,
    NotificationComposer? notifications = null,
    IAlertMetrics? metrics = null,
    MissingPrefixReasons? reasons = null)
{
    private readonly IReadOnlyList<IAlertRule> _rules = rules.ToArray();

    /// <param name="notify">False while backfilling: history is recorded, nobody is paged for it.</param>
    /// <param name="topologyObserved">
    /// False for a targeted read (some vantage points, no new topology): the topology rules are not asked, so the last
    /// stored topology is not counted again as a new poll, and their alerts are neither moved nor taken as gone.
    /// </param>
    public async Task EvaluateAsync(IReadOnlyList<IngestResult> results, DateTimeOffset at, CancellationToken ct, bool notify = true, bool topologyObserved = true)
    {
        if (results.Count == 0)
        {
            return;
        }

        var vantages = await queries.VantagePointsAsync(ct);
        var routes = new StoredRouteTables(queries, at);
        // A vantage point polled twice in one batch counts once, by its latest poll.
        var latest = results.GroupBy(r => r.VantageId).Select(g => g.Last()).ToArray();
        foreach (var result in latest)
        {
            if (result.Routes is { } stored)
            {
                routes.Seed(result.VantageId, stored);
            }
        }

        var polled = latest.ToDictionary(r => r.VantageId, r => new PolledVantage(r.VantageId, r.Status, r.Unchanged, r.First));
        var context = new RuleContext(at, vantages, polled, await expectations.AllAsync(at, vantages, routes, ct),
            await queries.TopologyAtAsync(at, ct), routes, options.Value);
        var rules = _rules.Where(r => r.Scope == AlertScope.PolledVantages || (r.Scope == AlertScope.Topology && topologyObserved)).ToArray();
        await RunAsync(context, rules, notify, ct);
    }

    /// <summary>
    /// After a metrics read of the fast lane: only the rules over signals are asked (a metric never moves a table's
    /// alert), and an active signal alert whose series the estate no longer has resolves.
    /// </summary>
    public async Task EvaluateSignalsAsync(SignalEvaluation signals, DateTimeOffset at, CancellationToken ct, bool notify = true)
    {
        var rules = _rules.Where(r => r.Scope == AlertScope.Signals).ToArray();
        if (rules.Length == 0)
        {
            return;
        }

        var vantages = await queries.VantagePointsAsync(ct);
        var context = new RuleContext(at, vantages, new Dictionary<string, PolledVantage>(), [], null, new StoredRouteTables(queries, at), options.Value, signals);
        await RunAsync(context, rules, notify, ct);
    }

    private async Task RunAsync(RuleContext context, IReadOnlyList<IAlertRule> rules, bool notify, CancellationToken ct)
    {
        var at = context.At;
        var candidates = new List<AlertCandidate>();
        foreach (var rule in rules)
        {
            candidates.AddRange(await rule.EvaluateAsync(context, ct));
        }

        var statuses = await store.StatusesAsync(candidates.Select(c => c.Key).ToArray(), ct);
        var updates = new List<AlertUpdate>();
        foreach (var c in candidates)
        {
            var before = statuses.GetValueOrDefault(c.Key, AlertStatus.Inactive);
            var (after, transition) = AlertLifecycle.Apply(before, c.Evidence, at, c.Lifecycle);
            if (after != before || transition is not null)
            {
                updates.Add(new AlertUpdate(c.Key, c.Rule, c.Subject, c.VantageId, c.Severity, c.Title, c.Detail, after, transition, at));
            }
        }

        updates.AddRange(await OrphansAsync(context, rules, candidates.Select(c => c.Key).ToHashSet(StringComparer.Ordinal), ct));

        var outbox = notify ? await NotificationsForAsync(updates, context.Expectations, at, ct) : [];
        await store.ApplyAsync(updates, ct, outbox);
        if (updates.Any(u => u.Transition is not null))
        {
            if (metrics is not null)
            {
                var firing = await store.AlertsAsync(AlertState.Firing, ct);
                metrics.FiringChanged(Enum.GetValues<AlertSeverity>().ToDictionary(s => s, s => firing.Count(a => a.Severity == s)));
            }

            events.RaiseStored();
        }
    }

    /// <summary>
    /// Active alerts no rule produced although their scope was seen in this evaluation: their subject is gone (an
    /// expectation deleted or no longer derived, a vantage point retired, a session no longer in the topology, a metric
    /// series the estate no longer has). They resolve. Alerts of rules not asked in this evaluation are left alone: a
    /// targeted read of some vantage points, or a metrics read, says nothing about the others.
    /// </summary>
    private async Task<IReadOnlyList<AlertUpdate>> OrphansAsync(RuleContext context, IReadOnlyList<IAlertRule> evaluated, HashSet<string> produced, CancellationToken ct)
    {
        var asked = evaluated.ToDictionary(r => r.Name, r => r.Scope, StringComparer.Ordinal);
        var known = _rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var retired = context.Vantages.Where(v => !v.Active).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = new List<AlertUpdate>();
        foreach (var alert in (await store.AlertsAsync(null, ct)).Where(a => a.State is AlertState.Firing or AlertState.Pending && !produced.Contains(a.Key)))
        {
            AlertScope? scope = asked.TryGetValue(alert.Rule, out var s) ? s
                // A rule no longer in the portal: its alerts go with the vantage points of a table evaluation.
                : !known.Contains(alert.Rule) && context.Signals is null ? AlertScope.PolledVantages
                : null;
            var gone = scope switch
            {
                AlertScope.Topology => context.Topology is not null,
                AlertScope.Signals => context.Signals is { } signals && !signals.KnownSeries.Contains(alert.Subject),
                AlertScope.PolledVantages => context.Polled.ContainsKey(alert.VantageId) || retired.Contains(alert.VantageId),
                _ => false,
            };
            if (!gone)
            {
                continue;
            }

            var before = new AlertStatus(alert.State, 0, 0, alert.Since, alert.FiredAt, alert.ResolvedAt);
            var (after, transition) = AlertLifecycle.Retire(before, context.At);
            orphans.Add(new AlertUpdate(alert.Key, alert.Rule, alert.Subject, alert.VantageId, alert.Severity, alert.Title,
                alert.Detail + " (Resolved: its subject is no longer part of the estate or the expectations.)", after, transition, context.At));
        }

        return orphans;
    }

    private async Task<IReadOnlyList<OutboxMessage>> NotificationsForAsync(IReadOnlyList<AlertUpdate> updates, IReadOnlyList<Expectation> expectations,
        DateTimeOffset at, CancellationToken ct)
    {
        var changes = updates.Where(u => u.Transition?.To is AlertState.Firing or AlertState.Resolved).ToArray();
        if (notifications is not { Any: true } composer || changes.Length == 0)
        {
            return [];
        }

        var outbox = new List<OutboxMessage>();
        var existing = (await store.AlertsAsync(null, ct)).ToDictionary(a => a.Key);
        var audible = changes.Where(u => existing.GetValueOrDefault(u.Key)?.SilencedUntil is not { } until || until <= at).ToArray();
        // Each missing-prefix notification says why, in one line; explained only for the alerts that notify now.
        var lines = reasons is null ? new Dictionary<string, string>() : await reasons.LinesAsync(audible, expectations, at, ct);
        foreach (var u in audible)
        {
            var detail = lines.TryGetValue(u.Key, out var line) ? $"{u.Detail} Why: {line}" : u.Detail;
            outbox.AddRange(composer.Compose(new AlertMessage(u.Transition!.To.ToString(), u.Severity, u.Title, detail, u.Rule, u.VantageId, at,
                composer.LinkFor(existing.GetValueOrDefault(u.Key)?.Id))));
        }

        return outbox;
    }
}
