using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation.Rules;

namespace HybridRoutingPortal.Core.Propagation;

/// <summary>
/// How routes propagate through an Azure hybrid estate (DESIGN.md §1): from each origin, hop by hop, each hop
/// taken by the Azure rule that carries it or refused by the rule that stops it. One model serves the demo
/// (<see cref="RoutesByVantage"/>: what every vantage point shows) and the explanations (<see cref="Propagate(PrefixOrigin, IpPrefix)"/>:
/// where a prefix should be and why it stops).
/// </summary>
public sealed class PropagationModel
{
    private static readonly IHopRule[] Rules =
    [
        new CustomerEdgeRule(),
        new AvsCircuitRule(),
        new GlobalReachRule(),
        new ExpressRouteLearnedRule(),
        new GatewayAdvertisesRule(),
        new MseeHoldsRule(),
        new BranchToBranchOutRule(),
        new VnetSpaceRule(),
        new NvaLearnsRule(),
        new PeerAnnouncesRule(),
        new NvaHairpinRule(),
        new RouteServerToPeerRule(),
        new BranchToBranchInRule(),
        new GatewayProgramsNicRule(),
        new RouteServerProgramsNicRule(),
        new VnetToNicRule(),
        new UserRouteRule(),
    ];

    private static readonly IReadOnlyDictionary<StationKind, IHopRule[]> RulesFrom =
        Rules.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.ToArray());

    public PropagationModel(RoutingEstate estate, EstateOrigins origins)
    {
        Estate = estate;
        Origins = origins;
        Counts = new EstateCounts(estate, origins);
        Design = new EstateDesign(estate, origins);
    }

    public RoutingEstate Estate { get; }

    public EstateOrigins Origins { get; }

    public EstateCounts Counts { get; }

    public EstateDesign Design { get; }

    public PrefixReach Propagate(PrefixOrigin origin) => Propagate(origin, origin.Prefix);

    /// <summary>
    /// Follows <paramref name="prefix"/> (the origin's prefix or one inside it) from its origin to every station it
    /// should reach. Pass one follows what is carried; pass two continues past each stop, so every station the
    /// prefix would have reached says which stop kept it away.
    /// </summary>
    public PrefixReach Propagate(PrefixOrigin origin, IpPrefix prefix)
    {
        var context = new PropagationContext(Estate, Origins, Counts, Design, origin, prefix);
        var arrivals = new Dictionary<Station, List<Arrival>>();
        var steps = new List<Step>();
        var carried = new HashSet<(Station, string?)>();
        var stops = new List<Arrival>();

        void Record(Arrival a)
        {
            if (!arrivals.TryGetValue(a.At, out var list))
            {
                arrivals[a.At] = list = [];
            }

            list.Add(a);
        }

        var start = new Arrival { At = OriginStation(origin), Path = OriginPath(origin), Rule = HopRule.Origin, Carrier = origin.Prefix };
        Record(start);
        var queue = new Queue<Arrival>();
        queue.Enqueue(start);
        carried.Add((start.At, null));
        while (queue.TryDequeue(out var a))
        {
            foreach (var step in StepsFrom(a, context, steps))
            {
                var next = new Arrival
                {
                    At = step.To, Previous = a, Path = step.Path, Rule = step.Rule, Carrier = step.Carrier ?? a.Carrier,
                    HairpinNva = step.Hairpin ?? a.HairpinNva, Stop = step.Stop, Depth = a.Depth + 1,
                };
                Record(next);
                if (next.Stop is not null)
                {
                    stops.Add(next);
                }
                else if (carried.Add((next.At, next.HairpinNva)))
                {
                    queue.Enqueue(next);
                }
            }
        }

        // Pass two: where each stop keeps the prefix away. The first cause to reach a station (by depth) is its cause.
        var blocked = new HashSet<(Station, string?)>();
        var pending = new PriorityQueue<Arrival, int>();
        foreach (var stop in stops.Where(s => !carried.Contains((s.At, s.HairpinNva))))
        {
            if (blocked.Add((stop.At, stop.HairpinNva)))
            {
                pending.Enqueue(stop, stop.Depth);
            }
        }

        while (pending.TryDequeue(out var a, out _))
        {
            foreach (var step in StepsFrom(a, context, steps))
            {
                var leg = step.Hairpin ?? a.HairpinNva;
                if (carried.Contains((step.To, leg)) || !blocked.Add((step.To, leg)))
                {
                    continue;
                }

                var next = new Arrival
                {
                    At = step.To, Previous = a, Path = step.Path, Rule = step.Rule, Carrier = step.Carrier ?? a.Carrier,
                    HairpinNva = leg, Upstream = a.Cause, Depth = a.Depth + 1,
                };
                Record(next);
                pending.Enqueue(next, next.Depth);
            }
        }

        return new PrefixReach(this, origin, prefix, start.At, arrivals);
    }

    private static List<Step> StepsFrom(Arrival a, PropagationContext context, List<Step> steps)
    {
        steps.Clear();
        if (RulesFrom.TryGetValue(a.At.Kind, out var rules))
        {
            foreach (var rule in rules)
            {
                rule.Next(a, context, steps);
            }
        }

        return [.. steps];
    }

    public static Station OriginStation(PrefixOrigin origin) => origin.Kind switch
    {
        OriginKind.OnPrem => new Station(StationKind.Site, origin.NodeId),
        OriginKind.Avs => new Station(StationKind.PrivateCloud, origin.NodeId),
        OriginKind.Vnet => new Station(StationKind.Vnet, origin.NodeId),
        OriginKind.UserRoute => new Station(StationKind.RouteTable, origin.NodeId),
        _ => new Station(StationKind.Nva, origin.NodeId),
    };

    /// <summary>The AS path as the origin sends it: its own where the caller gave none (a VNet's is empty: the gateway originates it).</summary>
    public AsPath OriginPath(PrefixOrigin origin)
    {
        if (!origin.AsPath.IsEmpty || origin.Kind is OriginKind.Vnet or OriginKind.UserRoute)
        {
            return origin.AsPath;
        }

        var asn = origin.Kind switch
        {
            OriginKind.OnPrem => Estate.Site(origin.NodeId)?.Asn,
            OriginKind.Avs => Estate.PrivateCloud(origin.NodeId)?.Asn,
            _ => Estate.SessionsOf(origin.NodeId).Select(p => p.Asn).FirstOrDefault(a => a is not null),
        };
        return asn is { } a ? AsPath.Of(a) : AsPath.Empty;
    }

    /// <summary>
    /// What every vantage point shows when each origin propagates as the rules say: the routes the demo serves, in
    /// the shapes ARM returns them (<see cref="RouteRendering"/>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Route>> RoutesByVantage()
    {
        var routes = Estate.VantagePoints.ToDictionary(v => v.Id, _ => new List<Route>(), StringComparer.Ordinal);
        foreach (var origin in Origins.All)
        {
            var reach = Propagate(origin);
            foreach (var (station, list) in reach.Arrivals)
            {
                var vantages = Estate.VantagesAt(station);
                if (vantages.Count == 0)
                {
                    continue;
                }

                foreach (var arrival in list.Where(a => a.Carried && a.HairpinNva is null))
                {
                    var rendered = RouteRendering.Render(arrival, origin, Estate, reach).ToArray();
                    foreach (var vantage in vantages)
                    {
                        routes[vantage.Id].AddRange(rendered);
                    }
                }
            }
        }

        // A NIC's table is whole only with the system defaults of its families, and which route Azure uses is decided over it.
        foreach (var vantage in Estate.VantagePoints.Where(v => v.Kind == VantageKind.NicEffectiveRoutes))
        {
            var nic = Estate.Nic(vantage.NodeId);
            var defaults = new[] { true, false }.Where(v4 => nic is null || nic.Carries(v4 ? IpPrefix.Parse("0.0.0.0/0") : IpPrefix.Parse("::/0")))
                .SelectMany(DataPlane.EffectiveRoutes.SystemDefaults);
            routes[vantage.Id] = [.. DataPlane.EffectiveRoutes.Select(routes[vantage.Id].Concat(defaults))];
        }

        return routes.ToDictionary(p => p.Key, p => (IReadOnlyList<Route>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Circuit-to-circuit reach the estate means to have: on-prem and AVS reaching each other (IPv4: AVS has no IPv6
    /// over ExpressRoute). Two on-prem sites have their own WAN; the gateway not joining them is by design.
    /// </summary>
    private bool TransitIntended(PrefixOrigin origin, string toCircuit, PrefixReach reach)
    {
        var toAvs = Estate.Circuit(toCircuit)?.IsAvs == true;
        return reach.Prefix.IsIPv4 && (origin.Kind == OriginKind.Avs ? !toAvs : toAvs);
    }

    /// <summary>A stop that is the estate's design at work rather than a break (see <see cref="PrefixReach.IsExpected"/>).</summary>
    internal bool IsDesign(PropagationStop cause, PrefixReach reach) => cause.Code switch
    {
        ReasonCode.BranchToBranchOff => Estate.RouteServer(cause.NodeId) is { } rs && !Design.NeedsBranchToBranch(rs),
        ReasonCode.NoCircuitTransit when cause.PeerNodeId is { } circuit => !TransitIntended(reach.Origin, circuit, reach) || reach.ServedByGlobalReach(circuit),
        _ => false,
    };
}
