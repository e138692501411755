namespace TestIssuer;

// Run by hand: dotnet run --project tests/TestIssuer [-- --urls http://127.0.0.1:7080]
// A loopback OpenID Connect provider to try the portal's team mode (Auth:Mode=Oidc) without an Entra tenant.
internal static class IssuerProgram
{
    private static async Task Main(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        await using var issuer = await TestIssuerServer.StartAsync(url: Arg("--urls") ?? "http://127.0.0.1:7080");
        Console.WriteLine($"Test issuer at {issuer.Issuer}");
        Console.WriteLine("Start the portal against it:");
        Console.WriteLine($"  Auth__Mode=Oidc Auth__Authority={issuer.Issuer} Auth__ClientId={TestUsers.PortalClientId} Auth__ClientSecret={TestUsers.PortalClientSecret} dotnet run --project src/HybridRoutingPortal.Web");
        Console.WriteLine($"Users (password '{TestUsers.Password}'): {string.Join(", ", TestUsers.All.Select(u => $"{u.Login} ({string.Join(", ", u.Roles)})"))}");
        Console.WriteLine("Ctrl+C stops it.");
        var done = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            done.TrySetResult();
        };
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            done.TrySetResult();
        });
        await done.Task;
    }
}
