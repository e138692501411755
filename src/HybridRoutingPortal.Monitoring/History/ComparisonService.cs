using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.History;

/// <summary>What changed between two moments, and which vantage points could not be compared back that far.</summary>
/// <param name="NoHistoryBefore">Vantage points whose first poll falls inside the window, with that first poll: before it nothing is known,
/// so they are compared from it, never "everything was added".</param>
public sealed record Comparison(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VantageDiff> Diffs, IReadOnlyDictionary<string, DateTimeOffset> NoHistoryBefore);

/// <summary>
/// Compares two moments for the API, the Compare page and the topology's compare mode alike. A vantage point
/// with no history at the earlier moment is compared from its first poll: no data is not absence.
/// </summary>
public sealed class ComparisonService(RoutingQueries queries)
{
    /// <summary>The longest window one comparison or timeline may span (documented in docs/api.md).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    // The last few answers by the polls that bound their window: between two polls, every "what changed since …"
    // that many people (or one dashboard refresh) ask reads the same intervals.
    private const int Remembered = 8;
    private readonly Lock _gate = new();
    private readonly LinkedList<(string? Vantage, HistoryWindow Window, Comparison Answer)> _recent = new();

    public async Task<Comparison> CompareAsync(DateTimeOffset from, DateTimeOffset to, string? vantageId, CancellationToken ct)
    {
        var window = await queries.HistoryWindowAsync(from, to, ct);
        if (window is not null)
        {
            lock (_gate)
            {
                if (_recent.FirstOrDefault(r => r.Vantage == vantageId && r.Window == window) is { Answer: { } known })
                {
                    return known with { From = from, To = to };
                }
            }
        }

        var answer = await ComputeAsync(from, to, vantageId, ct);
        if (window is not null)
        {
            lock (_gate)
            {
                _recent.AddFirst((vantageId, window, answer));
                if (_recent.Count > Remembered)
                {
                    _recent.RemoveLast();
                }
            }
        }

        return answer;
    }

    private async Task<Comparison> ComputeAsync(DateTimeOffset from, DateTimeOffset to, string? vantageId, CancellationToken ct)
    {
        var starts = await queries.HistoryStartsAsync(ct);
        var late = starts.Where(s => s.Value > from && (vantageId is null || s.Key == vantageId)).ToDictionary(s => s.Key, s => s.Value);
        var diffs = (await queries.DiffAsync(from, to, vantageId, ct)).Where(d => !late.ContainsKey(d.VantageId)).ToList();
        foreach (var (id, first) in late.Where(l => l.Value <= to))
        {
            diffs.AddRange(await queries.DiffAsync(first, to, id, ct));
        }

        // A vantage point polled for the first time after the window has nothing to say about it.
        var noHistory = late.Where(l => l.Value <= to).ToDictionary(l => l.Key, l => l.Value);
        return new Comparison(from, to, diffs.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray(), noHistory);
    }
}
