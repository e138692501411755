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

    public static async Task<EmulatedAzure> StartAsync(ArmEstateNaming? naming = null, Action<EmulatorSettings>? settings = null, Action<AzureSourceOptions>? configure = null)
    {
        naming ??= ArmEstateNaming.Contoso;
        var state = new System.Runtime.CompilerServices.StrongBox<EstateState>(new DemoScenario(Epoch).At(Epoch + TimeSpan.FromHours(1)));
        var estate = ContosoArmEstate.Build(() => state.Value!, naming);
        var server = await ArmEmulatorServer.StartAsync(estate);
        settings?.Invoke(server.Settings);
        var options = new AzureSourceOptions
        {
            ArmEndpoint = server.BaseUrl,
            Credential = "None",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(2),
            OperationTimeout = TimeSpan.FromSeconds(4),
        };
        configure?.Invoke(options);
        return new EmulatedAzure(server, naming, options, state);
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

    public static string[] Canonical(IEnumerable<Route> routes) => RouteSet.Normalise(routes).Select(r => r.Canonical).ToArray();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
