using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>
/// Builds the diff of a time window from the only intervals that can differ between its two ends: those
/// alive at the start that ended inside it (the "before" side) and those that began inside it and were
/// alive at the end (the "after" side). Same answer as <see cref="RouteDiff.Compute"/> on the full tables,
/// without its per-row cost: every text column is interned once per query (straight from the engine's UTF-8
/// where the reader has it), so keys and attributes compare by reference on the stored canonical forms (AS
/// paths are stored canonical); rows live in pooled buffers and are matched through pooled open-addressing
/// tables of row numbers; and a <see cref="Route"/> is created only for a row that ends up in the answer.
/// A window of a big estate holds tens of thousands of rows: a list, hash set or dictionary of that size is a
/// large-object allocation, and those cost a full collection each.
/// </summary>
internal sealed class WindowDiff : IDisposable
{
    private readonly Interner _nextHops = new(), _peers = new(), _localAddresses = new(), _asPaths = new(), _origins = new(), _nextHopTypes = new();
    private readonly Dictionary<int, Sides> _vantages = [];
    private readonly Dictionary<long, string> _numbers = [];
    private Sides? _current;
    private int _currentKey;

    /// <summary>The route columns the column-by-column readers select after VantageKey and Network, in <see cref="AddColumns"/>' order.</summary>
    public const string RouteColumns = "ri.PrefixLength, ri.NextHop, ri.SourcePeer, ri.LocalAddress, ri.AsPath, ri.Origin, ri.Weight, ri.LocalPreference, ri.NextHopType, ri.State";

    /// <summary>The number of rows added so far, both sides of every vantage point.</summary>
    public int RowCount { get; private set; }

    /// <summary>Adds a row whose <see cref="RouteColumns"/> start at column <paramref name="first"/>.</summary>
    public void AddColumns(bool after, int vantageKey, ReadOnlySpan<byte> network, System.Data.Common.DbDataReader r, int first) =>
        Add(after, vantageKey, network, r.GetInt32(first), r.GetString(first + 1), r.GetString(first + 2), r.GetString(first + 3), r.GetString(first + 4), r.GetString(first + 5),
            r.IsDBNull(first + 6) ? null : r.GetInt64(first + 6), r.IsDBNull(first + 7) ? null : r.GetInt64(first + 7), r.GetString(first + 8),
            r.IsDBNull(first + 9) ? null : (RouteState)r.GetInt32(first + 9));

    /// <summary>Adds a row whose text columns arrive as UTF-16.</summary>
    public void Add(bool after, int vantageKey, ReadOnlySpan<byte> network, int length, ReadOnlySpan<char> nextHop, ReadOnlySpan<char> sourcePeer,
        ReadOnlySpan<char> localAddress, ReadOnlySpan<char> asPath, ReadOnlySpan<char> origin, long? weight, long? localPreference,
        ReadOnlySpan<char> nextHopType = default, RouteState? state = null) =>
        Add(after, vantageKey, new Row(IpPrefix.FromNetwork(network, length), _nextHops.Intern(nextHop), _peers.Intern(sourcePeer), _localAddresses.Intern(localAddress),
            _asPaths.Intern(asPath), _origins.Intern(origin), weight, localPreference, _nextHopTypes.Intern(nextHopType), state));

    /// <summary>Adds a row whose text columns arrive as the engine's UTF-8 bytes (no string is made for a text seen before).</summary>
    public void AddUtf8(bool after, int vantageKey, ReadOnlySpan<byte> network, int length, ReadOnlySpan<byte> nextHop, ReadOnlySpan<byte> sourcePeer,
        ReadOnlySpan<byte> localAddress, ReadOnlySpan<byte> asPath, ReadOnlySpan<byte> origin, long? weight, long? localPreference,
        ReadOnlySpan<byte> nextHopType, RouteState? state) =>
        Add(after, vantageKey, new Row(IpPrefix.FromNetwork(network, length), _nextHops.Intern(nextHop), _peers.Intern(sourcePeer), _localAddresses.Intern(localAddress),
            _asPaths.Intern(asPath), _origins.Intern(origin), weight, localPreference, _nextHopTypes.Intern(nextHopType), state));

    private void Add(bool after, int vantageKey, in Row row)
    {
        // Rows come grouped by vantage point (each is one index range), so the lookup is rarely needed.
        if (_current is null || _currentKey != vantageKey)
        {
            if (!_vantages.TryGetValue(vantageKey, out _current))
            {
                _current = new Sides();
                _vantages.Add(vantageKey, _current);
            }

            _currentKey = vantageKey;
        }

        (after ? _current.After : _current.Before).Add(row);
        RowCount++;
    }

    /// <summary>The non-empty diffs, per vantage key.</summary>
    public IEnumerable<(int VantageKey, RouteSetDiff Diff)> Build()
    {
        foreach (var (key, sides) in _vantages)
        {
            var diff = new Pairing(sides.Before, sides.After, this).Diff();
            if (!diff.IsEmpty)
            {
                yield return (key, diff);
            }
        }
    }

    public void Dispose()
    {
        foreach (var sides in _vantages.Values)
        {
            sides.Before.Dispose();
            sides.After.Dispose();
        }

        _vantages.Clear();
        _current = null;
    }

    /// <summary>A weight or local preference as text, once per distinct value.</summary>
    private string? Text(long? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (!_numbers.TryGetValue(v, out var text))
        {
            text = v.ToString(CultureInfo.InvariantCulture);
            _numbers.Add(v, text);
        }

        return text;
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
        public Pooled<Row> Before { get; } = new();

        public Pooled<Row> After { get; } = new();
    }

    /// <summary>
    /// Pairs one vantage point's two sides as <see cref="RouteDiff.Compute"/> does: by route key (a key at
    /// both ends is a change only if its attributes differ: it may have been withdrawn and restored inside
    /// the window), then, where a slot (prefix, local address) lost exactly one path and gained exactly one,
    /// as a next-hop move. Rows are referred to by number in open-addressing tables: before row i as i + 1,
    /// after row j as -(j + 1), 0 for an empty entry.
    /// </summary>
    private readonly ref struct Pairing(Pooled<Row> beforeRows, Pooled<Row> afterRows, WindowDiff owner)
    {
        private readonly ReadOnlySpan<Row> _before = beforeRows.Span;
        private readonly ReadOnlySpan<Row> _after = afterRows.Span;

        public RouteSetDiff Diff()
        {
            using var changes = new Pooled<Change>();
            using var added = new Pooled<int>();
            using var consumed = Pooled<bool>.Cleared(_before.Length);
            PairByKey(changes, added, consumed.Span);
            PairBySlot(changes, added.Span, consumed.Span);

            var span = changes.Span;
            span.Sort(new ChangeOrder(beforeRows.Items, afterRows.Items));
            var list = new RouteChange[span.Length];
            for (var k = 0; k < span.Length; k++)
            {
                var c = span[k];
                var b = c.Before < 0 ? null : _before[c.Before].ToRoute();
                var a = c.After < 0 ? null : _after[c.After].ToRoute();
                list[k] = new RouteChange(c.Kind, b, a, c.Kind == ChangeKind.Changed ? AttributeChanges(b!, a!) : []);
            }

            return new RouteSetDiff(list);
        }

        /// <summary>
        /// Keys: the first before row of a key stands for it (a repeated one is consumed unseen, as in RouteSet.ByKey);
        /// an after row finds its before row (a change if the attributes differ) or is added (a repeated after key is ignored).
        /// </summary>
        private void PairByKey(Pooled<Change> changes, Pooled<int> added, Span<bool> consumed)
        {
            using var table = new Table(_before.Length + _after.Length);
            var entries = table.Entries;
            for (var i = 0; i < _before.Length; i++)
            {
                ref readonly var row = ref _before[i];
                for (var pos = row.KeyHash & table.Mask; ; pos = (pos + 1) & table.Mask)
                {
                    var e = entries[pos];
                    if (e == 0)
                    {
                        entries[pos] = i + 1;
                        break;
                    }

                    if (_before[e - 1].SameKey(row))
                    {
                        consumed[i] = true;
                        break;
                    }
                }
            }

            for (var j = 0; j < _after.Length; j++)
            {
                ref readonly var row = ref _after[j];
                for (var pos = row.KeyHash & table.Mask; ; pos = (pos + 1) & table.Mask)
                {
                    var e = entries[pos];
                    if (e == 0)
                    {
                        entries[pos] = -(j + 1);
                        added.Add(j);
                        break;
                    }

                    if (e > 0 && _before[e - 1].SameKey(row))
                    {
                        var i = e - 1;
                        if (!consumed[i])
                        {
                            consumed[i] = true;
                            if (!_before[i].SameAttributes(row))
                            {
                                changes.Add(new Change(ChangeKind.Changed, i, j));
                            }
                        }

                        break;
                    }

                    if (e < 0 && _after[-e - 1].SameKey(row))
                    {
                        break;
                    }
                }
            }
        }

        /// <summary>What is left is removed or added, except where a slot lost exactly one path and gained exactly one: a move.</summary>
        private void PairBySlot(Pooled<Change> changes, ReadOnlySpan<int> added, ReadOnlySpan<bool> consumed)
        {
            using var table = new Table(_before.Length + added.Length);
            var entries = table.Entries;
            using var removedIn = Pooled<int>.Cleared(table.Entries.Length);
            using var addedIn = Pooled<int>.Cleared(table.Entries.Length);
            using var firstAdded = Pooled<int>.Cleared(table.Entries.Length);
            using var slotOfBefore = Pooled<int>.Cleared(_before.Length);
            using var slotOfAdded = Pooled<int>.Cleared(added.Length);
            var removedCount = removedIn.Span;
            var addedCount = addedIn.Span;
            var first = firstAdded.Span;

            for (var i = 0; i < _before.Length; i++)
            {
                if (!consumed[i])
                {
                    var pos = FindSlot(entries, table.Mask, i + 1);
                    removedCount[pos]++;
                    slotOfBefore.Span[i] = pos;
                }
            }

            for (var k = 0; k < added.Length; k++)
            {
                var pos = FindSlot(entries, table.Mask, -(added[k] + 1));
                addedCount[pos]++;
                first[pos] = added[k];
                slotOfAdded.Span[k] = pos;
            }

            for (var i = 0; i < _before.Length; i++)
            {
                if (!consumed[i])
                {
                    var pos = slotOfBefore.Span[i];
                    changes.Add(removedCount[pos] == 1 && addedCount[pos] == 1 ? new Change(ChangeKind.Changed, i, first[pos]) : new Change(ChangeKind.Removed, i, -1));
                }
            }

            for (var k = 0; k < added.Length; k++)
            {
                var pos = slotOfAdded.Span[k];
                if (!(removedCount[pos] == 1 && addedCount[pos] == 1))
                {
                    changes.Add(new Change(ChangeKind.Added, -1, added[k]));
                }
            }
        }

        /// <summary>The table position of the row's slot, claimed for it if new.</summary>
        private int FindSlot(Span<int> entries, int mask, int reference)
        {
            ref readonly var row = ref RowOf(reference);
            for (var pos = row.SlotHash & mask; ; pos = (pos + 1) & mask)
            {
                var e = entries[pos];
                if (e == 0)
                {
                    entries[pos] = reference;
                    return pos;
                }

                if (RowOf(e).SameSlot(row))
                {
                    return pos;
                }
            }
        }

        private ref readonly Row RowOf(int reference) => ref reference > 0 ? ref _before[reference - 1] : ref _after[-reference - 1];

        /// <summary>
        /// What <see cref="RouteDiff.AttributeChanges"/> answers, in the same order and form; numbers become
        /// text only when they differ (interned text compares by reference first).
        /// </summary>
        private AttributeChange[] AttributeChanges(Route before, Route after)
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
            if (differs[4]) list[n++] = new("weight", owner.Text(before.Weight), owner.Text(after.Weight));
            if (differs[5]) list[n++] = new("localPreference", owner.Text(before.LocalPreference), owner.Text(after.LocalPreference));
            if (differs[6]) list[n++] = new("nextHopType", before.NextHopType, after.NextHopType);
            if (differs[7]) list[n] = new("state", before.State?.ToString(), after.State?.ToString());
            return list;

            static bool Same(string? a, string? b) => ReferenceEquals(a, b) || string.Equals(a ?? string.Empty, b ?? string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>By prefix and change kind, as <see cref="RouteDiff.Compute"/> orders them; then by route key, so the order is total.</summary>
    private readonly struct ChangeOrder(Row[] before, Row[] after) : IComparer<Change>
    {
        public int Compare(Change x, Change y)
        {
            ref readonly var a = ref x.After >= 0 ? ref after[x.After] : ref before[x.Before];
            ref readonly var b = ref y.After >= 0 ? ref after[y.After] : ref before[y.Before];
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

            if (order == 0)
            {
                order = string.CompareOrdinal(a.LocalAddress, b.LocalAddress);
            }

            // Effective routes: the same prefix and next hop from two sources, or with two next-hop types.
            if (order == 0)
            {
                order = string.CompareOrdinal(a.NextHopType, b.NextHopType);
            }

            return order != 0 ? order : string.CompareOrdinal(a.Origin, b.Origin);
        }
    }

    /// <summary>A change by row index: the before row (or -1) and the after row (or -1).</summary>
    private readonly record struct Change(ChangeKind Kind, int Before, int After);

    /// <summary>An open-addressing table of row references, at most half full, from the shared pool.</summary>
    private readonly ref struct Table
    {
        private readonly int[] _array;

        public Table(int count)
        {
            var size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, count) * 2));
            _array = ArrayPool<int>.Shared.Rent(size);
            Entries = _array.AsSpan(0, size);
            Entries.Clear();
            Mask = size - 1;
        }

        public Span<int> Entries { get; }

        public int Mask { get; }

        public void Dispose() => ArrayPool<int>.Shared.Return(_array);
    }

    /// <summary>A growable list over arrays from the shared pool, returned (and cleared of references) when disposed.</summary>
    private sealed class Pooled<T> : IDisposable
    {
        private T[] _items = [];

        public int Count { get; private set; }

        public Span<T> Span => _items.AsSpan(0, Count);

        /// <summary>The array behind <see cref="Span"/> (longer than <see cref="Count"/>).</summary>
        public T[] Items => _items;

        /// <summary>A list of <paramref name="count"/> default values.</summary>
        public static Pooled<T> Cleared(int count)
        {
            var list = new Pooled<T>();
            if (count > 0)
            {
                list._items = ArrayPool<T>.Shared.Rent(count);
                list.Count = count;
                list.Span.Clear();
            }

            return list;
        }

        public void Add(in T item)
        {
            if (Count == _items.Length)
            {
                var grown = ArrayPool<T>.Shared.Rent(Math.Max(256, Count * 2));
                Span.CopyTo(grown);
                Return();
                _items = grown;
            }

            _items[Count++] = item;
        }

        public void Dispose()
        {
            Return();
            _items = [];
            Count = 0;
        }

        private void Return()
        {
            if (_items.Length > 0)
            {
                ArrayPool<T>.Shared.Return(_items, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            }
        }
    }

    /// <summary>One instance per distinct text. Most columns repeat the previous row's value, which is checked first.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private string _last = string.Empty;
        private byte[] _lastUtf8 = [];
        private int _lastUtf8Length;

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

            _lastUtf8Length = -1; // the UTF-8 shortcut no longer describes _last
            return _last = pooled;
        }

        public string Intern(ReadOnlySpan<byte> utf8)
        {
            if (_lastUtf8Length == utf8.Length && utf8.SequenceEqual(_lastUtf8.AsSpan(0, _lastUtf8Length)))
            {
                return _last;
            }

            var max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
            var buffer = max <= 512 ? stackalloc char[max] : new char[max];
            var text = Intern(buffer[..Encoding.UTF8.GetChars(utf8, buffer)]);
            if (_lastUtf8.Length < utf8.Length)
            {
                _lastUtf8 = new byte[Math.Max(64, utf8.Length)];
            }

            utf8.CopyTo(_lastUtf8);
            _lastUtf8Length = utf8.Length;
            return text;
        }
    }
}
