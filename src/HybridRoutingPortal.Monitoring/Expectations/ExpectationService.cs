using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;

namespace HybridRoutingPortal.Monitoring.Expectations;

/// <summary>An expectation as a person writes it (the API body, the page's form, an entry of an imported file).</summary>
public sealed record ExpectationDraft(string? Id, string? Name, string? Prefix, IReadOnlyList<string>? VantageIds, AlertSeverity? Severity, string? Owner, string? Reason);

/// <summary>Field errors keyed as the API reports them ("prefix", "[2].vantageIds").</summary>
public sealed class ValidationErrors : Dictionary<string, string[]>
{
    public void Add(string field, string message) => this[field] = [message];
}

/// <summary>A use-case's answer: the value, or why the input was refused.</summary>
public sealed record Outcome<T>(T? Value, ValidationErrors Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The expectation use-cases shared by the API and the pages: list, create, delete, import. One place
/// checks a draft (name, prefix, known vantage points), so no caller can skip a check.
/// </summary>
public sealed class ExpectationService(AlertStore store, RoutingQueries queries, ExpectationCatalog catalog, TimeProvider time)
{
    public const string DerivedPrefix = "derived:";

    public async Task<IReadOnlyList<Expectation>> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var vantages = await queries.VantagePointsAsync(ct);
        return await catalog.AllAsync(now, vantages, new StoredRouteTables(queries, now), ct);
    }

    public async Task<Outcome<Expectation>> CreateAsync(ExpectationDraft draft, CancellationToken ct)
    {
        var known = await KnownVantagesAsync(ct);
        var errors = new ValidationErrors();
        var expectation = Check(draft, known, NewId(), "", errors);
        if (expectation is null)
        {
            return new Outcome<Expectation>(null, errors);
        }

        await store.AddExpectationsAsync([expectation], time.GetUtcNow(), ct);
        return new Outcome<Expectation>(expectation, errors);
    }

    public async Task<Outcome<bool>> DeleteAsync(string id, CancellationToken ct)
    {
        if (id.StartsWith(DerivedPrefix, StringComparison.Ordinal))
        {
            var errors = new ValidationErrors();
            errors.Add("id", "Derived expectations follow the estate; switch them off with Alerts:DerivedExpectations=false.");
            return new Outcome<bool>(false, errors);
        }

        return new Outcome<bool>(await store.DeleteExpectationAsync(id, ct), new ValidationErrors());
    }

    /// <summary>
    /// Imports a file of expectations (the export's format), all or nothing: a file with any bad entry imports
    /// nothing, so it can be fixed and sent again. Derived entries in it are skipped.
    /// </summary>
    public async Task<Outcome<int>> ImportAsync(IReadOnlyList<ImportedExpectation?> entries, CancellationToken ct)
    {
        var known = await KnownVantagesAsync(ct);
        var existing = (await store.ExpectationsAsync(ct)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new ValidationErrors();
        var imported = new List<Expectation>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not { } entry)
            {
                errors.Add($"[{i}]", "An entry is null; each entry is an expectation object.");
                continue;
            }

            if (entry.Source is { } source && source != ExpectationSource.User)
            {
                continue;
            }

            // An id already here (or twice in the file) gets a fresh one: importing the same file twice adds, never overwrites.
            // Ids are compared as stored (trimmed), so " a" and "a" are the same id.
            var wanted = entry.Id?.Trim();
            var id = string.IsNullOrEmpty(wanted) || existing.Contains(wanted) || !seen.Add(wanted) || wanted.StartsWith(DerivedPrefix, StringComparison.Ordinal)
                ? NewId() : wanted;
            if (Check(entry.Draft, known, id, $"[{i}].", errors) is { } e)
            {
                imported.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            return new Outcome<int>(0, errors);
        }

        await store.AddExpectationsAsync(imported, time.GetUtcNow(), ct);
        return new Outcome<int>(imported.Count, errors);
    }

    private async Task<HashSet<string>> KnownVantagesAsync(CancellationToken ct) =>
        (await queries.VantagePointsAsync(ct)).Select(v => v.Id).ToHashSet(StringComparer.Ordinal);

    private static string NewId() => "user:" + Guid.NewGuid().ToString("N")[..12];

    private static Expectation? Check(ExpectationDraft draft, HashSet<string> known, string id, string at, ValidationErrors errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add(at + "name", "A name is required.");
        }

        if (!IpPrefix.TryParse(draft.Prefix, out var prefix, out var prefixError))
        {
            errors.Add(at + "prefix", prefixError);
        }

        var ids = (draft.VantageIds ?? []).Where(v => v is not null).Select(v => v.Trim().ToLowerInvariant()).Distinct().ToArray();
        if (ids.Length == 0)
        {
            errors.Add(at + "vantageIds", "Name at least one vantage point (GET /api/v1/vantage-points lists them).");
        }
        else if (ids.FirstOrDefault(i => !known.Contains(i)) is { } unknown)
        {
            errors.Add(at + "vantageIds", $"'{unknown}' is not a known vantage point.");
        }

        if (draft.Severity is { } severity && !Enum.IsDefined(severity))
        {
            errors.Add(at + "severity", "'severity' is Info, Warning or Critical.");
        }

        return errors.Count > before ? null : new Expectation(id, draft.Name!.Trim(), prefix, ids, draft.Severity ?? AlertSeverity.Warning,
            string.IsNullOrWhiteSpace(draft.Owner) ? "unassigned" : draft.Owner.Trim(), ExpectationSource.User, draft.Reason?.Trim() ?? "");
    }
}

/// <summary>One entry of an expectations file: what GET /api/v1/expectations exports.</summary>
public sealed record ImportedExpectation(string? Id, string? Name, string? Prefix, IReadOnlyList<string>? VantageIds, AlertSeverity? Severity, string? Owner,
    ExpectationSource? Source, string? Reason)
{
    public ExpectationDraft Draft => new(Id, Name, Prefix, VantageIds, Severity, Owner, Reason);
}
