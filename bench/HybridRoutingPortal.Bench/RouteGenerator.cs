using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// A large, realistic-looking route table (IPv4 /24s and IPv6 /48s, ECMP pairs, varied AS paths) and a
/// churn model: each poll a fraction of routes change attributes, some are withdrawn, some appear.
/// </summary>
public sealed class RouteGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private int _nextPrefix;

    public List<Route> Initial(int count)
    {
        var routes = new List<Route>(count);
        while (routes.Count < count)
        {
            var prefix = NextPrefix();
            routes.Add(Make(prefix, "10.100.0.4"));
            if (routes.Count < count && _random.NextDouble() < 0.3)
            {
                routes.Add(Make(prefix, "10.100.0.5")); // ECMP pair
            }
        }

        return routes;
    }

    /// <summary>Changes about <paramref name="fraction"/> of the routes: 60 % attribute changes, 20 % withdrawals, 20 % new routes.</summary>
    public List<Route> Churn(List<Route> routes, double fraction)
    {
        var next = new List<Route>(routes);
        var changes = (int)Math.Round(routes.Count * fraction);
        for (var i = 0; i < changes; i++)
        {
            var roll = _random.NextDouble();
            if (roll < 0.6)
            {
                var index = _random.Next(next.Count);
                next[index] = next[index] with { AsPath = RandomPath(), Weight = _random.Next(0, 3) * 100 };
            }
            else if (roll < 0.8)
            {
                next.RemoveAt(_random.Next(next.Count));
            }
            else
            {
                next.Add(Make(NextPrefix(), "10.100.0.4"));
            }
        }

        return next;
    }

    /// <summary>
    /// The same churn as <see cref="Churn"/>, applied in place, reporting, in order, what left and what arrived
    /// (an attribute change is both), so a long history costs the changes, not the table, per poll.
    /// </summary>
    public List<(bool Arrived, Route Route)> ChurnInPlace(List<Route> routes, double fraction)
    {
        var events = new List<(bool, Route)>();
        var changes = (int)Math.Round(routes.Count * fraction);
        for (var i = 0; i < changes; i++)
        {
            var roll = _random.NextDouble();
            if (roll < 0.6)
            {
                var index = _random.Next(routes.Count);
                events.Add((false, routes[index]));
                routes[index] = routes[index] with { AsPath = RandomPath(), Weight = _random.Next(0, 3) * 100 };
                events.Add((true, routes[index]));
            }
            else if (roll < 0.8)
            {
                var index = _random.Next(routes.Count);
                events.Add((false, routes[index]));
                routes[index] = routes[^1];
                routes.RemoveAt(routes.Count - 1);
            }
            else
            {
                var route = Make(NextPrefix(), "10.100.0.4");
                routes.Add(route);
                events.Add((true, route));
            }
        }

        return events;
    }

    private IpPrefix NextPrefix()
    {
        var n = _nextPrefix++;
        return n % 10 == 9
            ? IpPrefix.Parse($"2001:db8:{n / 65536 % 65536:x}:{n % 65536:x}::/64")
            : IpPrefix.FromNetwork([(byte)(10 + (n >> 16 & 0x3F)), (byte)(n >> 8 & 0xFF), (byte)(n & 0xFF), 0], 24);
    }

    private Route Make(IpPrefix prefix, string nextHop) =>
        new(prefix, nextHop, RandomPath(), "EBgp", 0, null, "10.100.1.4", "10.100.0.4");

    private AsPath RandomPath() => AsPath.Of(12076, 65000 + _random.Next(0, 50), 64512 + _random.Next(0, 500));
}
