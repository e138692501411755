namespace HybridRoutingPortal.Core;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

public sealed record AttributeChange(string Attribute, string? Before, string? After);

/// <summary>One difference between two route sets of a vantage point.</summary>
public sealed record RouteChange(ChangeKind Kind, Route? Before, Route? After, IReadOnlyList<AttributeChange> Attributes)
{
    public IpPrefix Prefix => (After ?? Before)!.Prefix;
}

public sealed record RouteSetDiff(IReadOnlyList<RouteChange> Changes)
{
    public static readonly RouteSetDiff None = new([]);

    public int Added => Changes.Count(c => c.Kind == ChangeKind.Added);

    public int Removed => Changes.Count(c => c.Kind == ChangeKind.Removed);

    public int Changed => Changes.Count(c => c.Kind == ChangeKind.Changed);

    public bool IsEmpty => Changes.Count == 0;
}

/// <summary>
/// Compares two route sets. Routes are matched by <see cref="RouteKey"/>, so ECMP paths (one prefix,
/// several next hops) are compared path by path. Where a prefix lost exactly one path and gained exactly
/// one (same source slot), it is reported as a next-hop change rather than a removal plus an addition,
/// which is how an engineer reads "the next hop moved".
/// </summary>
public static class RouteDiff
{
    public static RouteSetDiff Compute(IEnumerable<Route> before, IEnumerable<Route> after)
    {
        var old = RouteSet.ByKey(before);
        var now = RouteSet.ByKey(after);
        var changes = new List<RouteChange>();
        var removed = new List<Route>();
        var added = new List<Route>();

        foreach (var (key, oldRoute) in old)
        {
            if (!now.TryGetValue(key, out var newRoute))
            {
                removed.Add(oldRoute);
            }
            else if (!oldRoute.SameAttributes(newRoute))
            {
                changes.Add(new RouteChange(ChangeKind.Changed, oldRoute, newRoute, AttributeChanges(oldRoute, newRoute)));
            }
        }

        foreach (var (key, newRoute) in now)
        {
            if (!old.ContainsKey(key))
            {
                added.Add(newRoute);
            }
        }

        PairSinglePathMoves(removed, added, changes);
        changes.Sort(static (a, b) =>
        {
            var byPrefix = a.Prefix.CompareTo(b.Prefix);
            return byPrefix != 0 ? byPrefix : a.Kind.CompareTo(b.Kind);
        });
        return new RouteSetDiff(changes);
    }

    public static IReadOnlyList<AttributeChange> AttributeChanges(Route before, Route after)
    {
        var list = new List<AttributeChange>();
        Compare("nextHop", before.NextHop, after.NextHop);
        Compare("sourcePeer", before.SourcePeer, after.SourcePeer);
        Compare("asPath", before.AsPath.Text, after.AsPath.Text);
        Compare("origin", before.Origin, after.Origin);
        Compare("weight", before.Weight?.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Weight?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Compare("localPreference", before.LocalPreference?.ToString(System.Globalization.CultureInfo.InvariantCulture), after.LocalPreference?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Compare("nextHopType", before.NextHopType, after.NextHopType);
        Compare("state", before.State?.ToString(), after.State?.ToString());
        return list;

        void Compare(string name, string? a, string? b)
        {
            if (!string.Equals(a ?? string.Empty, b ?? string.Empty, StringComparison.Ordinal))
            {
                list.Add(new AttributeChange(name, a, b));
            }
        }
    }

    private static void PairSinglePathMoves(List<Route> removed, List<Route> added, List<RouteChange> changes)
    {
        var removedBySlot = removed.GroupBy(r => (r.Prefix, r.LocalAddress)).ToDictionary(g => g.Key, g => g.ToList());
        var addedBySlot = added.GroupBy(r => (r.Prefix, r.LocalAddress)).ToDictionary(g => g.Key, g => g.ToList());

        foreach (var (slot, gone) in removedBySlot)
        {
            if (gone.Count == 1 && addedBySlot.TryGetValue(slot, out var came) && came.Count == 1)
            {
                changes.Add(new RouteChange(ChangeKind.Changed, gone[0], came[0], AttributeChanges(gone[0], came[0])));
                addedBySlot.Remove(slot);
            }
            else
            {
                changes.AddRange(gone.Select(r => new RouteChange(ChangeKind.Removed, r, null, [])));
            }
        }

        changes.AddRange(addedBySlot.Values.SelectMany(v => v).Select(r => new RouteChange(ChangeKind.Added, null, r, [])));
    }
}
