using ArmEmulator;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Web;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Data.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>
/// Each injected ARM fault fails exactly the vantage points of the operation it hits, with the right
/// reason, while every other vantage point succeeds; no fault loses history or looks like a withdrawal.
/// </summary>
public class FaultTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    public static TheoryData<string, FaultKind, FailureReason, string[]> Faults() => new()
    {
        { "routeTables/secondary", FaultKind.Throttle, FailureReason.Throttled, [V.CircuitTable("secondary")] },
        { "getLearnedRoutes", FaultKind.ServerError500, FailureReason.ServerError, [V.GatewayLearned] },
        { "bgp-nva-fw01/advertisedRoutes", FaultKind.ServerError503, FailureReason.ServerError, [V.RouteServerAdvertised(0), V.RouteServerAdvertised(1)] },
        { "routeTables/primary", FaultKind.Slow, FailureReason.Timeout, [V.CircuitTable("primary")] },
        { "bgp-nva-fw01/learnedRoutes", FaultKind.MalformedJson, FailureReason.MalformedResponse, [V.RouteServerLearned(0), V.RouteServerLearned(1)] },
        { "getAdvertisedRoutes?peer=10.100.0.14", FaultKind.NeverCompletes, FailureReason.Timeout, [V.GatewayAdvertised("10.100.0.14")] },
        { "routeTables/primary", FaultKind.OperationFailed, FailureReason.OperationFailed, [V.CircuitTable("primary")] },
        { "workloadNetworks/default/segments", FaultKind.Unauthorized, FailureReason.Unauthorized, [V.AvsSegments] },
        { "virtualNetworks/vnet-spoke-app-weu", FaultKind.Forbidden, FailureReason.Forbidden, [V.VnetSpace(ContosoEstate.SpokeAppVnetId)] },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_fails_only_its_own_vantage_points_with_the_right_reason(string match, FaultKind kind, FailureReason reason, string[] affected)
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.LroStyle = LroStyle.AsyncOperation);
        await azure.Source.PlanAsync(CancellationToken.None); // discover before the fault, as a running poller would have
        azure.Server.Faults.Add(new Fault(match, kind, Delay: TimeSpan.FromSeconds(10)));

        var (_, observations) = await azure.CollectAsync();

        var expected = azure.Expected();
        foreach (var (id, observation) in observations)
        {
            if (affected.Contains(id))
            {
                Assert.Equal(ObservationStatus.Failed, observation.Status);
                Assert.Equal(reason, observation.Failure!.Reason);
                Assert.Empty(observation.Routes);
                Assert.False(string.IsNullOrWhiteSpace(observation.Failure.Message));
            }
            else
            {
                Assert.True(observation.Status == ObservationStatus.Ok, $"{id} should be unaffected: {observation.Failure}");
                Assert.Equal(EmulatedAzure.Canonical(expected[id]), EmulatedAzure.Canonical(observation.Routes));
            }
        }
    }

    [Fact]
    public async Task A_throttled_request_that_recovers_within_its_retries_succeeds()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        azure.Server.Faults.Add(new Fault("routeTables/secondary", FaultKind.Throttle, Times: 1));
        var (_, observations) = await azure.CollectAsync();
        Assert.Equal(ObservationStatus.Ok, observations[V.CircuitTable("secondary")].Status);
        Assert.Equal(2, azure.Server.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal) && r.Contains("routeTables/secondary", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Faults_through_the_poller_keep_history_and_never_look_like_withdrawals()
    {
        var store = _db.Store;
        var queries = _db.Queries;
        var cycle = new CollectionCycle(store, Microsoft.Extensions.Options.Options.Create(new RoutingOptions { MaxConcurrency = 4 }), TimeProvider.System,
            NullLogger<CollectionCycle>.Instance);
        await using var azure = await EmulatedAzure.StartAsync();

        var first = await cycle.RunAsync(azure.Source, CancellationToken.None);
        Assert.All(first.Results, r => Assert.Equal(ObservationStatus.Ok, r.Status));
        var before = await queries.RoutesAtAsync(null, DateTimeOffset.UtcNow, null, CancellationToken.None);

        foreach (var kind in new[] { FaultKind.Throttle, FaultKind.MalformedJson, FaultKind.Forbidden, FaultKind.ServerError503 })
        {
            azure.Server.Faults.Clear();
            azure.Server.Faults.Add(new Fault("AzurePrivatePeering/routeTables", kind));
            azure.Server.Faults.Add(new Fault("getLearnedRoutes", kind));
            var faulted = await cycle.RunAsync(azure.Source, CancellationToken.None);
            Assert.Equal(3, faulted.Failed);
        }

        var after = await queries.RoutesAtAsync(null, DateTimeOffset.UtcNow, null, CancellationToken.None);
        Assert.Equal(before.Select(r => (r.VantageId, r.Route.Canonical)), after.Select(r => (r.VantageId, r.Route.Canonical)));
        var primary = (await queries.VantagePointAsync(V.CircuitTable("primary"), CancellationToken.None))!;
        Assert.Equal((ObservationStatus.Failed, 4), (primary.LastStatus, primary.ConsecutiveFailures));
        Assert.Equal(first.PolledAt, primary.LastSuccessAt);
        Assert.Empty(await queries.DiffAsync(first.PolledAt, DateTimeOffset.UtcNow, null, CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_ends_a_cycle_promptly_even_while_operations_hang()
    {
        await using var azure = await EmulatedAzure.StartAsync(configure: o => o.OperationTimeout = TimeSpan.FromHours(1));
        await azure.Source.PlanAsync(CancellationToken.None);
        azure.Server.Faults.Add(new Fault("routeTables", FaultKind.NeverCompletes));
        azure.Server.Faults.Add(new Fault("learnedRoutes", FaultKind.NeverCompletes));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var run = azure.CollectAsync(cts.Token);

        // Hanging operations would run for an hour; cancellation must end them. The bound only guards the test run.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
