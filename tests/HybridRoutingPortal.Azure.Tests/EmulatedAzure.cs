using ArmEmulator;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>The real collectors against the ARM emulator over loopback HTTP, with short test timeouts.</summary>
public sealed class EmulatedAzure : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The estate spread over three subscriptions and resource groups, with names the collectors have never seen.</summary>
    public static readonly ArmEstateNaming MultiSubscription = new(
        "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333",
        "rg-net-prod", "rg-er-prod", "rg-vmware", "hub-prod-ne", ["spoke-sap", "spoke-web"], "routeserver-ne", "peer-fw-a", "gw-er-ne", "circuit-dub-1", "sddc-ne-01");

    private readonly System.Runtime.CompilerServices.StrongBox<EstateState> _state;

    private EmulatedAzure(ArmEmulatorServer server, ArmEstateNaming naming, AzureSourceOptions options, System.Runtime.CompilerServices.StrongBox<EstateState> state)
    {
        _state = state;
        Server = server;
        Naming = naming;
        Options = options;
        var api = new ArmRestNetworkApi(new ArmClient(options, credential: null, TimeProvider.System));
        Source = new AzureRoutingSource(api, new EstateDiscovery(api, options, NullLogger<EstateDiscovery>.Instance), options, 8, TimeProvider.System,
            NullLogger<AzureRoutingSource>.Instance);
    }

    public ArmEmulatorServer Server { get; }

    public ArmEstateNaming Naming { get; }

    public AzureSourceOptions Options { get; }

    public AzureRoutingSource Source { get; }

    /// <summary>The estate's routing state the emulator answers with; tests change it between polls.</summary>
    public EstateState State
    {
        get => _state.Value!;
        set => _state.Value = value;
    }

    public static async Task<EmulatedAzure> StartAsync(ArmEstateNaming? naming = null, Action<EmulatorSettings>? settings = null, Action<AzureSourceOptions>? configure = null,
        Action<ArmEmulatorServer>? server = null)
    {
        naming ??= ArmEstateNaming.Contoso;
        var state = new System.Runtime.CompilerServices.StrongBox<EstateState>(new DemoScenario(Epoch).At(Epoch + TimeSpan.FromHours(1)));
        var estate = ContosoArmEstate.Build(() => state.Value!, naming);
        var emulator = await ArmEmulatorServer.StartAsync(estate);
        settings?.Invoke(emulator.Settings);
        server?.Invoke(emulator);
        var options = new AzureSourceOptions
        {
            ArmEndpoint = emulator.BaseUrl,
            Credential = "None",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(2),
            OperationTimeout = TimeSpan.FromSeconds(4),
        };
        configure?.Invoke(options);
        return new EmulatedAzure(emulator, naming, options, state);
    }

    /// <summary>Plans and runs every collector; a collector that throws yields Failed observations, as the poller does.</summary>
    public async Task<(SourcePlan Plan, Dictionary<string, Observation> Observations)> CollectAsync(CancellationToken ct = default)
    {
        var plan = await Source.PlanAsync(ct);
        var at = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(plan.Collectors.Select(async collector =>
        {
            try
            {
                return await collector.CollectAsync(at, ct);
            }
            catch (CollectionException ex)
            {
                return collector.VantageIds.Select(id => Observation.Failed(id, at, ex.Reason, ex.Message)).ToArray();
            }
        }));
        return (plan, results.SelectMany(r => r).ToDictionary(o => o.VantageId));
    }

    public IReadOnlyDictionary<string, IReadOnlyList<Route>> Expected() => ContosoArmEstate.Expected(State, Naming);

    /// <summary>Every vantage point of the served estate is there, Ok, with exactly the routes the estate's state gives.</summary>
    public void AssertEveryVantageRight(IReadOnlyDictionary<string, Observation> observations)
    {
        var expected = Expected();
        Assert.Equal(expected.Keys.Order(), observations.Keys.Order());
        foreach (var (id, routes) in expected)
        {
            var observation = observations[id];
            Assert.True(observation.Status == ObservationStatus.Ok, $"{id}: {observation.Failure}");
            Assert.Equal(Canonical(routes), Canonical(observation.Routes));
        }
    }

    /// <summary>Vantage points are exactly: the listed ones failed with the reason, every other one right.</summary>
    public void AssertOnlyFailed(IReadOnlyDictionary<string, Observation> observations, IReadOnlyCollection<string> failed, FailureReason reason)
    {
        var expected = Expected();
        Assert.Equal(expected.Keys.Order(), observations.Keys.Order());
        foreach (var (id, routes) in expected)
        {
            var observation = observations[id];
            if (failed.Contains(id))
            {
                Assert.True(observation.Status == ObservationStatus.Failed && observation.Failure!.Reason == reason, $"{id} should have failed with {reason}: {observation.Status} {observation.Failure}");
            }
            else
            {
                Assert.True(observation.Status == ObservationStatus.Ok, $"{id}: {observation.Failure}");
                Assert.Equal(Canonical(routes), Canonical(observation.Routes));
            }
        }
    }

    public static string[] Canonical(IEnumerable<Route> routes) => RouteSet.Normalise(routes).Select(r => r.Canonical).ToArray();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
