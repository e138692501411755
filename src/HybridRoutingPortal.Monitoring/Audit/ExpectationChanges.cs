using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Monitoring.Expectations;

namespace HybridRoutingPortal.Monitoring.Audit;

/// <summary>Creating, deleting and importing expectations by a known person; each change goes to the audit trail.</summary>
public sealed class ExpectationChanges(ExpectationService expectations, AuditTrail audit)
{
    /// <summary>An expectation as the trail keeps it.</summary>
    public sealed record Snapshot(string Id, string Name, string Prefix, IReadOnlyList<string> VantageIds, AlertSeverity Severity, string Owner, string Reason)
    {
        public static Snapshot Of(Expectation e) => new(e.Id, e.Name, e.Prefix.ToString(), e.VantageIds, e.Severity, e.Owner, e.Reason);
    }

    public async Task<Outcome<Expectation>> CreateAsync(Actor actor, ExpectationDraft draft, CancellationToken ct)
    {
        var outcome = await expectations.CreateAsync(draft, ct);
        if (outcome is { Ok: true, Value: { } e })
        {
            await audit.ChangedAsync(actor, AuditActions.CreateExpectation, ExpectationTarget(e.Id), null, Snapshot.Of(e), ct);
        }

        return outcome;
    }

    public async Task<Outcome<bool>> DeleteAsync(Actor actor, string id, CancellationToken ct)
    {
        var before = (await expectations.ListAsync(ct)).FirstOrDefault(e => e.Id == id && e.Source == ExpectationSource.User);
        var outcome = await expectations.DeleteAsync(id, ct);
        if (outcome is { Ok: true, Value: true })
        {
            await audit.ChangedAsync(actor, AuditActions.DeleteExpectation, ExpectationTarget(id), before is null ? null : Snapshot.Of(before), null, ct);
        }

        return outcome;
    }

    public async Task<Outcome<int>> ImportAsync(Actor actor, IReadOnlyList<ImportedExpectation?> entries, CancellationToken ct)
    {
        var before = UserIds(await expectations.ListAsync(ct));
        var outcome = await expectations.ImportAsync(entries, ct);
        if (outcome is { Ok: true, Value: > 0 })
        {
            var added = (await expectations.ListAsync(ct)).Where(e => e.Source == ExpectationSource.User && !before.Contains(e.Id)).Select(Snapshot.Of).ToArray();
            await audit.ChangedAsync(actor, AuditActions.ImportExpectations, "expectations", new { count = before.Count },
                new { count = before.Count + outcome.Value, imported = added }, ct);
        }

        return outcome;
    }

    public static string ExpectationTarget(string id) => $"expectation/{id}";

    private static HashSet<string> UserIds(IEnumerable<Expectation> all) =>
        all.Where(e => e.Source == ExpectationSource.User).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
}
