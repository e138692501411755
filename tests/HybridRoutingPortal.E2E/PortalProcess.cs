using Microsoft.Playwright;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// Starts the app exactly as a user would (its built dll, demo source, a fresh SQLite file, a free
/// loopback port) and a headless Debian chromium through Playwright. Shared by the tests of a collection.
/// </summary>
public class PortalProcess : IAsyncLifetime
{
    private readonly string _dbPath = Path.Combine(Path.GetTempPath(), $"hrp-e2e-{Guid.NewGuid():N}.db");
    private PortalChild? _app;
    private IPlaywright? _playwright;

    public string BaseUrl => _app?.BaseUrl ?? "";

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDir { get; } = Path.Combine(Repository.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Routing"] = $"Data Source={_dbPath}",
            ["Routing__Source"] = "Demo",
        };
        foreach (var (key, value) in await PrepareAsync())
        {
            environment[key] = value;
        }

        using var timeout = new CancellationTokenSource(StartupBudget);
        _app = await PortalChild.StartAsync(environment, timeout.Token);
        await WaitUntilCurrentAsync(timeout.Token);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDir);
        // Blazor Server pages become interactive after the circuit starts; allow for a busy 2-core machine.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>
    /// Tests start once the app has caught up to the present (the demo backfill done, or the first Azure
    /// cycle stored): every vantage point polled within <see cref="MaxPollAge"/>.
    /// </summary>
    private async Task WaitUntilCurrentAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await AuthorizeAsync(http);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/v1/vantage-points", ct)).RootElement;
                var vantages = json.EnumerateArray().ToArray();
                if (vantages.Length > 0 && vantages.All(v => v.TryGetProperty("lastPolledAt", out var at) && at.ValueKind == System.Text.Json.JsonValueKind.String
                        && DateTimeOffset.UtcNow - at.GetDateTimeOffset() < MaxPollAge))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>What the app has written to its console so far.</summary>
    public string Output() => _app?.Output() ?? "";

    /// <summary>How long start-up (the demo backfill included) may take before the fixture gives up: a safety net, not a measure.
    /// Four of these fixtures (demo, Azure emulator, sign-in, a seeded history) start in parallel on a shared machine.</summary>
    protected virtual TimeSpan StartupBudget => TimeSpan.FromMinutes(4);

    /// <summary>How recent every vantage point's last poll must be for the app to count as caught up. An app with its poller
    /// off (a seeded history) never polls again: its fixture allows the age of its newest seeded poll.</summary>
    protected virtual TimeSpan MaxPollAge => TimeSpan.FromMinutes(2);

    /// <summary>Lets the start-up wait call the API when it needs a sign-in (a subclass adds a bearer token).</summary>
    protected virtual Task AuthorizeAsync(HttpClient http) => Task.CompletedTask;

    /// <summary>Extra environment for the app; a subclass starts what the app should talk to.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> PrepareAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public async Task<IPage> NewPageAsync(ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = scheme,
            BaseURL = BaseUrl,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_dbPath + suffix);
        }
    }

    private static string ChromiumPath()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Debian chromium is not installed; ./test.sh installs it (apt-get install chromium).");
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalProcess>
{
    public const string Name = "portal";
}

/// <summary>The app with Routing:Source=Azure against the loopback ARM emulator serving the Contoso estate.</summary>
public sealed class AzurePortalProcess : PortalProcess
{
    private ArmEmulator.ArmEmulatorServer? _emulator;

    protected override async Task<IReadOnlyDictionary<string, string>> PrepareAsync()
    {
        var scenario = new HybridRoutingPortal.Demo.DemoScenario(DateTimeOffset.UtcNow.AddDays(-1));
        _emulator = await ArmEmulator.ArmEmulatorServer.StartAsync(ArmEmulator.ContosoArmEstate.Build(() => scenario.At(DateTimeOffset.UtcNow)));
        return new Dictionary<string, string>
        {
            ["Routing__Source"] = "Azure",
            ["Azure__ArmEndpoint"] = _emulator.BaseUrl,
            ["Azure__Credential"] = "None",
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzurePortalCollection : ICollectionFixture<AzurePortalProcess>
{
    public const string Name = "azure-portal";
}
