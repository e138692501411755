using System.Net;
using System.Text.Json.Nodes;
using ArmEmulator;
using Azure.Core;
using Azure.Core.Pipeline;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Azure.Metrics;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Demo;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>
/// The fast lane against the ARM emulator: Azure Monitor's metrics of the estate read per resource (ARM reads) or in
/// batches (their own endpoint and token), mapped onto vantage points and links, honouring the ingestion delay; the
/// emulator refusing what Azure would refuse; every request an operation the role grants.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private static readonly TimeSpan Latency = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _clock = new(EmulatedAzure.Epoch + TimeSpan.FromHours(1));
    private EmulatedAzure _azure = default!;
    private AzureRoutingSource _source = default!;

    public async Task InitializeAsync()
    {
        _azure = await EmulatedAzure.StartAsync(EmulatedAzure.MultiSubscription, server: s => s.Estate.MetricsClock = _clock);
        _source = Source(_azure, new ArmMetricsApi(new ArmClient(_azure.Options, null, TimeProvider.System)));
        await _source.PlanAsync(CancellationToken.None);
        // Ten minutes of metrics behind us, all of them final.
        _clock.Advance(TimeSpan.FromMinutes(10));
    }

    public async Task DisposeAsync() => await _azure.DisposeAsync();

    private static AzureRoutingSource Source(EmulatedAzure azure, IAzureMetricsApi metrics)
    {
        var api = new ArmRestNetworkApi(new ArmClient(azure.Options, null, TimeProvider.System));
        return new AzureRoutingSource(api, new EstateDiscovery(api, azure.Options, NullLogger<EstateDiscovery>.Instance), azure.Options, 8, TimeProvider.System,
            NullLogger<AzureRoutingSource>.Instance, metrics);
    }

    private Task<SignalRead> ReadAsync(AzureRoutingSource? source = null) =>
        (source ?? _source).ReadSignalsAsync(new SignalRequest(_clock.GetUtcNow(), Latency), CancellationToken.None);

    private static double Latest(SignalRead read, Func<SignalSeries, bool> which) =>
        read.Observations.Single(o => which(o.Series)).Latest!.Value;

    [Fact]
    public async Task Every_session_and_route_count_of_the_estate_is_read_and_agrees_with_the_route_tables()
    {
        var n = _azure.Naming;
        var read = await ReadAsync();

        Assert.Empty(read.Failures);
        Assert.Equal(read.Series.Select(s => s.Id).Order(), read.Observations.Select(o => o.Series.Id).Order());
        Assert.All(read.Observations, o => Assert.NotNull(o.Latest));
        // Route Server: per instance, learned and advertised counts as its tables hold them, the session up and on its link.
        var expected = _azure.Expected();
        for (var i = 0; i < 2; i++)
        {
            var learned = StandardVantages.RouteServer(n.NvaConnectionId, true, ContosoEstate.RouteServerInstances[i]);
            var advertised = StandardVantages.RouteServer(n.NvaConnectionId, false, ContosoEstate.RouteServerInstances[i]);
            Assert.Equal(expected[learned].Count, Latest(read, s => s.Kind == SignalKind.RoutesLearned && s.VantageIds.SequenceEqual([learned])));
            Assert.Equal(expected[advertised].Count, Latest(read, s => s.Kind == SignalKind.RoutesAdvertised && s.VantageIds.SequenceEqual([advertised])));
            var session = read.Observations.Single(o => o.Series.Kind == SignalKind.Session && o.Series.VantageIds.Contains(learned));
            Assert.Equal(($"bgp/{StandardVantages.Node(n.NvaConnectionId)}", 1.0), (session.Series.LinkId, session.Latest!.Value));
        }

        // The circuit's two paths, as fractions of BGP availability, on the circuit's session links.
        foreach (var path in CircuitPaths.Both)
        {
            var session = read.Observations.Single(o => o.Series.LinkId == $"bgp/{StandardVantages.Node(n.CircuitId)}/{path.ArmName()}");
            Assert.Equal(1.0, session.Latest!.Value);
            Assert.Equal([StandardVantages.CircuitTable(n.PrivatePeeringId, path.ArmName())], session.Series.VantageIds);
        }

        // The gateway: per BGP peer it reports, what it learned from that peer (each instance holds the same routes).
        var table = expected[StandardVantages.GatewayLearned(n.GatewayId)];
        var gatewayLearned = read.Observations.Where(o => o.Series.Kind == SignalKind.RoutesLearned && o.Series.VantageIds.Contains(StandardVantages.GatewayLearned(n.GatewayId))).ToArray();
        Assert.Equal(ContosoEstate.OnPremMsee.Length + ContosoEstate.AvsMsee.Length, gatewayLearned.Length);
        Assert.All(gatewayLearned, o => Assert.Equal(table.Count(r => r.SourcePeer == o.Series.Lane && r.LocalAddress == ContosoEstate.GatewayInstances[0]), o.Latest!.Value));
        Assert.Contains(gatewayLearned, o => o.Latest!.Value > 0);
        // One ARM read per resource: Route Server, circuit, gateway.
        Assert.Equal(3, read.Requests);
    }

    [Fact]
    public async Task A_withdrawal_shows_only_after_the_ingestion_delay_first_in_a_partial_point_then_final()
    {
        var learned = StandardVantages.RouteServer(_azure.Naming.NvaConnectionId, true, ContosoEstate.RouteServerInstances[0]);
        bool Learned0(SignalSeries s) => s.Kind == SignalKind.RoutesLearned && s.VantageIds.SequenceEqual([learned]);
        var before = Latest(await ReadAsync(), Learned0);

        // The NVA withdraws its default route on instance 0: the route table shows it at once (ARM), the metric does not.
        _azure.State = _azure.State with { NvaAdvertisedIn0 = _azure.State.NvaAdvertisedIn0.Where(p => p.Length > 0).ToArray() };
        _clock.Advance(TimeSpan.FromMinutes(1));
        var now = await ReadAsync();
        Assert.Equal(before, Latest(now, Learned0));
        Assert.Equal(before, now.Observations.Single(o => Learned0(o.Series)).Partial?.Value ?? before);

        // Past the ingestion delay the newest point (still landing) shows it; nothing final does yet.
        _clock.Advance(Latency + TimeSpan.FromMinutes(0.5));
        var partial = (await ReadAsync()).Observations.Single(o => Learned0(o.Series));
        Assert.Equal(before, partial.Latest!.Value);
        Assert.Equal(before - 1, partial.Partial?.Value);

        // A grain later it is final.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(before - 1, Latest(await ReadAsync(), Learned0));
    }

    [Fact]
    public async Task A_failing_resource_makes_only_its_own_signals_unknown_and_is_read_again_next_time()
    {
        _azure.Server.Faults.Add(new Fault($"virtualHubs/{_azure.Naming.RouteServer}/providers/Microsoft.Insights/metrics", FaultKind.ServerError500, Times: 10));
        var read = await ReadAsync();

        var failure = Assert.Single(read.Failures);
        Assert.Equal(FailureReason.ServerError, failure.Reason);
        Assert.Equal(read.Series.Where(s => s.Id.StartsWith(_azure.Naming.RouteServerId.ToLowerInvariant(), StringComparison.Ordinal)).Select(s => s.Id).Order(), failure.SeriesIds.Order());
        Assert.Contains(read.Observations, o => o.Series.LinkId?.Contains("expressroutecircuits", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(read.Observations, o => failure.SeriesIds.Contains(o.Series.Id));

        _azure.Server.Faults.Clear();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var again = await ReadAsync();
        Assert.Empty(again.Failures);
        // The Route Server was retried at once; the circuit waits for its next grain, the gateway for its five-minute grain.
        Assert.Equal(1, again.Requests);
    }

    [Fact]
    public async Task The_fast_lane_keeps_to_its_share_of_the_read_budget_arm_reports()
    {
        // ARM said almost nothing is left: one read may spend a quarter of 4, so only Route Server's metrics are read.
        var budgets = new[] { new RequestBudget(_azure.Naming.HubSubscription, BudgetKind.Reads, 4, null, _clock.GetUtcNow(), 0, TimeSpan.Zero) };
        var api = new ArmRestNetworkApi(new ArmClient(_azure.Options, null, TimeProvider.System));
        var source = new AzureRoutingSource(new FixedBudgets(api, budgets), new EstateDiscovery(api, _azure.Options, NullLogger<EstateDiscovery>.Instance), _azure.Options, 8,
            TimeProvider.System, NullLogger<AzureRoutingSource>.Instance, new ArmMetricsApi(new ArmClient(_azure.Options, null, TimeProvider.System)));
        await source.PlanAsync(CancellationToken.None);

        var read = await source.ReadSignalsAsync(new SignalRequest(_clock.GetUtcNow(), Latency, 0.25), CancellationToken.None);
        // The hub subscription (Route Server and gateway) may spend one read: Route Server's; the gateway waits, unknown, not failed.
        // The circuit's subscription reported no budget: it is read.
        Assert.Equal(2, read.Requests);
        var deferred = Assert.Single(read.Failures);
        Assert.Equal((_azure.Naming.GatewayId, FailureReason.Throttled), (deferred.Scope, deferred.Reason));
        Assert.Contains(read.Observations, o => o.Series.Kind == SignalKind.Session && o.Series.Lane == "IN_0");
    }

    [Fact]
    public async Task Batches_go_to_the_batch_endpoint_with_its_own_token_and_cost_no_arm_reads()
    {
        var credential = new ScopeCredential();
        var forward = new ForwardingHandler(new Uri(_azure.Server.BaseUrl));
        var batch = new MetricsBatchClient(new Uri("https://westeurope.metrics.monitor.azure.com"), credential, MetricsBatchClient.DefaultScope, _azure.Options,
            new HttpClientTransport(new HttpClient(forward)));
        var source = Source(_azure, new ArmMetricsApi(new ArmClient(_azure.Options, null, TimeProvider.System), batch));
        await source.PlanAsync(CancellationToken.None);
        var armBefore = _azure.Server.Requests.Count(r => r.Contains("Microsoft.Insights", StringComparison.OrdinalIgnoreCase));

        var read = await ReadAsync(source);

        Assert.Empty(read.Failures);
        Assert.Equal(read.Series.Count, read.Observations.Count);
        Assert.Equal(armBefore, _azure.Server.Requests.Count(r => r.Contains("Microsoft.Insights", StringComparison.OrdinalIgnoreCase)));
        // One batch per subscription and type: the test estate spreads them over three subscriptions.
        Assert.Equal(3, _azure.Server.Metrics.BatchRequests.Count);
        Assert.All(_azure.Server.Metrics.BatchAuthorizations, a => Assert.Equal($"Bearer token-for {MetricsBatchClient.DefaultScope}", a));
        Assert.Equal([MetricsBatchClient.DefaultScope], credential.Scopes.Distinct());
        Assert.All(forward.Hosts, h => Assert.Equal("westeurope.metrics.monitor.azure.com", h));

        // Throttled (529): the signals are unknown, nothing falls back to ARM reads behind the operator's back.
        _azure.Server.Metrics.BatchStatus = 529;
        _clock.Advance(TimeSpan.FromMinutes(5));
        var throttled = await ReadAsync(source);
        Assert.Empty(throttled.Observations);
        Assert.All(throttled.Failures, f => Assert.Equal(FailureReason.Throttled, f.Reason));
        Assert.Equal(armBefore, _azure.Server.Requests.Count(r => r.Contains("Microsoft.Insights", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_batch_covers_one_region_a_resource_of_another_is_read_on_arm_and_the_emulator_refuses_a_mixed_batch()
    {
        // The circuit lives in another region than the batch endpoint's (its host names westeurope).
        _azure.Server.Estate.Get(_azure.Naming.CircuitId)!["location"] = "northeurope";
        var forward = new ForwardingHandler(new Uri(_azure.Server.BaseUrl));
        var batch = new MetricsBatchClient(new Uri("https://westeurope.metrics.monitor.azure.com"), new ScopeCredential(), MetricsBatchClient.DefaultScope, _azure.Options,
            new HttpClientTransport(new HttpClient(forward)));
        Assert.Equal("westeurope", batch.Region);
        var source = Source(_azure, new ArmMetricsApi(new ArmClient(_azure.Options, null, TimeProvider.System), batch));
        await source.PlanAsync(CancellationToken.None);
        bool CircuitMetrics(string r) => r.Contains($"{_azure.Naming.CircuitId}/providers/Microsoft.Insights/metrics", StringComparison.OrdinalIgnoreCase);
        var armBefore = _azure.Server.Requests.Count(CircuitMetrics);

        var read = await ReadAsync(source);

        Assert.Empty(read.Failures);
        Assert.Equal(read.Series.Count, read.Observations.Count);
        // Route Server and gateway in batches on westeurope's endpoint; the circuit on ARM, once.
        Assert.Equal(2, _azure.Server.Metrics.BatchRequests.Count);
        Assert.DoesNotContain(_azure.Server.Metrics.BatchRequests, r => r.Contains("expressRouteCircuits", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(armBefore + 1, _azure.Server.Requests.Count(CircuitMetrics));

        // Azure batches one subscription, region and type: the emulator refuses two regions in one batch.
        var otherCircuit = _azure.Naming.CircuitId.Replace(_azure.Naming.Circuit, "er-other", StringComparison.Ordinal);
        _azure.Server.Estate.Add(otherCircuit, "Microsoft.Network/expressRouteCircuits", new JsonObject());
        var subscription = _azure.Naming.CircuitId.Split('/')[2];
        using var http = new HttpClient();
        var query = "api-version=2024-02-01&metricnamespace=Microsoft.Network%2FexpressRouteCircuits&metricnames=BgpAvailability&aggregation=Average&interval=PT1M"
            + $"&starttime={_clock.GetUtcNow().AddMinutes(-10):yyyy-MM-ddTHH:mm:ssZ}&endtime={_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}";
        var mixed = await http.PostAsync($"{_azure.Server.BaseUrl}/subscriptions/{subscription}/metrics:getBatch?{query}",
            new StringContent(new JsonObject { ["resourceids"] = new JsonArray(_azure.Naming.CircuitId, otherCircuit) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Contains("one batch covers one subscription, region and namespace", await mixed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refused() => new()
    {
        { "metricnames=CountOfRoutesLearnedFromPeers&aggregation=Maximum&interval=PT1M", "Failed to find metric configuration" },
        { "metricnames=BgpPeerStatus&aggregation=Average&interval=PT1M", "Aggregation 'Average' is not supported" },
        { "metricnames=BgpPeerStatus&aggregation=Maximum&interval=PT2M", "no time grain" },
        { "metricnames=BgpPeerStatus&aggregation=Maximum&interval=PT1M&$filter=peerip eq '*'", "no dimension 'peerip'" },
        { "metricnames=BgpPeerStatus&aggregation=Maximum&interval=PT1M&$filter=bgppeerip eq '*' or routeserviceinstance eq '*'", "cannot be read" },
        { "metricnames=BgpPeerStatus&aggregation=Maximum&interval=PT1M&top=5", "top is valid only with a filter" },
        { "metricnames=BgpPeerStatus&aggregation=Maximum&interval=PT1M&AutoAdjustTimegrain=true", "not a parameter" },
        { "metricnames=BgpPeerStatus&aggregation=Maximum", "not an ISO 8601 duration" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_emulator_refuses_metric_questions_azure_would_not_answer(string query, string message)
    {
        using var http = new HttpClient();
        var timespan = Uri.EscapeDataString($"{_clock.GetUtcNow().AddMinutes(-10):yyyy-MM-ddTHH:mm:ssZ}/{_clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}");
        var url = $"{_azure.Server.BaseUrl}{_azure.Naming.RouteServerId}/providers/Microsoft.Insights/metrics?api-version=2024-02-01&timespan={timespan}&";
        var refused = await http.GetAsync(url + query);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(message, (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["message"], StringComparison.Ordinal);

        var fine = await http.GetAsync(url + "metricnames=BgpPeerStatus&aggregation=Maximum&interval=PT1M&$filter=bgppeerip eq '*'&top=5");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        var body = JsonNode.Parse(await fine.Content.ReadAsStringAsync())!;
        Assert.Equal("BgpPeerStatus", (string?)body["value"]![0]!["name"]!["value"]);
        // Points not landed yet carry only their time stamp (no data), as Azure's do.
        var data = body["value"]![0]!["timeseries"]![0]!["data"]!.AsArray();
        Assert.Null(data[^1]!["maximum"]);
        Assert.NotNull(data[0]!["maximum"]);
    }

    [Fact]
    public async Task Every_request_of_a_discovery_a_poll_and_a_metrics_read_is_an_operation_the_role_grants()
    {
        var (_, observations) = await _azure.CollectAsync();
        _azure.AssertEveryVantageRight(observations);
        await ReadAsync();

        var role = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "docs", "hybrid-routing-reader.json")))!["Actions"]!.AsArray().Select(a => (string)a!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var requests = _azure.Server.Requests.ToArray();
        Assert.Contains(requests, r => r.Contains("/providers/Microsoft.Insights/metrics?", StringComparison.Ordinal));
        foreach (var request in requests)
        {
            var method = request[..request.IndexOf(' ', StringComparison.Ordinal)];
            var operation = ArmOperations.Find(method, request[(method.Length + 1)..].Split('?')[0]);
            Assert.True(operation is not null, $"{request} is not an operation of ArmOperations");
            Assert.Contains(operation!.Action, role);
        }

        Assert.Contains("Microsoft.Insights/Metrics/Read", role);
        Assert.Equal(OperationList.Monitor, ArmOperations.All.First(o => o.Action == "Microsoft.Insights/Metrics/Read").Source);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    /// <summary>A credential that hands out a token naming the scope it was asked for, and remembers the scopes.</summary>
    private sealed class ScopeCredential : TokenCredential
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Enqueue(scope);
            }

            return new AccessToken($"token-for {string.Join(' ', requestContext.Scopes)}", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Sends what the client addressed to an https host to the loopback emulator, remembering the host it was meant for.</summary>
    private sealed class ForwardingHandler(Uri emulator) : DelegatingHandler(new HttpClientHandler())
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Hosts { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Hosts.Enqueue(request.RequestUri!.Host);
            request.RequestUri = new UriBuilder(request.RequestUri) { Scheme = emulator.Scheme, Host = emulator.Host, Port = emulator.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The network API with the budgets a test says ARM reported.</summary>
    private sealed class FixedBudgets(IAzureNetworkApi inner, IReadOnlyList<RequestBudget> budgets) : IAzureNetworkApi
    {
        public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct) => inner.ListSubscriptionsAsync(ct);

        public Task<ResourceGraphResult> QueryResourcesAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<string> types, CancellationToken ct) => inner.QueryResourcesAsync(subscriptions, types, ct);

        public Task<IReadOnlyList<ArmResource<T>>> ListBySubscriptionAsync<T>(string subscriptionId, string resourceType, string apiVersion, CancellationToken ct) =>
            inner.ListBySubscriptionAsync<T>(subscriptionId, resourceType, apiVersion, ct);

        public Task<IReadOnlyList<string>> ListResourceGroupsAsync(string subscriptionId, CancellationToken ct) => inner.ListResourceGroupsAsync(subscriptionId, ct);

        public Task<IReadOnlyList<ArmResource<T>>> ListByResourceGroupAsync<T>(string resourceGroupId, string resourceType, string apiVersion, CancellationToken ct) =>
            inner.ListByResourceGroupAsync<T>(resourceGroupId, resourceType, apiVersion, ct);

        public Task<T> GetAsync<T>(string resourceId, string apiVersion, CancellationToken ct) => inner.GetAsync<T>(resourceId, apiVersion, ct);

        public Task<IReadOnlyList<ArmResource<T>>> ListChildrenAsync<T>(string parentId, string childPath, string apiVersion, CancellationToken ct) =>
            inner.ListChildrenAsync<T>(parentId, childPath, apiVersion, ct);

        public Task<IReadOnlyDictionary<string, IReadOnlyList<PeerRoute>>> RouteServerRoutesAsync(string bgpConnectionId, RouteDirection direction, CancellationToken ct) =>
            inner.RouteServerRoutesAsync(bgpConnectionId, direction, ct);

        public Task<IReadOnlyList<CircuitRoute>> CircuitRouteTableAsync(string peeringId, string devicePath, CancellationToken ct) => inner.CircuitRouteTableAsync(peeringId, devicePath, ct);

        public Task<IReadOnlyList<EffectiveRouteDto>> NicEffectiveRoutesAsync(string networkInterfaceId, CancellationToken ct) => inner.NicEffectiveRoutesAsync(networkInterfaceId, ct);

        public Task<IReadOnlyList<CircuitRouteSummary>> CircuitRouteTableSummaryAsync(string peeringId, string devicePath, CancellationToken ct) =>
            inner.CircuitRouteTableSummaryAsync(peeringId, devicePath, ct);

        public Task<IReadOnlyList<PeerRoute>> GatewayLearnedRoutesAsync(string gatewayId, CancellationToken ct) => inner.GatewayLearnedRoutesAsync(gatewayId, ct);

        public Task<IReadOnlyList<PeerRoute>> GatewayAdvertisedRoutesAsync(string gatewayId, string peer, CancellationToken ct) => inner.GatewayAdvertisedRoutesAsync(gatewayId, peer, ct);

        public Task<IReadOnlyList<BgpPeerStatus>> GatewayBgpPeerStatusAsync(string gatewayId, CancellationToken ct) => inner.GatewayBgpPeerStatusAsync(gatewayId, ct);

        public IReadOnlyList<RequestBudget> Budgets() => budgets;
    }
}
