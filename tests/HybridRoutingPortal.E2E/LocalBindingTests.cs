using System.Diagnostics;
using System.Net.Sockets;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// Without sign-in the app listens on loopback only, whatever source chose the address: each is tried on the real
/// app, which must refuse to start with a message rather than listen on the network.
/// </summary>
public class LocalBindingTests
{
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the app until it exits or says it is running; returns its exit code (null if it started) and its output.</summary>
    private static async Task<(int? ExitCode, string Output)> StartAsync(string[] args, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var db = Path.Combine(Path.GetTempPath(), $"hrp-bind-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet", [PortalChild.WebDll(), .. args])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(PortalChild.WebDll())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Routing"] = $"Data Source={db}";
        start.Environment["Routing__EnablePoller"] = "false";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var app = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("is running at", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        app.OutputDataReceived += (_, e) => OnLine(e.Data);
        app.ErrorDataReceived += (_, e) => OnLine(e.Data);
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(app.WaitForExitAsync(), started.Task).WaitAsync(TimeSpan.FromSeconds(60));
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
                return (null, output.ToString());
            }

            await app.WaitForExitAsync();
            return (app.ExitCode, output.ToString());
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(db + suffix);
            }
        }
    }

    public static TheoryData<string, string> Sources => new()
    {
        { "--urls", "http://0.0.0.0:{port}" },
        { "ASPNETCORE_URLS", "http://[::]:{port}" },
        { "ASPNETCORE_URLS", "http://portal.contoso.example:{port}" },
        { "ASPNETCORE_HTTP_PORTS", "{port}" },
        { "Kestrel__Endpoints__Http__Url", "http://0.0.0.0:{port}" },
        { "Kestrel__Endpoints__Http__Url", "http://*:{port}" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_network_address_from_any_source_is_refused_with_a_message(string source, string value)
    {
        var port = FreePort();
        var address = value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var (exit, output) = source.StartsWith("--", StringComparison.Ordinal)
            ? await StartAsync([source, address], new Dictionary<string, string>())
            : await StartAsync([], new Dictionary<string, string> { [source] = address });
        Assert.True(exit is not null and not 0, $"The app started on {address} from {source}:\n{output}");
        Assert.Contains("loopback only", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task Kestrel_endpoints_in_an_appsettings_file_are_refused_too()
    {
        var dir = Directory.CreateTempSubdirectory("hrp-bind-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "appsettings.json"),
                $$"""{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:{{FreePort()}}" } } } }""");
            var (exit, output) = await StartAsync([], new Dictionary<string, string>(), dir.FullName);
            Assert.True(exit is not null and not 0, output);
            Assert.Contains("loopback only", output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Loopback_from_the_same_sources_starts()
    {
        var port = FreePort();
        var (exit, output) = await StartAsync([], new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = $"http://localhost:{port}" });
        Assert.True(exit is null, output);
    }
    [Fact]
    public async Task With_sign_in_the_same_network_address_is_allowed()
    {
        await using var issuer = await TestIssuer.TestIssuerServer.StartAsync();
        var port = FreePort();
        var (exit, output) = await StartAsync(["--urls", $"http://0.0.0.0:{port}"], new Dictionary<string, string>
        {
            ["Auth__Mode"] = "Oidc",
            ["Auth__Authority"] = issuer.Issuer,
            ["Auth__ClientId"] = TestIssuer.TestUsers.PortalClientId,
            ["Auth__ClientSecret"] = TestIssuer.TestUsers.PortalClientSecret,
        });
        Assert.True(exit is null, output);
        Assert.Contains($"0.0.0.0:{port}", output);
    }

    [Fact]
    public async Task A_bad_auth_setting_stops_the_real_app_with_a_message_and_no_secret()
    {
        var (exit, output) = await StartAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string>
        {
            ["Auth__Mode"] = "Oidc",
            ["Auth__Authority"] = "http://login.contoso.example/tenant/v2.0",
            ["Auth__ClientSecret"] = "s3cr3t-never-printed",
        });
        Assert.Equal(1, exit);
        Assert.Contains("HybridRoutingPortal cannot start", output);
        Assert.Contains("Auth:Authority must use https", output);
        Assert.Contains("Auth:ClientId is required", output);
        Assert.DoesNotContain("s3cr3t-never-printed", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
