using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Monitoring.Explain;

/// <summary>
/// The reason line a missing-prefix notification carries: <see cref="Explanation.LineFor"/> the alert's vantage point at the
/// moment of the poll. Asked only for the alerts that fire or resolve in a poll, so a quiet poll explains nothing and a
/// busy one builds one explainer for all of them.
/// </summary>
public sealed class MissingPrefixReasons(ExplainService explain, ILogger<MissingPrefixReasons> logger)
{
    /// <returns>The line per alert key; an alert without an expectation in force (or a failed explanation) has none.</returns>
    public async Task<IReadOnlyDictionary<string, string>> LinesAsync(IReadOnlyList<AlertUpdate> changes, IReadOnlyList<Expectation> expectations,
        DateTimeOffset at, CancellationToken ct)
    {
        var missing = changes.Where(u => u.Rule == MissingPrefixRule.RuleName).ToArray();
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        if (missing.Length == 0)
        {
            return lines;
        }

        var byId = expectations.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        try
        {
            // Built afresh, not taken from the cache: this poll has just been stored and not yet announced.
            var explainer = await explain.BuildAsync(at, ct);
            var explained = new Dictionary<(IpPrefix, ExpectationSource), Explanation>();
            foreach (var u in missing)
            {
                if (!byId.TryGetValue(u.Subject, out var e))
                {
                    continue;
                }

                if (!explained.TryGetValue((e.Prefix, e.Source), out var explanation))
                {
                    explained[(e.Prefix, e.Source)] = explanation = explainer.Explain(e.Prefix, at, OriginHints.For(e.Source));
                }

                lines[u.Key] = explanation.LineFor(u.VantageId) ?? explanation.Summary;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A notification without its reason beats no notification: the alert itself must still go out.
            logger.LogWarning(ex, "Could not explain {Count} missing-prefix alerts at {At}; their notifications go without a reason line", missing.Length, at);
        }

        return lines;
    }
}
