using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>
/// Builds the diff of a time window from the only intervals that can differ between its two ends: those
/// alive at the start that ended inside it (the "before" side) and those that began inside it and were
/// alive at the end (the "after" side). Same answer as <see cref="RouteDiff.Compute"/> on the full tables,
/// without its per-row cost: every text column is interned once per query, so keys and attributes compare
/// by reference on the stored canonical forms (AS paths are stored canonical), rows are matched through
/// their indexes, and a <see cref="Route"/> is created only for a row that ends up in the answer.
/// </summary>
internal sealed class WindowDiff
{
    /// <summary>Field separator of the packed row text; a control character no route field carries in practice
    /// (a row that does carry it is detected, see <see cref="TryAddPacked"/>).</summary>
    public const string Separator = "\u001F";

    private const int PackedFields = 10;

    private readonly Interner _nextHops = new(), _peers = new(), _localAddresses = new(), _asPaths = new(), _origins = new(), _nextHopTypes = new();
    private readonly Dictionary<int, Sides> _vantages = [];

    /// <summary>
    /// Adds one row whose text columns arrive packed in one string (prefix length, next hop, source peer,
    /// local address, AS path, origin, weight, local preference, next-hop type, state, separated by <see cref="Separator"/>):
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
            || !TryParseOptional(text[fields[7]], out var localPreference)
            || !TryParseOptional(text[fields[9]], out var state))
        {
            return false;
        }

        Add(after, vantageKey, network, length, text[fields[1]], text[fields[2]], text[fields[3]], text[fields[4]], text[fields[5]], weight, localPreference,
            text[fields[8]], state is null ? null : (RouteState)state.Value);
        return true;
    }

    /// <summary>The route columns the column-by-column readers select after VantageKey and Network, in <see cref="AddColumns"/>' order.</summary>
    public const string RouteColumns = "ri.PrefixLength, ri.NextHop, ri.SourcePeer, ri.LocalAddress, ri.AsPath, ri.Origin, ri.Weight, ri.LocalPreference, ri.NextHopType, ri.State";

    /// <summary>Adds a row whose <see cref="RouteColumns"/> start at column <paramref name="first"/>.</summary>
    public void AddColumns(bool after, int vantageKey, byte[] network, System.Data.Common.DbDataReader r, int first) =>
        Add(after, vantageKey, network, r.GetInt32(first), r.GetString(first + 1), r.GetString(first + 2), r.GetString(first + 3), r.GetString(first + 4), r.GetString(first + 5),
            r.IsDBNull(first + 6) ? null : r.GetInt64(first + 6), r.IsDBNull(first + 7) ? null : r.GetInt64(first + 7), r.GetString(first + 8),
            r.IsDBNull(first + 9) ? null : (RouteState)r.GetInt32(first + 9));

    public void Add(bool after, int vantageKey, byte[] network, int length, ReadOnlySpan<char> nextHop, ReadOnlySpan<char> sourcePeer,
        ReadOnlySpan<char> localAddress, ReadOnlySpan<char> asPath, ReadOnlySpan<char> origin, long? weight, long? localPreference,
        ReadOnlySpan<char> nextHopType = default, RouteState? state = null)
    {
        if (!_vantages.TryGetValue(vantageKey, out var sides))
        {
            sides = new Sides();
            _vantages.Add(vantageKey, sides);
        }

        var row = new Row(IpPrefix.FromNetwork(network, length), _nextHops.Intern(nextHop), _peers.Intern(sourcePeer), _localAddresses.Intern(localAddress),
            _asPaths.Intern(asPath), _origins.Intern(origin), weight, localPreference, _nextHopTypes.Intern(nextHopType), state);
        (after ? sides.After : sides.Before).Add(row);
    }

    /// <summary>The non-empty diffs, per vantage key.</summary>
    public IEnumerable<(int VantageKey, RouteSetDiff Diff)> Build()
    {
        foreach (var (key, sides) in _vantages)
        {
            var diff = new Pairing(sides.Before, sides.After).Diff();
            if (!diff.IsEmpty)
            {
                yield return (key, diff);
            }
        }
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
    private readonly struct Row(IpPrefix prefix, string nextHop, string sourcePeer, string localAddress, string asPath, string origin, long? weight, long? localPreference,
        string nextHopType, RouteState? state)
    {
        public readonly IpPrefix Prefix = prefix;
        public readonly string NextHop = nextHop, SourcePeer = sourcePeer, LocalAddress = localAddress, AsPath = asPath, Origin = origin, NextHopType = nextHopType;
        public readonly long? Weight = weight, LocalPreference = localPreference;
        public readonly RouteState? State = state;

        /// <summary>
        /// Hash of the route key (<see cref="RouteKey"/>); interned text hashes by identity. An effective route (one with a
        /// next-hop type) has its source and next-hop type in its key, as <see cref="RouteKey"/> has.
        /// </summary>
        public readonly int KeyHash = HashCode.Combine(prefix, RuntimeHelpers.GetHashCode(nextHop), RuntimeHelpers.GetHashCode(sourcePeer), RuntimeHelpers.GetHashCode(localAddress),
            RuntimeHelpers.GetHashCode(nextHopType), nextHopType.Length == 0 ? 0 : RuntimeHelpers.GetHashCode(origin));

        public bool SameKey(in Row other) =>
            KeyHash == other.KeyHash && Prefix == other.Prefix && ReferenceEquals(NextHop, other.NextHop)
            && ReferenceEquals(SourcePeer, other.SourcePeer) && ReferenceEquals(LocalAddress, other.LocalAddress)
            && ReferenceEquals(NextHopType, other.NextHopType) && (NextHopType.Length == 0 || ReferenceEquals(Origin, other.Origin));

        public bool SameAttributes(in Row other) =>
            ReferenceEquals(AsPath, other.AsPath) && ReferenceEquals(Origin, other.Origin) && Weight == other.Weight && LocalPreference == other.LocalPreference
            && State == other.State;

        public bool SameSlot(in Row other) => Prefix == other.Prefix && ReferenceEquals(LocalAddress, other.LocalAddress);

        public int SlotHash => HashCode.Combine(Prefix, RuntimeHelpers.GetHashCode(LocalAddress));

        public Route ToRoute() =>
            new(Prefix, NextHop, HybridRoutingPortal.Core.AsPath.Parse(AsPath), Origin, Weight, LocalPreference,
                SourcePeer.Length == 0 ? null : SourcePeer, LocalAddress.Length == 0 ? null : LocalAddress, NextHopType.Length == 0 ? null : NextHopType, State);
    }

    private sealed class Sides
    {
        public List<Row> Before { get; } = [];

        public List<Row> After { get; } = [];
    }

    /// <summary>
    /// Pairs one vantage point's two sides as <see cref="RouteDiff.Compute"/> does: by route key (a key at
    /// both ends is a change only if its attributes differ: it may have been withdrawn and restored inside
    /// the window), then, where a slot (prefix, local address) lost exactly one path and gained exactly one,
    /// as a next-hop move. Rows are referred to by index: a before row by its index, an after row by its
    /// index's complement, so the hash tables hold integers, not rows.
    /// </summary>
    private sealed class Pairing(List<Row> before, List<Row> after) : IEqualityComparer<int>
    {
        private bool _bySlot;

        public RouteSetDiff Diff()
        {
            var keys = new HashSet<int>(before.Count + after.Count, this);
            var consumed = new bool[before.Count];
            for (var i = 0; i < before.Count; i++)
            {
                consumed[i] = !keys.Add(i); // a repeated key: the first one stands for it, as in RouteSet.ByKey
            }

            var changes = new List<Change>();
            var added = new List<int>();
            for (var j = 0; j < after.Count; j++)
            {
                if (!keys.TryGetValue(~j, out var i))
                {
                    keys.Add(~j);
                    added.Add(j);
                }
                else if (i >= 0 && !consumed[i])
                {
                    consumed[i] = true;
                    if (!Row(i).SameAttributes(Row(~j)))
                    {
                        changes.Add(new Change(ChangeKind.Changed, i, j));
                    }
                }
            }

            _bySlot = true;
            var slots = new Dictionary<int, SlotCount>(this);
            for (var i = 0; i < before.Count; i++)
            {
                if (!consumed[i])
                {
                    ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, i, out _);
                    count.Removed++;
                }
            }

            foreach (var j in added)
            {
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, ~j, out _);
                count.Added++;
                count.FirstAdded = j;
            }

            for (var i = 0; i < before.Count; i++)
            {
                if (!consumed[i])
                {
                    var count = slots[i];
                    changes.Add(count.IsMove ? new Change(ChangeKind.Changed, i, count.FirstAdded) : new Change(ChangeKind.Removed, i, -1));
                }
            }

            foreach (var j in added)
            {
                if (!slots[~j].IsMove)
                {
                    changes.Add(new Change(ChangeKind.Added, -1, j));
                }
            }

            var span = CollectionsMarshal.AsSpan(changes);
            span.Sort(Compare);
            var list = new RouteChange[span.Length];
            for (var k = 0; k < span.Length; k++)
            {
                var c = span[k];
                var b = c.Before < 0 ? null : Row(c.Before).ToRoute();
                var a = c.After < 0 ? null : Row(~c.After).ToRoute();
                list[k] = new RouteChange(c.Kind, b, a, c.Kind == ChangeKind.Changed ? AttributeChanges(b!, a!) : []);
            }

            return new RouteSetDiff(list);
        }

        /// <summary>
        /// What <see cref="RouteDiff.AttributeChanges"/> answers, in the same order and form; numbers become
        /// text only when they differ (interned text compares by reference first).
        /// </summary>
        private static AttributeChange[] AttributeChanges(Route before, Route after)
        {
            Span<bool> differs =
            [
                !Same(before.NextHop, after.NextHop), !Same(before.SourcePeer, after.SourcePeer), !Same(before.AsPath.Text, after.AsPath.Text),
                !Same(before.Origin, after.Origin), before.Weight != after.Weight, before.LocalPreference != after.LocalPreference,
                !Same(before.NextHopType, after.NextHopType), before.State != after.State,
            ];
            var list = new AttributeChange[differs.Count(true)];
            var n = 0;
            if (differs[0]) list[n++] = new("nextHop", before.NextHop, after.NextHop);
            if (differs[1]) list[n++] = new("sourcePeer", before.SourcePeer, after.SourcePeer);
            if (differs[2]) list[n++] = new("asPath", before.AsPath.Text, after.AsPath.Text);
            if (differs[3]) list[n++] = new("origin", before.Origin, after.Origin);
            if (differs[4]) list[n++] = new("weight", Text(before.Weight), Text(after.Weight));
            if (differs[5]) list[n++] = new("localPreference", Text(before.LocalPreference), Text(after.LocalPreference));
            if (differs[6]) list[n++] = new("nextHopType", before.NextHopType, after.NextHopType);
            if (differs[7]) list[n] = new("state", before.State?.ToString(), after.State?.ToString());
            return list;

            static bool Same(string? a, string? b) => string.Equals(a ?? string.Empty, b ?? string.Empty, StringComparison.Ordinal);

            static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
        }

        private ref readonly Row Row(int index) =>
            ref index >= 0 ? ref CollectionsMarshal.AsSpan(before)[index] : ref CollectionsMarshal.AsSpan(after)[~index];

        public bool Equals(int x, int y) => _bySlot ? Row(x).SameSlot(Row(y)) : Row(x).SameKey(Row(y));

        public int GetHashCode(int index) => _bySlot ? Row(index).SlotHash : Row(index).KeyHash;

        /// <summary>By prefix and change kind, as <see cref="RouteDiff.Compute"/> orders them; then by route key, so the order is total.</summary>
        private int Compare(Change x, Change y)
        {
            ref readonly var a = ref x.After >= 0 ? ref Row(~x.After) : ref Row(x.Before);
            ref readonly var b = ref y.After >= 0 ? ref Row(~y.After) : ref Row(y.Before);
            var order = a.Prefix.CompareTo(b.Prefix);
            if (order == 0)
            {
                order = x.Kind.CompareTo(y.Kind);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.NextHop, b.NextHop);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.SourcePeer, b.SourcePeer);
            }

            return order != 0 ? order : string.CompareOrdinal(a.LocalAddress, b.LocalAddress);
        }
    }

    /// <summary>A change by row index: the before row (or -1) and the after row (or -1).</summary>
    private readonly record struct Change(ChangeKind Kind, int Before, int After);

    private struct SlotCount
    {
        public int Removed;
        public int Added;
        public int FirstAdded;

        public readonly bool IsMove => Removed == 1 && Added == 1;
    }

    /// <summary>One instance per distinct text. Most columns repeat the previous row's value, which is checked first.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private string _last = string.Empty;

        public Interner()
        {
            _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
            _pool.Add(_last, _last);
        }

        public string Intern(ReadOnlySpan<char> text)
        {
            if (text.SequenceEqual(_last))
            {
                return _last;
            }

            if (!_lookup.TryGetValue(text, out var pooled))
            {
                pooled = text.ToString();
                _pool.Add(pooled, pooled);
            }

            return _last = pooled;
        }
    }
}
