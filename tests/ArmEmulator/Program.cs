using ArmEmulator;
using HybridRoutingPortal.Demo;

// Run by hand: dotnet run --project tests/ArmEmulator [-- --urls http://127.0.0.1:7071] [--resource-graph fail|throttle|truncate] [--latency-ms 200] [--metrics-delay-s 120]
// Serves the Contoso estate as ARM would, playing the demo scenario live (its epoch: 24 hours ago).
string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var url = Arg("--urls") ?? "http://127.0.0.1:7071";
var scenario = new DemoScenario(DateTimeOffset.UtcNow.AddDays(-1));
var estate = ContosoArmEstate.Build(() => scenario.At(DateTimeOffset.UtcNow), stateAt: scenario.At);
await using var server = await ArmEmulatorServer.StartAsync(estate, url);
if (Arg("--metrics-delay-s") is { } delay)
{
    server.Metrics.IngestionDelay = TimeSpan.FromSeconds(int.Parse(delay, System.Globalization.CultureInfo.InvariantCulture));
}

if (Arg("--resource-graph") is { } mode)
{
    server.Settings.ResourceGraph = Enum.Parse<ResourceGraphMode>(mode, ignoreCase: true);
}

if (Arg("--latency-ms") is { } latency)
{
    server.Settings.Latency = TimeSpan.FromMilliseconds(int.Parse(latency, System.Globalization.CultureInfo.InvariantCulture));
}

using var stop = new CancellationTokenSource();
// Segments and route tables are resources, not computed answers: keep them in step with the scenario.
_ = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        ContosoArmEstate.SyncSegments(estate, ArmEstateNaming.Contoso, scenario.At(DateTimeOffset.UtcNow));
        ContosoArmEstate.SyncRouteTables(estate, ArmEstateNaming.Contoso, scenario.At(DateTimeOffset.UtcNow));
    }
});
Console.WriteLine($"ARM emulator serving the Contoso estate at {server.BaseUrl}");
Console.WriteLine("Point the portal at it:");
Console.WriteLine($"  Routing__Source=Azure Azure__ArmEndpoint={server.BaseUrl} Azure__Credential=None dotnet run --project src/HybridRoutingPortal.Web");
Console.WriteLine("Ctrl+C stops it.");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.TrySetResult();
};
// A background run (… &) ignores Ctrl+C; SIGTERM (kill <pid>) stops it too.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    done.TrySetResult();
});
await done.Task;
await stop.CancelAsync();
