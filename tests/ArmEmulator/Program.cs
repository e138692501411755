using ArmEmulator;
using HybridRoutingPortal.Demo;

// Run by hand: dotnet run --project tests/ArmEmulator [-- --urls http://127.0.0.1:7071]
// Serves the Contoso estate as ARM would, playing the demo scenario live (its epoch: 24 hours ago).
var url = args.SkipWhile(a => a != "--urls").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:7071";
var scenario = new DemoScenario(DateTimeOffset.UtcNow.AddDays(-1));
var estate = ContosoArmEstate.Build(() => scenario.At(DateTimeOffset.UtcNow));
await using var server = await ArmEmulatorServer.StartAsync(estate, url);
using var stop = new CancellationTokenSource();
// Segments are resources, not computed answers: keep them in step with the scenario.
_ = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        ContosoArmEstate.SyncSegments(estate, ArmEstateNaming.Contoso, scenario.At(DateTimeOffset.UtcNow));
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
await done.Task;
await stop.CancelAsync();
