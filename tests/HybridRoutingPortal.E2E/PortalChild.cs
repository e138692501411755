using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The built app as a child process over a given SQLite file, started and killed at will (no browser): for tests
/// that restart it, such as the kill -9 loop.
/// </summary>
public sealed partial class PortalChild : IAsyncDisposable
{
    private readonly Process _process;

    private PortalChild(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<PortalChild> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var webDll = Path.Combine(Repository.Root, "src", "HybridRoutingPortal.Web", "bin", Repository.Configuration, "net10.0", "HybridRoutingPortal.Web.dll");
        if (!File.Exists(webDll))
        {
            throw new FileNotFoundException("Build the solution first (./test.sh does).", webDll);
        }

        var start = new ProcessStartInfo("dotnet", [webDll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = Process.Start(start)!;
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(ct)
                    ?? throw new InvalidOperationException("The app exited during start-up: " + await process.StandardError.ReadToEndAsync(ct));
                if (RunningAt().Match(line) is { Success: true } match)
                {
                    // Keep draining the app's output so it never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new PortalChild(process, match.Groups[1].Value.TrimEnd('/'));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no finally block runs in the app.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"is running at (http://[^\s,]+)")]
    private static partial Regex RunningAt();
}

/// <summary>Where the repository and the build being tested are.</summary>
public static class Repository
{
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
