using System.Net;
using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain.Reasons;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain;

/// <summary>
/// Holds the propagation model's expected path for a prefix against what the estate shows at a moment, and says,
/// hop by hop in path order, where the prefix is and why it stops. Build one per moment (it indexes each vantage
/// point's routes once, on first use) and explain as many prefixes as needed from it.
/// </summary>
public sealed class Explainer
{
    private readonly Dictionary<string, PrefixReach> _reaches = new(StringComparer.Ordinal);
    private IReadOnlySet<string>? _appliances;

    public Explainer(RoutingEstate estate, ObservedRoutes observed, DateTimeOffset at, EstateOrigins? origins = null)
    {
        Estate = estate;
        Observed = observed;
        At = at;
        Model = new PropagationModel(estate, origins ?? OriginInference.Infer(estate, observed));
    }

    /// <summary>The entry point for any source: its topology and vantage points, and the routes at the moment.</summary>
    public static Explainer For(Topology topology, IReadOnlyList<VantagePoint> vantagePoints, ObservedRoutes observed, DateTimeOffset at, EstateOrigins? origins = null) =>
        new(RoutingEstate.From(topology, vantagePoints), observed, at, origins);

    public RoutingEstate Estate { get; }

    public ObservedRoutes Observed { get; }

    public DateTimeOffset At { get; }

    public PropagationModel Model { get; }

    /// <summary>
    /// Every prefix any vantage point shows, in order: what "explain everything" explains. A NIC's system and user routes and
    /// a route table's routes are the estate's configuration, not routes carried to it: only what BGP programmed into a NIC counts.
    /// </summary>
    public IReadOnlyList<IpPrefix> ObservedPrefixes() =>
        Estate.VantagePoints.SelectMany(v => Estate.StationOf(v.Id)?.Kind switch
        {
            StationKind.RouteTable => [],
            StationKind.Nic => Observed.RoutesAt(v.Id).Where(r => r.Origin == RouteOrigins.GatewayRoute).Select(r => r.Prefix),
            _ => Observed.IndexAt(v.Id).Prefixes,
        }).Distinct().Order().ToArray();

    public IEnumerable<Explanation> ExplainAll() => ObservedPrefixes().Select(p => Explain(p));

    /// <summary>Explains the most specific route to an address: the prefix that defines it (an AVS segment, a VNet) or announces it.</summary>
    public Explanation Explain(IPAddress address, OriginHint? hint = null) => Explain(IpPrefix.FromHost(address), hint);

    public Explanation Explain(IpPrefix prefix, OriginHint? hint = null)
    {
        var origin = ChooseOrigin(prefix, hint, out var observedAtSource);
        if (origin is null)
        {
            return NotOriginatedAnywhere(prefix);
        }

        var reach = ReachFor(origin, prefix);
        var hops = new List<ExplainedHop>();
        var byStation = new Dictionary<Station, List<ExplainedHop>>();
        var steps = new Dictionary<(string, string, HopRule), ExplainedStep>();
        var originName = OriginName(origin);
        foreach (var station in reach.Expected.OrderBy(s => reach.Primary(s)!.Depth).ThenBy(s => s.Kind).ThenBy(s => s.PeerNodeId, StringComparer.Ordinal).ThenBy(s => s.Index))
        {
            var primary = reach.Primary(station)!;
            AddSteps(primary, steps);
            var list = new List<ExplainedHop>();
            foreach (var vantage in Estate.VantagesAt(station))
            {
                var hop = HopAt(vantage, station, primary, reach, origin, originName, prefix, observedAtSource, byStation);
                list.Add(hop);
                hops.Add(hop);
            }

            byStation[station] = list;
        }

        var originVantage = Estate.VantagesAt(reach.OriginStation).FirstOrDefault()?.Id;
        return new Explanation(prefix, At, new ExplainedOrigin(origin.Kind, origin.NodeId, originName, origin.Prefix, originVantage, observedAtSource),
            hops, steps.Values.ToArray());
    }

    private ExplainedHop HopAt(VantagePoint vantage, Station station, Arrival primary, PrefixReach reach, PrefixOrigin origin, string originName,
        IpPrefix prefix, bool observedAtSource, Dictionary<Station, List<ExplainedHop>> byStation)
    {
        // The routes expected to carry the prefix here: its own where its own leg reaches the hop, else the summaries of
        // the NVAs that hairpin it. Any of them (or something more specific from the same origin) makes the hop present.
        var covers = reach.Carried(station).Where(a => (a.HairpinNva is null) == (primary.HairpinNva is null))
            .Select(a => CoverOf(a, origin, prefix)).DefaultIfEmpty(CoverOf(primary, origin, prefix)).ToArray();
        var expectedCover = covers.MaxBy(c => c.Length);
        var (status, best, seen) = station.Kind == StationKind.Nic
            ? NicStatusAt(vantage, station, prefix, covers.Min(c => c.Length))
            : WithoutSeenReason(StatusAt(vantage, prefix, covers.Min(c => c.Length), expectedCover, origin));
        var context = new ReasonContext(this, vantage, station, status, best, prefix, origin, originName, expectedCover, primary, reach, byStation);
        ExplainReason? reason = status switch
        {
            HopStatus.Present => null,
            HopStatus.Unknown => ReasonWriters.Write(ReasonCode.SourceUnknown, context),
            _ when !observedAtSource => ReasonWriters.Write(status == HopStatus.DefaultOnly ? ReasonCode.DefaultRouteOnly : ReasonCode.NotOriginated, context),
            _ when seen is { } observedReason => ReasonWriters.Write(observedReason, context),
            HopStatus.Diverted => ReasonWriters.Write(ReasonCode.MoreSpecificElsewhere, context),
            _ when primary.Cause is { } cause => ReasonWriters.Write(cause.Code, context),
            _ => FromUpstream(context),
        };

        var via = (best is null ? string.Empty : $"{best.Prefix} · next hop {(best.NextHop.Length == 0 ? "local" : best.NextHop)}{(best.AsPath.IsEmpty ? "" : $" · AS path {best.AsPath}")} · ")
            + HopRuleText.Describe(primary, this, expectedCover);
        return new ExplainedHop(vantage.Id, vantage.Name, vantage.Kind, vantage.NodeId, vantage.PeerNodeId, status, best, primary.Rule, via,
            primary.Carried && observedAtSource, primary.Depth, reason);
    }

    /// <summary>
    /// The model carries the prefix here and it is missing: the nearest upstream vantage point decides. Unknown there:
    /// unknown here. Missing there too: the same reason. Present there: only a default route here, or nothing the
    /// model knows of explains it.
    /// </summary>
    private static ExplainReason FromUpstream(ReasonContext context)
    {
        foreach (var earlier in context.Primary.Chain().Skip(1))
        {
            if (!context.ByStation.TryGetValue(earlier.At, out var upstream) || upstream.Count == 0)
            {
                continue;
            }

            if (upstream.Any(h => h.Status == HopStatus.Unknown))
            {
                return ReasonWriters.Write(ReasonCode.SourceUnknown, context with { UpstreamHop = upstream.First(h => h.Status == HopStatus.Unknown) });
            }

            if (upstream.All(h => h.Reason is not null) && upstream[0].Reason is { } inherited)
            {
                return inherited with { Text = $"As upstream at {upstream[0].Name}: {inherited.Text}" };
            }

            return ReasonWriters.Write(context.Status == HopStatus.DefaultOnly ? ReasonCode.DefaultRouteOnly : ReasonCode.FilteredOrUnexplained,
                context with { UpstreamHop = upstream.First(h => h.Reason is null) });
        }

        return ReasonWriters.Write(context.Status == HopStatus.DefaultOnly ? ReasonCode.DefaultRouteOnly : ReasonCode.FilteredOrUnexplained, context);
    }

    private (HopStatus Status, Route? Best) StatusAt(VantagePoint vantage, IpPrefix prefix, int leastSpecific, IpPrefix expectedCover, PrefixOrigin origin)
    {
        if (Observed.IsUnknown(vantage.Id))
        {
            return (HopStatus.Unknown, null);
        }

        var index = Observed.IndexAt(vantage.Id);
        if (index.MostSpecificCovering(prefix) is { } best)
        {
            // Only a broader route than any expected one (another NVA's wide summary, say): the prefix's own route is missing.
            return best.Prefix.Length < leastSpecific ? (HopStatus.Absent, best)
                : Diverts(best, expectedCover, origin) ? (HopStatus.Diverted, best)
                : (HopStatus.Present, best);
        }

        return index.Default(prefix) is { } defaultRoute && prefix.Length > 0 ? (HopStatus.DefaultOnly, defaultRoute) : (HopStatus.Absent, null);
    }

    private static (HopStatus Status, Route? Best, ReasonCode? Seen) WithoutSeenReason((HopStatus Status, Route? Best) observed) =>
        (observed.Status, observed.Best, null);

    /// <summary>
    /// A NIC hop: what its Active routes do with the prefix (<see cref="NicRouteCheck"/>), and the reason the routes themselves
    /// give where they break it (a user route elsewhere or into nothing, an Invalid route); other absences take the model's cause.
    /// </summary>
    private (HopStatus Status, Route? Best, ReasonCode? Seen) NicStatusAt(VantagePoint vantage, Station station, IpPrefix prefix, int leastSpecific)
    {
        if (Observed.IsUnknown(vantage.Id))
        {
            return (HopStatus.Unknown, null, null);
        }

        _appliances ??= Estate.ApplianceAddresses();
        var nic = Estate.Nic(station.NodeId);
        var unresolved = nic?.RouteTableNodeId is { } table ? Estate.RouteTable(table)?.UnresolvedNextHops : null;
        var check = NicRouteCheck.Check(Observed.RoutesAt(vantage.Id), prefix, leastSpecific, _appliances.Contains,
            address => unresolved is null ? null : unresolved.Contains(address, StringComparer.OrdinalIgnoreCase), nic is null ? null : Estate.AddressesOfVm(nic));
        return check.Verdict switch
        {
            NicVerdict.Carried => (HopStatus.Present, check.Route, null),
            NicVerdict.UdrOverride => (HopStatus.Diverted, check.Route, ReasonCode.UdrOverride),
            NicVerdict.NextHopBlackhole => (HopStatus.Diverted, check.Route, ReasonCode.NextHopBlackhole),
            NicVerdict.InvalidRoute => (HopStatus.Absent, check.Route, ReasonCode.InvalidRoute),
            NicVerdict.DefaultOnly => (HopStatus.DefaultOnly, check.Route, null),
            _ => (HopStatus.Absent, check.Route, null),
        };
    }

    private IpPrefix CoverOf(Arrival arrival, PrefixOrigin origin, IpPrefix prefix) =>
        arrival.HairpinNva is { } nva ? SummaryOf(nva, prefix) ?? origin.Prefix : origin.Prefix;

    /// <summary>
    /// A route more specific than the one expected to carry the prefix, announced by another AS: it takes the traffic.
    /// Where the origin's AS is unknown, a more specific route is taken to come from elsewhere.
    /// </summary>
    private bool Diverts(Route best, IpPrefix expectedCover, PrefixOrigin origin)
    {
        if (best.Prefix.Length <= expectedCover.Length)
        {
            return false;
        }

        var originAsn = Model.OriginPath(origin).Origin;
        return originAsn is null || best.AsPath.Origin is not { } asn || asn != originAsn;
    }

    internal IpPrefix? SummaryOf(string nva, IpPrefix prefix) =>
        Enumerable.Range(0, 4).Select(i => Model.Design.SummaryOf(nva, prefix, i)).FirstOrDefault(s => s is not null)?.Prefix;

    private PrefixOrigin? ChooseOrigin(IpPrefix prefix, OriginHint? hint, out bool observed)
    {
        observed = true;
        // A transit NVA's summary covering the prefix is the hairpin carrying it, not its origin (unless asked about the summary itself).
        // A user route is a NIC's local choice, not where a prefix enters the estate.
        var candidates = Model.Origins.Covering(prefix)
            .Where(o => o.Kind != OriginKind.UserRoute)
            .Where(o => (o.Prefix.Length > 0 || prefix.Length == 0) && (hint is null || (o.Kind == hint.Kind && (hint.NodeId is null || o.NodeId == hint.NodeId))))
            .Where(o => o.Prefix == prefix || o.Kind != OriginKind.Nva || !Model.Design.IsTransitNva(o.NodeId) || !Model.Design.IsSummary(o))
            .ToArray();

        // An address belongs where the estate defines it (an AVS segment, a VNet); otherwise to whoever announces it most specifically.
        var chosen = candidates.Where(o => o.IsDefinition).MaxBy(o => o.Prefix.Length)
            ?? candidates.OrderByDescending(o => o.Prefix.Length).ThenBy(o => o.Kind == OriginKind.Nva ? 1 : 0).FirstOrDefault();
        if (chosen is not null || hint is null)
        {
            return chosen;
        }

        // Asked about an origin that announces nothing covering it: follow the path it would take, from a node of that kind.
        observed = false;
        var node = hint.NodeId ?? hint.Kind switch
        {
            OriginKind.OnPrem => Estate.Sites.FirstOrDefault()?.NodeId,
            OriginKind.Avs => Estate.PrivateClouds.FirstOrDefault()?.NodeId,
            OriginKind.Vnet => Estate.Vnets.FirstOrDefault(v => v.IsHub)?.NodeId,
            _ => Estate.Peers.FirstOrDefault()?.NodeId,
        };
        return node is null ? null : new PrefixOrigin(prefix, hint.Kind, node, AsPath.Empty, Role: hint.Kind == OriginKind.Avs ? AvsRole.Segment : null);
    }

    /// <summary>
    /// The model's path depends on the prefix only through its origin, family and the NVA summaries that cover it:
    /// prefixes that share those share one propagation.
    /// </summary>
    private PrefixReach ReachFor(PrefixOrigin origin, IpPrefix prefix)
    {
        var summaries = string.Join(',', Model.Design.TransitNvas.Select(n => $"{n}={string.Join('/', Enumerable.Range(0, 2).Select(i => Model.Design.SummaryOf(n, prefix, i)?.Prefix.ToString()))}"));
        var key = $"{origin.Kind}|{origin.NodeId}|{prefix.IsIPv4}|{(origin.Instances is null ? "*" : string.Join(',', origin.Instances.Order()))}|{Model.OriginPath(origin)}|{summaries}";
        lock (_reaches)
        {
            if (!_reaches.TryGetValue(key, out var reach))
            {
                _reaches[key] = reach = Model.Propagate(origin, prefix);
            }

            return reach;
        }
    }

    internal string OriginName(PrefixOrigin origin) => origin.Kind switch
    {
        OriginKind.OnPrem => $"on-prem {Estate.NameOf(origin.NodeId)}",
        OriginKind.Avs when origin.Role == AvsRole.Segment => $"AVS segment {origin.Name ?? origin.Prefix.ToString()} of {Estate.NameOf(origin.NodeId)}",
        OriginKind.Avs => $"AVS management block of {Estate.NameOf(origin.NodeId)}",
        OriginKind.Vnet => $"VNet {Estate.NameOf(origin.NodeId)}",
        OriginKind.UserRoute => $"a user route of {Estate.NameOf(origin.NodeId)}",
        _ => Estate.NameOf(origin.NodeId),
    };

    /// <summary>A name for a station in sentences: its vantage point's, or its node's.</summary>
    internal string NameOf(Station station) =>
        Estate.VantagesAt(station).FirstOrDefault()?.Name ?? station.Kind switch
        {
            StationKind.Nva => Estate.NameOf(station.NodeId),
            StationKind.CircuitEdge => $"{Estate.NameOf(station.NodeId)} · {station.Path.ArmName()}",
            StationKind.GatewayToCircuit => $"{Estate.NameOf(station.NodeId)} → {Estate.NameOf(station.PeerNodeId ?? "")}",
            StationKind.RouteServerIn => $"{Estate.NameOf(station.NodeId)} ← {Estate.NameOf(station.PeerNodeId ?? "")} · IN_{station.Index}",
            StationKind.RouteServerOut => $"{Estate.NameOf(station.NodeId)} → {Estate.NameOf(station.PeerNodeId ?? "")} · IN_{station.Index}",
            _ => Estate.NameOf(station.NodeId),
        };

    private static void AddSteps(Arrival arrival, Dictionary<(string, string, HopRule), ExplainedStep> steps)
    {
        for (var a = arrival; a.Previous is not null; a = a.Previous)
        {
            var from = NodeOf(a.Previous.At);
            var to = NodeOf(a.At);
            if (from != to)
            {
                steps.TryAdd((from, to, a.Rule), new ExplainedStep(from, to, a.Rule, a.Carried));
            }
        }
    }

    private static string NodeOf(Station station) => station.NodeId;

    /// <summary>Nothing in the estate originates anything covering the prefix: every source says so.</summary>
    private Explanation NotOriginatedAnywhere(IpPrefix prefix)
    {
        var sources = Estate.VantagePoints
            .Where(v => Estate.StationOf(v.Id) is { Kind: StationKind.CircuitEdge or StationKind.PrivateCloud or StationKind.Vnet or StationKind.RouteServerIn })
            .OrderBy(v => v.Kind == VantageKind.CircuitRouteTable ? 0 : v.Kind == VantageKind.AvsSegments ? 1 : v.Kind == VantageKind.VnetAddressSpace ? 2 : 3)
            .ThenBy(v => v.Name, StringComparer.Ordinal);
        var hops = new List<ExplainedHop>();
        foreach (var vantage in sources)
        {
            var station = Estate.StationOf(vantage.Id)!.Value;
            var unknown = Observed.IsUnknown(vantage.Id);
            var covering = unknown ? null : Observed.IndexAt(vantage.Id).MostSpecificCovering(prefix);
            var defaultRoute = unknown || covering is not null ? covering : Observed.IndexAt(vantage.Id).Default(prefix);
            var status = unknown ? HopStatus.Unknown : covering is null && defaultRoute is not null && prefix.Length > 0 ? HopStatus.DefaultOnly : HopStatus.Absent;
            var placeholder = new PrefixOrigin(prefix, OriginKind.OnPrem, station.NodeId, AsPath.Empty);
            var start = new Arrival { At = station, Path = AsPath.Empty, Rule = HopRule.Origin, Carrier = prefix };
            var context = new ReasonContext(this, vantage, station, status, defaultRoute, prefix, placeholder, "no origin", prefix, start, null, new Dictionary<Station, List<ExplainedHop>>());
            var code = status == HopStatus.Unknown ? ReasonCode.SourceUnknown : ReasonCode.NotOriginated;
            hops.Add(new ExplainedHop(vantage.Id, vantage.Name, vantage.Kind, vantage.NodeId, vantage.PeerNodeId, status, defaultRoute, HopRule.Origin,
                "a source of the estate's prefixes", false, 0, ReasonWriters.Write(code, context)));
        }

        return new Explanation(prefix, At, null, hops, []);
    }
}
