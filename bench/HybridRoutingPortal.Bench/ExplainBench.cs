using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// Explains every prefix of a generated estate of 100 vantage points and about 100,000 routes: two on-prem sites
/// behind their circuits, AVS behind its own, a hub gateway and Route Server with eight NVAs (one lacking the AVS
/// summary, so there are breaks to explain), 55 spokes. The routes are the propagation model's own; the explainer
/// reads its origins from them as it does for Azure. Baseline in the same run: indexing every vantage point's routes,
/// the least any batch pays.
/// </summary>
public static class ExplainBench
{
    private const string Sub = "/subscriptions/00000000-0000-0000-0000-00000000beef/resourceGroups/rg";

    public static async Task RunAsync(BenchOptions options)
    {
        var (topology, vantages, origins) = Estate(options.Routes);
        var estate = RoutingEstate.From(topology, vantages);
        var routes = new PropagationModel(estate, origins).RoutesByVantage();
        var routeCount = routes.Values.Sum(r => r.Count);
        var at = DateTimeOffset.UtcNow;
        ObservedRoutes Observed() => new(routes);

        double IndexAll()
        {
            var watch = Stopwatch.StartNew();
            var observed = Observed();
            foreach (var v in vantages)
            {
                _ = observed.IndexAt(v.Id).Count;
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        (double Ms, int Prefixes, int Breaks) ExplainEverything()
        {
            var watch = Stopwatch.StartNew();
            var explainer = new Explainer(estate, Observed(), at);
            var breaks = 0;
            var count = 0;
            foreach (var explanation in explainer.ExplainAll())
            {
                count++;
                breaks += explanation.IsHealthy ? 0 : 1;
            }

            return (watch.Elapsed.TotalMilliseconds, count, breaks);
        }

        var sample = IpPrefix.Parse("10.201.7.0/24");
        double SingleCold()
        {
            var watch = Stopwatch.StartNew();
            new Explainer(estate, Observed(), at).Explain(sample);
            return watch.Elapsed.TotalMilliseconds;
        }

        var warm = new Explainer(estate, Observed(), at);
        var prefixes = warm.ObservedPrefixes();
        double SingleWarm(int i)
        {
            var watch = Stopwatch.StartNew();
            warm.Explain(prefixes[(i * 7919) % prefixes.Count]);
            return watch.Elapsed.TotalMilliseconds;
        }

        IndexAll();
        ExplainEverything(); // warm-up
        var index = Median(Enumerable.Range(0, 5).Select(_ => IndexAll()));
        var runs = Enumerable.Range(0, 3).Select(_ => ExplainEverything()).OrderBy(r => r.Ms).ToArray();
        var all = runs[runs.Length / 2];
        var cold = Median(Enumerable.Range(0, 5).Select(_ => SingleCold()));
        var single = Median(Enumerable.Range(0, 200).Select(SingleWarm));
        var perPrefix = all.Ms / all.Prefixes;
        var (apiCold, apiWarm) = await ThroughTheStoreAsync(topology, vantages, routes, prefixes);

        Console.WriteLine($"explain: {vantages.Count} vantage points, {routeCount:N0} routes, {all.Prefixes:N0} prefixes ({all.Breaks:N0} with a break)");
        Console.WriteLine($"  baseline: index every vantage point            {index,9:0.0} ms median of 5");
        Console.WriteLine($"  explain every prefix (infer origins, index)   {all.Ms,9:0.0} ms median of 3   (goal < 10,000 ms; {all.Ms / index:0.0}x the baseline)");
        Console.WriteLine($"  per prefix in that batch                      {perPrefix,9:0.000} ms");
        Console.WriteLine($"  one prefix, explainer already built           {single,9:0.000} ms median of 200 (goal < 20 ms)");
        Console.WriteLine($"  one prefix from cold (infer, index, explain)  {cold,9:0.0} ms median of 5");
        Console.WriteLine($"  GET /api/v1/explain, the moment not yet built   {apiCold,9:0.0} ms median of 3 (read the store, build, explain)");
        Console.WriteLine($"  GET /api/v1/explain, the moment already built {apiWarm,9:0.000} ms median of 200 (ExplainService keeps it)");
        Directory.CreateDirectory(options.ResultsDir);
        var file = Path.Combine(options.ResultsDir, "explain.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["prefixes"] = all.Prefixes,
            ["vantagePoints"] = vantages.Count,
            ["routes"] = routeCount,
            ["withBreak"] = all.Breaks,
            ["totalMs"] = Math.Round(all.Ms, 1),
            ["perPrefixMs"] = Math.Round(perPrefix, 3),
            ["singlePrefixMs"] = Math.Round(single, 3),
            ["singlePrefixColdMs"] = Math.Round(cold, 1),
            ["baselineIndexMs"] = Math.Round(index, 1),
            ["apiColdMs"] = Math.Round(apiCold, 1),
            ["apiWarmMs"] = Math.Round(apiWarm, 3),
            ["goal"] = new Dictionary<string, object> { ["totalMs"] = 10_000, ["singlePrefixMs"] = 20 },
            ["measuredAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {file}");
    }

    /// <summary>
    /// What one API call costs: the estate written to a store, then explained through <c>ExplainService</c> as the
    /// endpoint does — once for a moment it has not built (a fresh service), then for a moment it keeps.
    /// </summary>
    private static async Task<(double ColdMs, double WarmMs)> ThroughTheStoreAsync(Topology topology, IReadOnlyList<VantagePoint> vantages,
        IReadOnlyDictionary<string, IReadOnlyList<Route>> routes, IReadOnlyList<IpPrefix> prefixes)
    {
        await using var db = await BenchDatabase.CreateAsync("explain");
        var store = new Data.RouteStore(db.Factory);
        var polledAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        await store.RegisterAsync(vantages, topology, polledAt, CancellationToken.None);
        await store.IngestAsync(vantages.Select(v => Observation.Ok(v.Id, polledAt, routes.GetValueOrDefault(v.Id) ?? [])).ToArray(), CancellationToken.None);
        var queries = new Data.RoutingQueries(db.Factory);
        var events = new Monitoring.Events.StoreEvents();
        var sample = IpPrefix.Parse("10.201.7.0/24");

        async Task<double> ColdAsync()
        {
            var watch = Stopwatch.StartNew();
            await new Monitoring.Explain.ExplainService(queries, events).ExplainAsync(sample, DateTimeOffset.UtcNow, null, CancellationToken.None);
            return watch.Elapsed.TotalMilliseconds;
        }

        var service = new Monitoring.Explain.ExplainService(queries, events);
        await service.ExplainAsync(sample, DateTimeOffset.UtcNow, null, CancellationToken.None);
        async Task<double> WarmAsync(int i)
        {
            var watch = Stopwatch.StartNew();
            await service.ExplainAsync(prefixes[(i * 7919) % prefixes.Count], DateTimeOffset.UtcNow, null, CancellationToken.None);
            return watch.Elapsed.TotalMilliseconds;
        }

        await ColdAsync(); // warm-up: the JIT and SQLite's page cache
        var cold = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            cold.Add(await ColdAsync());
        }

        var warm = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            warm.Add(await WarmAsync(i));
        }

        return (Median(cold), Median(warm));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>The generated estate; site prefixes scale so the routes total about <paramref name="targetRoutes"/>.</summary>
    private static (Topology, IReadOnlyList<VantagePoint>, EstateOrigins) Estate(int targetRoutes)
    {
        var n = StandardVantages.Node;
        var nodes = new List<TopologyNode>();
        var links = new List<TopologyLink>();
        var vantages = new List<VantagePoint>();
        var origins = new List<PrefixOrigin>();
        var hub = $"{Sub}/providers/Microsoft.Network/virtualNetworks/hub";
        var gateway = $"{Sub}/providers/Microsoft.Network/virtualNetworkGateways/ergw";
        var rs = $"{Sub}/providers/Microsoft.Network/virtualHubs/rs";
        var cloud = $"{Sub}/providers/Microsoft.AVS/privateClouds/avs";
        string Circuit(string name) => $"{Sub}/providers/Microsoft.Network/expressRouteCircuits/{name}";

        void Vnet(string id, NodeKind kind, IpPrefix prefix)
        {
            nodes.Add(new TopologyNode(n(id), kind, id.Split('/')[^1], id, null, new NodeFacts { Prefixes = [prefix] }));
            vantages.Add(new VantagePoint(StandardVantages.VnetAddressSpace(id), VantageKind.VnetAddressSpace, $"{id.Split('/')[^1]} · address space", n(id), id));
            origins.Add(new PrefixOrigin(prefix, OriginKind.Vnet, n(id), AsPath.Empty));
            if (kind == NodeKind.SpokeVnet)
            {
                links.Add(new TopologyLink("peer/" + id, LinkKind.VnetPeering, n(hub), n(id), "peering", BgpState.Connected));
            }
        }

        Vnet(hub, NodeKind.HubVnet, IpPrefix.Parse("10.100.0.0/22"));
        for (var i = 0; i < 55; i++)
        {
            Vnet($"{Sub}/providers/Microsoft.Network/virtualNetworks/spoke{i}", NodeKind.SpokeVnet, IpPrefix.Parse($"10.101.{i}.0/24"));
        }

        nodes.Add(new TopologyNode(n(gateway), NodeKind.ExpressRouteGateway, "ergw", gateway, null,
            new NodeFacts { Asn = AzureAsns.Azure, Sku = "ErGw3AZ", Addresses = ["10.100.0.4", "10.100.0.5"] }));
        links.Add(new TopologyLink("in/gw", LinkKind.Contains, n(hub), n(gateway), "GatewaySubnet"));
        vantages.Add(new VantagePoint(StandardVantages.GatewayLearned(gateway), VantageKind.GatewayLearned, "ergw · learned", n(gateway), gateway));
        nodes.Add(new TopologyNode(n(rs), NodeKind.RouteServer, "rs", rs, null,
            new NodeFacts { Asn = AzureAsns.Azure, Addresses = ["10.100.1.4", "10.100.1.5"], BranchToBranch = true }));
        links.Add(new TopologyLink("in/rs", LinkKind.Contains, n(hub), n(rs), "RouteServerSubnet"));

        var circuits = new[] { "er-ams", "er-rtm", "er-avs" };
        for (var c = 0; c < circuits.Length; c++)
        {
            var id = Circuit(circuits[c]);
            string[] msee = [$"10.100.0.{12 + (2 * c)}", $"10.100.0.{13 + (2 * c)}"];
            nodes.Add(new TopologyNode(n(id), NodeKind.ExpressRouteCircuit, circuits[c], id, null, new NodeFacts { Asn = AzureAsns.MicrosoftEdge, Sku = "Standard", Addresses = msee }));
            links.Add(new TopologyLink("er/" + c, LinkKind.ExpressRouteConnection, n(id), n(gateway), "connection", BgpState.Connected));
            foreach (var path in CircuitPaths.Both)
            {
                vantages.Add(new VantagePoint(StandardVantages.GatewayAdvertised(gateway, msee[(int)path]), VantageKind.GatewayAdvertised,
                    $"ergw → {circuits[c]} {path.ArmName()}", n(gateway), gateway, n(id), msee[(int)path]));
            }
        }

        // Two sites sharing the prefixes the target asks for (at most 3,900 each, under the Standard limit).
        var perSite = Math.Clamp((targetRoutes - 10_500) / 44, 100, 3_900);
        for (var s = 0; s < 2; s++)
        {
            var asn = 65001 + s;
            var site = StandardVantages.OnPremNode(asn);
            var circuit = Circuit(circuits[s]);
            nodes.Add(new TopologyNode(site, NodeKind.OnPremSite, $"site{s}", null, null, new NodeFacts { Asn = asn, Addresses = [$"192.168.{s}.1", $"192.168.{s}.5"] }));
            foreach (var path in CircuitPaths.Both)
            {
                links.Add(new TopologyLink($"bgp/{s}/{path}", LinkKind.BgpSession, site, n(circuit), "eBGP", BgpState.Connected, path));
                vantages.Add(new VantagePoint(StandardVantages.CircuitTable(circuit + "/peerings/AzurePrivatePeering", path.ArmName()), VantageKind.CircuitRouteTable,
                    $"{circuits[s]} · {path.ArmName()}", n(circuit), circuit + "/peerings/AzurePrivatePeering", site, path.ArmName(), new CircuitRef(circuit, circuits[s], path)));
            }

            for (var i = 0; i < perSite; i++)
            {
                origins.Add(new PrefixOrigin(IpPrefix.Parse($"10.{(s * 16) + (i / 256)}.{i % 256}.0/24"), OriginKind.OnPrem, site, AsPath.Of(asn)));
            }
        }

        const long avsAsn = 4200000100;
        nodes.Add(new TopologyNode(n(cloud), NodeKind.AvsPrivateCloud, "avs", cloud, null, new NodeFacts { Asn = avsAsn, Prefixes = [IpPrefix.Parse("10.200.0.0/22")] }));
        links.Add(new TopologyLink("avs/circuit", LinkKind.Contains, n(cloud), n(Circuit("er-avs")), "managed circuit"));
        vantages.Add(new VantagePoint(StandardVantages.AvsSegments(cloud), VantageKind.AvsSegments, "avs · segments", n(cloud), cloud));
        origins.Add(new PrefixOrigin(IpPrefix.Parse("10.200.0.0/22"), OriginKind.Avs, n(cloud), AsPath.Of(avsAsn), Role: AvsRole.ManagementBlock));
        for (var i = 0; i < 50; i++)
        {
            var segment = $"{cloud}/workloadNetworks/default/segments/seg{i}";
            var prefix = IpPrefix.Parse($"10.201.{i}.0/24");
            nodes.Add(new TopologyNode(n(segment), NodeKind.AvsSegment, $"seg{i}", segment, null, new NodeFacts { Prefixes = [prefix] }));
            links.Add(new TopologyLink("in/" + i, LinkKind.Contains, n(cloud), n(segment), "segment"));
            origins.Add(new PrefixOrigin(prefix, OriginKind.Avs, n(cloud), AsPath.Of(avsAsn), $"seg{i}", AvsRole.Segment));
        }

        for (var f = 0; f < 8; f++)
        {
            var address = $"10.100.2.{4 + f}";
            var nva = StandardVantages.NvaNode(address);
            var connection = $"{rs}/bgpConnections/fw{f}";
            nodes.Add(new TopologyNode(nva, NodeKind.Nva, $"fw{f}", null, null, new NodeFacts { Asn = 65010 + f, Addresses = [address] }));
            links.Add(new TopologyLink("bgp/fw" + f, LinkKind.BgpSession, n(rs), nva, "eBGP", BgpState.Connected));
            for (var i = 0; i < 2; i++)
            {
                var instance = $"RouteServiceRole_IN_{i}";
                vantages.Add(new VantagePoint(StandardVantages.RouteServer(connection, true, instance), VantageKind.RouteServerLearned, $"rs ← fw{f} · IN_{i}", n(rs), connection, nva, instance));
                vantages.Add(new VantagePoint(StandardVantages.RouteServer(connection, false, instance), VantageKind.RouteServerAdvertised, $"rs → fw{f} · IN_{i}", n(rs), connection, nva, instance));
            }

            // The last NVA lacks the AVS summary: every AVS prefix has a break at it.
            string[] summaries = f == 7 ? ["0.0.0.0/0", "10.0.0.0/10"] : ["0.0.0.0/0", "10.0.0.0/10", "10.200.0.0/15"];
            origins.AddRange(summaries.Select(p => new PrefixOrigin(IpPrefix.Parse(p), OriginKind.Nva, nva, AsPath.Of(65010 + f))));
            origins.AddRange(Enumerable.Range(0, 20).Select(i => new PrefixOrigin(IpPrefix.Parse($"172.{20 + f}.{i}.0/24"), OriginKind.Nva, nva, AsPath.Of(65010 + f))));
        }

        return (new Topology(nodes, links), vantages, new EstateOrigins(origins));
    }
}
