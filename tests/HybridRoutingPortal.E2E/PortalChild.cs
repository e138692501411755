using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// The built app as a child process (its dll, a free loopback port, the environment given), started and killed at will,
/// with everything it writes to its console kept: for the browser fixtures, the kill -9 loop, the two-instance failover
/// and the bench's page measurements.
/// </summary>
public sealed partial class PortalChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Task _drained;

    private PortalChild(Process process)
    {
        _process = process;
        // Drained from the start so the app never blocks on a full pipe; kept for tests that read what it logged.
        _drained = Task.WhenAll(DrainAsync(process.StandardOutput), DrainAsync(process.StandardError));
    }

    /// <summary>Where the app listens; set once it has said so.</summary>
    public string BaseUrl { get; private set; } = "";

    public bool HasExited => _process.HasExited;

    /// <summary>The app's own build output (same configuration as the tests).</summary>
    public static string WebDll() => Path.Combine(Repository.Root, "src", "HybridRoutingPortal.Web", "bin", Repository.Configuration, "net10.0", "HybridRoutingPortal.Web.dll");

    /// <summary>Starts the app and returns once it says where it listens.</summary>
    public static async Task<PortalChild> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var webDll = WebDll();
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
        var child = new PortalChild(Process.Start(start)!);
        try
        {
            var line = await child.WaitForAsync("is running at", ct);
            child.BaseUrl = RunningAt().Match(line).Groups[1].Value.TrimEnd('/');
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the app has written to its console so far.</summary>
    public string Output() => string.Join(Environment.NewLine, _lines);

    public bool Saw(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits for the first line containing <paramref name="text"/> (already written or still to come) and returns it.</summary>
    public async Task<string> WaitForAsync(string text, CancellationToken ct)
    {
        while (true)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited)
            {
                await _drained;
                throw new InvalidOperationException($"The app exited before it wrote \"{text}\":\n{string.Join('\n', _lines.TakeLast(30))}");
            }

            await Task.Delay(100, ct);
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
        await _drained;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            _lines.Enqueue(line);
        }
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
