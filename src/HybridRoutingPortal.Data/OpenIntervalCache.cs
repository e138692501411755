using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>
/// The open intervals of each vantage point as the writer last committed them. An entry is used only while the database
/// still says what the writer last wrote (the vantage point's last poll id and content hash), so a write by another
/// instance (after a failover) or a rolled-back transaction makes it read the rows again. The total is capped: past
/// <see cref="MaxRoutes"/>, the largest tables are read from the database as before.
/// </summary>
internal sealed class OpenIntervalCache
{
    /// <summary>About 200 bytes a route: a cap of a few hundred megabytes at most.</summary>
    public const int MaxRoutes = 1_000_000;

    private readonly Dictionary<int, Entry> _entries = [];
    private int _routes;

    /// <summary>The entry, if it still matches the vantage point's row.</summary>
    public Entry? Get(int vantageKey, long? lastPollId, string? contentHash) =>
        _entries.TryGetValue(vantageKey, out var entry) && lastPollId == entry.PollId && contentHash == entry.ContentHash ? entry : null;

    /// <summary>A poll that left the open set as it was (unchanged or failed): the entry now matches the new poll.</summary>
    public void Advance(int vantageKey, Entry? entry, long pollId)
    {
        if (entry is null)
        {
            Forget(vantageKey);
            return;
        }

        _entries[vantageKey] = entry with { PollId = pollId };
    }

    /// <summary>The open set after a changed poll; null when it does not fit under the cap.</summary>
    public Entry? Put(int vantageKey, long pollId, string contentHash, Dictionary<RouteKey, (long Id, Route Route)> intervals)
    {
        Forget(vantageKey);
        if (_routes + intervals.Count > MaxRoutes)
        {
            return null;
        }

        var entry = new Entry(pollId, contentHash, intervals);
        _entries[vantageKey] = entry;
        _routes += intervals.Count;
        return entry;
    }

    public void Forget(int vantageKey)
    {
        if (_entries.Remove(vantageKey, out var entry))
        {
            _routes -= entry.Intervals.Count;
        }
    }

    /// <summary>One vantage point's open intervals by route key, as of poll <see cref="PollId"/>.</summary>
    public sealed record Entry(long PollId, string ContentHash, Dictionary<RouteKey, (long Id, Route Route)> Intervals)
    {
        /// <summary>A copy of the routes for readers outside the writer, in no particular order (sorting is the reader's cost).</summary>
        public IReadOnlyList<Route> Routes()
        {
            var routes = new Route[Intervals.Count];
            var i = 0;
            foreach (var (_, route) in Intervals.Values)
            {
                routes[i++] = route;
            }

            return routes;
        }
    }
}
