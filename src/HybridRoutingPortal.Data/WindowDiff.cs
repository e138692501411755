using System.Globalization;
using System.Runtime.CompilerServices;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>
/// Builds the diff of a time window from the only intervals that can differ between its two ends: those
/// alive at the start that ended inside it (the "before" side) and those that began inside it and were
/// alive at the end (the "after" side). Same answer as <see cref="RouteDiff.Compute"/> on the full tables,
/// without its per-row cost: every text column is interned once per query, so keys and attributes compare
/// by reference on the stored canonical forms (AS paths are stored canonical) and a <see cref="Route"/> is
/// created only for a row that ends up in the answer.
/// </summary>
internal sealed class WindowDiff
{
    /// <summary>Field separator of the packed row text; a control character no route field carries in practice
    /// (a row that does carry it is detected, see <see cref="TryAddPacked"/>).</summary>
    public const string Separator = "\u001F";

    private const int PackedFields = 8;

    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<int, Sides> _vantages = [];

    public WindowDiff() => _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Adds one row whose text columns arrive packed in one string (prefix length, next hop, source peer,
    /// local address, AS path, origin, weight, local preference, separated by <see cref="Separator"/>):
    /// one column read per row instead of eight. False when the text does not split into exactly those
    /// fields, which only a field containing the separator can cause; the caller then reads columns instead.
    /// </summary>
    public bool TryAddPacked(bool after, int vantageKey, byte[] network, string packed)
    {
        Span<Range> fields = stackalloc Range[PackedFields + 1];
        var text = packed.AsSpan();
        if (text.Split(fields, Separator[0]) != PackedFields
            || !int.TryParse(text[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || !TryParseOptional(text[fields[6]], out var weight)
            || !TryParseOptional(text[fields[7]], out var localPreference))
        {
            return false;
        }

        Add(after, vantageKey, network, length, text[fields[1]], text[fields[2]], text[fields[3]], text[fields[4]], text[fields[5]], weight, localPreference);
        return true;
    }

    public void Add(bool after, int vantageKey, byte[] network, int length, ReadOnlySpan<char> nextHop, ReadOnlySpan<char> sourcePeer,
        ReadOnlySpan<char> localAddress, ReadOnlySpan<char> asPath, ReadOnlySpan<char> origin, long? weight, long? localPreference)
    {
        if (!_vantages.TryGetValue(vantageKey, out var sides))
        {
            sides = new Sides();
            _vantages.Add(vantageKey, sides);
        }

        var row = new Row(IpPrefix.FromNetwork(network, length), Intern(nextHop), Intern(sourcePeer), Intern(localAddress), Intern(asPath), Intern(origin), weight, localPreference);
        (after ? sides.After : sides.Before).Add(row);
    }

    /// <summary>The non-empty diffs, per vantage key.</summary>
    public IEnumerable<(int VantageKey, RouteSetDiff Diff)> Build()
    {
        foreach (var (key, sides) in _vantages)
        {
            var diff = Build(sides.Before, sides.After);
            if (!diff.IsEmpty)
            {
                yield return (key, diff);
            }
        }
    }

    private static RouteSetDiff Build(List<Row> before, List<Row> after)
    {
        // Pair routes by key. A key present at both ends is a change only if its attributes differ (it may
        // have been withdrawn and restored unchanged inside the window).
        var byKey = new Dictionary<Row, int>(before.Count, KeyComparer.Instance);
        var consumed = new bool[before.Count];
        for (var i = 0; i < before.Count; i++)
        {
            if (!byKey.TryAdd(before[i], i))
            {
                consumed[i] = true; // a repeated key: the first one stands for it, as in RouteSet.ByKey
            }
        }

        var changes = new List<RouteChange>();
        var added = new List<int>();
        for (var j = 0; j < after.Count; j++)
        {
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byKey, after[j], out var exists);
            if (!exists)
            {
                slot = -1;
                added.Add(j);
            }
            else if (slot >= 0)
            {
                consumed[slot] = true;
                if (!SameAttributes(before[slot], after[j]))
                {
                    changes.Add(Changed(before[slot], after[j]));
                }

                slot = -1;
            }
        }

        // Where a slot (prefix, local address) lost exactly one path and gained exactly one, the next hop moved.
        var slots = new Dictionary<Row, SlotCount>(SlotComparer.Instance);
        for (var i = 0; i < before.Count; i++)
        {
            if (!consumed[i])
            {
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(slots, before[i], out _);
                count = count with { Removed = count.Removed + 1, FirstRemoved = count.Removed == 0 ? i : count.FirstRemoved };
            }
        }

        foreach (var j in added)
        {
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(slots, after[j], out _);
            count = count with { Added = count.Added + 1, FirstAdded = count.Added == 0 ? j : count.FirstAdded };
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (!consumed[i])
            {
                var count = slots[before[i]];
                changes.Add(count.IsMove ? Changed(before[i], after[count.FirstAdded]) : new RouteChange(ChangeKind.Removed, ToRoute(before[i]), null, []));
            }
        }

        foreach (var j in added)
        {
            if (!slots[after[j]].IsMove)
            {
                changes.Add(new RouteChange(ChangeKind.Added, null, ToRoute(after[j]), []));
            }
        }

        changes.Sort(ChangeOrder.Instance);
        return new RouteSetDiff(changes);
    }

    private static bool SameAttributes(in Row a, in Row b) =>
        ReferenceEquals(a.AsPath, b.AsPath) && ReferenceEquals(a.Origin, b.Origin) && a.Weight == b.Weight && a.LocalPreference == b.LocalPreference;

    private static RouteChange Changed(in Row before, in Row after)
    {
        var (b, a) = (ToRoute(before), ToRoute(after));
        return new RouteChange(ChangeKind.Changed, b, a, RouteDiff.AttributeChanges(b, a));
    }

    private static Route ToRoute(in Row r) =>
        new(r.Prefix, r.NextHop, AsPath.Parse(r.AsPath), r.Origin, r.Weight, r.LocalPreference,
            r.SourcePeer.Length == 0 ? null : r.SourcePeer, r.LocalAddress.Length == 0 ? null : r.LocalAddress);

    private string Intern(ReadOnlySpan<char> text)
    {
        if (!_lookup.TryGetValue(text, out var pooled))
        {
            pooled = text.ToString();
            _pool.Add(pooled, pooled);
        }

        return pooled;
    }

    private static bool TryParseOptional(ReadOnlySpan<char> text, out long? value)
    {
        value = null;
        if (text.IsEmpty)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>One stored interval's route, its text fields interned (so equal text is the same instance).</summary>
    private readonly record struct Row(IpPrefix Prefix, string NextHop, string SourcePeer, string LocalAddress, string AsPath, string Origin, long? Weight, long? LocalPreference);

    private sealed class Sides
    {
        public List<Row> Before { get; } = [];

        public List<Row> After { get; } = [];
    }

    private readonly record struct SlotCount(int Removed, int FirstRemoved, int Added, int FirstAdded)
    {
        public bool IsMove => Removed == 1 && Added == 1;
    }

    /// <summary>The route key (<see cref="RouteKey"/>): prefix, next hop, source peer, local address. Interned text compares by reference.</summary>
    private sealed class KeyComparer : IEqualityComparer<Row>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(Row a, Row b) =>
            a.Prefix == b.Prefix && ReferenceEquals(a.NextHop, b.NextHop) && ReferenceEquals(a.SourcePeer, b.SourcePeer) && ReferenceEquals(a.LocalAddress, b.LocalAddress);

        public int GetHashCode(Row r) =>
            HashCode.Combine(r.Prefix, RuntimeHelpers.GetHashCode(r.NextHop), RuntimeHelpers.GetHashCode(r.SourcePeer), RuntimeHelpers.GetHashCode(r.LocalAddress));
    }

    /// <summary>The slot a path occupies: prefix and the vantage's own address holding it.</summary>
    private sealed class SlotComparer : IEqualityComparer<Row>
    {
        public static readonly SlotComparer Instance = new();

        public bool Equals(Row a, Row b) => a.Prefix == b.Prefix && ReferenceEquals(a.LocalAddress, b.LocalAddress);

        public int GetHashCode(Row r) => HashCode.Combine(r.Prefix, RuntimeHelpers.GetHashCode(r.LocalAddress));
    }

    /// <summary>By prefix and change kind, as <see cref="RouteDiff.Compute"/> orders them; then by route key, so the order is total.</summary>
    private sealed class ChangeOrder : IComparer<RouteChange>
    {
        public static readonly ChangeOrder Instance = new();

        public int Compare(RouteChange? a, RouteChange? b)
        {
            var (x, y) = (a!.After ?? a.Before!, b!.After ?? b.Before!);
            var order = x.Prefix.CompareTo(y.Prefix);
            if (order == 0)
            {
                order = a.Kind.CompareTo(b.Kind);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(x.NextHop, y.NextHop);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(x.SourcePeer, y.SourcePeer);
            }

            return order != 0 ? order : string.CompareOrdinal(x.LocalAddress, y.LocalAddress);
        }
    }
}
