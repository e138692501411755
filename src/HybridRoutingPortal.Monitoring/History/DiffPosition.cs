using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.History;

/// <summary>Where a page of a comparison ends: a vantage point and how many of its changes were already given.</summary>
public readonly record struct DiffPosition(string VantageId, int Skip)
{
    public string ToToken() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Skip.ToString(CultureInfo.InvariantCulture)}|{VantageId}"));

    public static bool TryParse(string? token, out DiffPosition position)
    {
        position = default;
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4000)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && int.TryParse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var skip) && Core.VantageId.IsWellFormed(text[(bar + 1)..], out _))
            {
                position = new DiffPosition(text[(bar + 1)..], skip);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    /// <summary>
    /// At most <paramref name="limit"/> changes from <paramref name="diffs"/> (ordered by vantage name, as a comparison is),
    /// starting at <paramref name="after"/>; a vantage point's changes may run over into the next page.
    /// </summary>
    public static (IReadOnlyList<VantageDiff> Page, DiffPosition? Next) Page(IReadOnlyList<VantageDiff> diffs, DiffPosition? after, int limit)
    {
        var start = after is { } a ? diffs.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.VantageId == a.VantageId).i : 0;
        var skip = after?.Skip ?? 0;
        if (after is { } missing && diffs.All(d => d.VantageId != missing.VantageId))
        {
            return ([], null);
        }

        var page = new List<VantageDiff>();
        var room = limit;
        for (var i = start; i < diffs.Count; i++, skip = 0)
        {
            var changes = diffs[i].Diff.Changes;
            var take = Math.Min(room, changes.Count - skip);
            if (take > 0)
            {
                page.Add(diffs[i] with { Diff = new RouteSetDiff(changes.Skip(skip).Take(take).ToArray()) });
                room -= take;
            }

            if (room == 0)
            {
                var consumed = skip + take;
                var next = consumed < changes.Count ? new DiffPosition(diffs[i].VantageId, consumed)
                    : i + 1 < diffs.Count ? new DiffPosition(diffs[i + 1].VantageId, 0)
                    : (DiffPosition?)null;
                return (page, next);
            }
        }

        return (page, null);
    }
}
