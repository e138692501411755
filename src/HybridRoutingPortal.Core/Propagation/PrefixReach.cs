namespace HybridRoutingPortal.Core.Propagation;

/// <summary>
/// Where one prefix goes from its origin: at each station, every way it arrives (carried, or kept away by a stop),
/// which of them tells its story (<see cref="Primary"/>), and whether the estate means it to be there
/// (<see cref="IsExpected"/>).
/// </summary>
public sealed class PrefixReach
{
    private readonly Dictionary<Station, List<Arrival>> _arrivals;
    private readonly Dictionary<Station, Arrival> _primary = [];

    internal PrefixReach(PropagationModel model, PrefixOrigin origin, IpPrefix prefix, Station originStation, Dictionary<Station, List<Arrival>> arrivals)
    {
        Origin = origin;
        Prefix = prefix;
        OriginStation = originStation;
        _arrivals = arrivals;
        foreach (var (station, list) in arrivals)
        {
            if (Choose(list, model) is { } primary)
            {
                _primary[station] = primary;
            }
        }
    }

    public PrefixOrigin Origin { get; }

    public IpPrefix Prefix { get; }

    public Station OriginStation { get; }

    public IEnumerable<KeyValuePair<Station, List<Arrival>>> Arrivals => _arrivals;

    /// <summary>The stations the prefix should reach, or is kept from by a stop that is a break.</summary>
    public IEnumerable<Station> Expected => _primary.Keys;

    public bool IsExpected(Station station) => _primary.ContainsKey(station);

    /// <summary>Whether the model says the prefix (or the route that carries it) is at the station.</summary>
    public bool IsCarried(Station station) => _primary.TryGetValue(station, out var a) && a.Carried;

    /// <summary>
    /// The arrival that tells the station's story: its own leg first (lowest depth) where carried; where not, the
    /// hairpin's (the design the estate relies on) before the direct path's.
    /// </summary>
    public Arrival? Primary(Station station) => _primary.GetValueOrDefault(station);

    /// <summary>Every way the prefix (or a route covering it) is carried to the station.</summary>
    public IEnumerable<Arrival> Carried(Station station) =>
        _arrivals.TryGetValue(station, out var list) ? list.Where(a => a.Carried) : [];

    /// <summary>Every arrival at a station that is not carried and not the design at work: the other reasons it is absent.</summary>
    public IEnumerable<Arrival> Kept(Station station) =>
        _arrivals.TryGetValue(station, out var list) ? list.Where(a => !a.Carried) : [];

    internal bool ServedByGlobalReach(string circuitNodeId) =>
        CircuitPaths.Both.Any(p => _arrivals.TryGetValue(new Station(StationKind.CircuitEdge, circuitNodeId, null, (int)p), out var list)
            && list.Any(a => a.Carried && a.Rule == HopRule.GlobalReach));

    private Arrival? Choose(List<Arrival> list, PropagationModel model)
    {
        Arrival? best = null;
        foreach (var a in list.Where(a => a.Carried))
        {
            if (best is null || (best.HairpinNva is not null && a.HairpinNva is null) || ((best.HairpinNva is null) == (a.HairpinNva is null) && a.Depth < best.Depth))
            {
                best = a;
            }
        }

        if (best is not null)
        {
            return best;
        }

        foreach (var a in list.Where(a => !model.IsDesign(a.Cause!, this)))
        {
            if (best is null || (best.HairpinNva is null && a.HairpinNva is not null) || ((best.HairpinNva is null) == (a.HairpinNva is null) && a.Depth < best.Depth))
            {
                best = a;
            }
        }

        return best;
    }
}
