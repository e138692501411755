using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using static HybridRoutingPortal.Demo.ContosoEstate;

namespace HybridRoutingPortal.Demo.Signals;

/// <summary>Which of the estate's resources a metric belongs to.</summary>
public enum MetricResource
{
    RouteServer,
    Circuit,
    Gateway,
}

/// <summary>One metric sample as Azure Monitor would record it: the resource, the metric, its dimension values, the value.</summary>
public sealed record MetricSample(MetricResource Resource, string Metric, IReadOnlyDictionary<string, string> Dimensions, double Value);

/// <summary>
/// The Contoso estate's platform metrics in a state, derived from the same routes and sessions its route tables show:
/// Route Server's peer status and route counts per instance, the circuit's BGP availability per path, the gateway's
/// route counts per instance and BGP peer. The demo source and the ARM emulator both serve these.
/// </summary>
public static class ContosoMetrics
{
    /// <summary>The routeserviceinstance values, as the metric names the two Route Server instances.</summary>
    public static readonly IReadOnlyList<string> RouteServerMetricInstances = ["IN_0", "IN_1"];

    /// <summary>The roleInstance values of the gateway's two instances.</summary>
    public static readonly IReadOnlyList<string> GatewayRoleInstances = ["IN_0", "IN_1"];

    public const string NvaPeerType = "Nva";

    public const string PrivatePeeringType = "Private";

    public static string PeerName(CircuitPath path) => path == CircuitPath.Primary ? "Primary-IPv4" : "Secondary-IPv4";

    public static IReadOnlyList<MetricSample> At(EstateState s)
    {
        var samples = new List<MetricSample>();
        for (var i = 0; i < 2; i++)
        {
            var dims = new Dictionary<string, string>
            {
                [MonitorMetrics.RouteServerInstance] = RouteServerMetricInstances[i], [MonitorMetrics.BgpPeerIp] = NvaIp, [MonitorMetrics.BgpPeerType] = NvaPeerType,
            };
            samples.Add(new(MetricResource.RouteServer, MonitorMetrics.BgpPeerStatus, dims, 1));
            samples.Add(new(MetricResource.RouteServer, MonitorMetrics.RoutesLearnedFromPeer, dims, RoutePropagation.RouteServerLearned(s, i).Count));
            samples.Add(new(MetricResource.RouteServer, MonitorMetrics.RoutesAdvertisedToPeer, dims, RoutePropagation.RouteServerAdvertised(s, i).Count));
        }

        foreach (var path in CircuitPaths.Both)
        {
            var up = path == CircuitPath.Primary || s.SecondarySessionUp;
            var dims = new Dictionary<string, string> { [MonitorMetrics.PeeringType] = PrivatePeeringType, [MonitorMetrics.Peer] = PeerName(path) };
            samples.Add(new(MetricResource.Circuit, MonitorMetrics.BgpAvailability, dims, up ? 100 : 0));
            samples.Add(new(MetricResource.Circuit, MonitorMetrics.ArpAvailability, dims, 100));
        }

        var learned = RoutePropagation.GatewayLearned(s);
        for (var i = 0; i < GatewayInstances.Length; i++)
        {
            var instance = GatewayInstances[i];
            // Routes from a BGP peer (the gateway's own VNet prefixes name the instance itself as their source).
            foreach (var peer in learned.Where(r => r.LocalAddress == instance && !string.IsNullOrEmpty(r.SourcePeer) && r.SourcePeer != instance).GroupBy(r => r.SourcePeer!))
            {
                samples.Add(new(MetricResource.Gateway, MonitorMetrics.GatewayRoutesLearned,
                    new Dictionary<string, string> { [MonitorMetrics.RoleInstance] = GatewayRoleInstances[i], [MonitorMetrics.BgpPeerAddress] = peer.Key }, peer.Count()));
            }

            foreach (var msee in OnPremMsee.Concat(AvsMsee))
            {
                samples.Add(new(MetricResource.Gateway, MonitorMetrics.GatewayRoutesAdvertised,
                    new Dictionary<string, string> { [MonitorMetrics.RoleInstance] = GatewayRoleInstances[i], [MonitorMetrics.BgpPeerAddress] = msee },
                    RoutePropagation.GatewayAdvertised(s, msee).Count(r => r.LocalAddress == instance)));
            }
        }

        return samples;
    }
}
