using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

// Usage: StoreWriter <database path> <routes per observation>
// Writes observations for two vantage points, each poll replacing a third of the routes, and prints
// "committed N" after every transaction so the test knows when to kill it mid-write.
var path = args[0];
var size = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var options = new DbContextOptionsBuilder<RoutingDbContext>().UseRoutingSqlite($"Data Source={path}").Options;
var factory = new PooledDbContextFactory<RoutingDbContext>(options);
await RoutingDatabase.MigrateAsync(factory, CancellationToken.None);
var store = new RouteStore(factory);
var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
for (var poll = 0; ; poll++)
{
    at = at.AddMinutes(5);
    var batch = new[] { "a", "b" }.Select(v => Observation.Ok($"/subscriptions/crash/vantage/{v}", at, Routes(poll, size))).ToArray();
    await store.IngestAsync(batch, CancellationToken.None);
    Console.WriteLine($"committed {poll}");
}

static IReadOnlyList<Route> Routes(int poll, int size)
{
    var routes = new Route[size];
    for (var i = 0; i < size; i++)
    {
        // A third of the routes change their next hop every poll.
        var generation = i % 3 == poll % 3 ? poll : 0;
        routes[i] = new Route(IpPrefix.Parse($"10.{i / 256 % 256}.{i % 256}.0/24"), $"192.0.2.{generation % 250}", AsPath.Of(65001, 65002 + (i % 7)), "EBgp", 0);
    }

    return routes;
}
