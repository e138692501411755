using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Expectations;

namespace HybridRoutingPortal.Monitoring.Explain;

/// <summary>Why an alert's prefix is missing at its vantage point, as of <see cref="At"/> (now, or the last moment a resolved alert still held).</summary>
/// <param name="Hop">The alert's vantage point on the path, or null when the model does not carry the prefix there.</param>
/// <param name="Line">One line: <see cref="Explanation.LineFor"/> the vantage point, else the explanation's summary.</param>
public sealed record AlertExplanation(Expectation Expectation, Explanation Explanation, ExplainedHop? Hop, string Line, DateTimeOffset At, bool Live);

/// <summary>
/// Explains a missing-prefix alert for its page: the expectation behind it (read at the moment explained, so a derived one
/// that has since gone is still found), its origin as the expectation knows it, and the alert's vantage point on the path.
/// </summary>
public sealed class AlertExplainer(ExplainService explain, ExpectationCatalog catalog, RoutingQueries queries, TimeProvider time)
{
    public async Task<AlertExplanation?> ForAsync(AlertInfo alert, CancellationToken ct)
    {
        if (alert.Rule != MissingPrefixRule.RuleName)
        {
            return null;
        }

        // A resolved alert is explained as it last stood while missing; an active one as it stands now.
        var live = alert.State != AlertState.Resolved || alert.ResolvedAt is null;
        var at = live ? time.GetUtcNow() : alert.ResolvedAt!.Value.AddTicks(-1);
        var vantages = await queries.VantagePointsAsync(ct);
        var expectations = await catalog.AllAsync(at, vantages, new StoredRouteTables(queries, at), ct);
        if (expectations.FirstOrDefault(e => e.Id == alert.Subject) is not { } expectation)
        {
            return null;
        }

        var explanation = await explain.ExplainAsync(expectation.Prefix, at, OriginHints.For(expectation.Source), ct);
        return new AlertExplanation(expectation, explanation, explanation.Hop(alert.VantageId),
            explanation.LineFor(alert.VantageId) ?? explanation.Summary, at, live);
    }
}
