extern alias emulator;

using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Monitoring.Polling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using emulator::ArmEmulator;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// OpenTelemetry over OTLP against a real receiver on loopback: the app polls the ARM emulator and exports the poll
/// cycle's span, its collectors' and the ARM requests' spans, its meters and its log; with no endpoint nothing listens.
/// </summary>
public sealed class TelemetryTests
{
    /// <summary>Generous: it only keeps a broken export from hanging the run (the wait ends as soon as the spans arrive).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private sealed class TelemetryPortal(string armEndpoint, string otlpEndpoint) : WebApplicationFactory<Program>
    {
        public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"hrp-otel-{Guid.NewGuid():N}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Routing", $"Data Source={DatabasePath}");
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting("Routing:Source", "Azure");
            builder.UseSetting("Azure:ArmEndpoint", armEndpoint);
            builder.UseSetting("Azure:Credential", "None");
            builder.UseSetting("OpenTelemetry:OtlpEndpoint", otlpEndpoint);
            builder.UseSetting("OpenTelemetry:OtlpProtocol", "HttpProtobuf");
            builder.UseSetting("OpenTelemetry:ServiceName", "hrp-telemetry-test");
            // Export spans, log records and meters often, so the waits below end soon after the first cycle. Every signal is
            // waited for while the app runs: the flush at stop is not relied on (in one CI run the meters sent at stop
            // lacked what the test looks for).
            builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "200");
            builder.UseSetting("OTEL_BLRP_SCHEDULE_DELAY", "200");
            builder.UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "500");
        }
    }

    [Fact]
    public async Task With_an_otlp_endpoint_poll_cycles_arm_requests_metrics_and_logs_reach_the_collector()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var scenario = new DemoScenario(DateTimeOffset.UtcNow.AddDays(-1));
        await using var arm = await ArmEmulatorServer.StartAsync(ContosoArmEstate.Build(() => scenario.At(DateTimeOffset.UtcNow)));
        var portal = new TelemetryPortal(arm.BaseUrl, receiver.BaseUrl);
        try
        {
            _ = portal.Server; // starts the app: the poller's first cycle runs at once against the emulator
            using (var client = portal.CreateClient())
            {
                (await client.GetAsync("/api/v1/vantage-points")).EnsureSuccessStatusCode();
                (await client.GetAsync("/api/v1/alerts?state=firing")).EnsureSuccessStatusCode();
            }

            // Each signal leaves in batches: wait for every string asked about (the request's server span may come in a later
            // batch than the cycle's), then check.
            await ReceivedAsync(receiver, "traces", PollTelemetry.CycleSpan, PollTelemetry.CollectSpan, "ARM ", "hrp-telemetry-test", "azure.rbac.action",
                "hybridrouting.vantage_ids", "/api/v1/vantage-points");
            await ReceivedAsync(receiver, "metrics", "hybridrouting.poll.cycles", "hybridrouting.poll.cycle.duration", "hybridrouting.poll.vantage_points",
                "http.server.request.duration");
            await ReceivedAsync(receiver, "logs", typeof(Poller).FullName!);
            Assert.Contains(ArmOperations.All, o => receiver.Contains("traces", $"ARM {o.OperationId}"));
        }
        finally
        {
            // Stopping flushes what is left; the checks below read everything sent, that last flush included.
            await portal.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(portal.DatabasePath + suffix);
            }
        }

        Assert.All(receiver.ContentTypes, c => Assert.Equal("application/x-protobuf", c));
        // No request header, and no value of a query: an ARM request carries the token, an OIDC callback the code. (The
        // emulator answers in this process, so its server spans are exported too: their queries must be redacted as well.)
        foreach (var signal in new[] { "traces", "logs" })
        {
            Assert.False(receiver.Contains(signal, "Authorization"), $"{signal}: a header");
            Assert.False(receiver.Contains(signal, "state=firing"), $"{signal}: a query value of the app's");
            Assert.False(receiver.Contains(signal, "api-version=20"), $"{signal}: a query value of an ARM request");
        }
    }

    private static async Task ReceivedAsync(OtlpReceiver receiver, string signal, params string[] needles)
    {
        try
        {
            await receiver.WhenReceivedAsync(signal, needles).WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{signal} never carried: {string.Join(", ", needles.Where(n => !receiver.Contains(signal, n)))}");
        }
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_collected_or_exported()
    {
        await using var factory = new PortalFactory();
        await factory.InitializeAsync();
        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
    }
}
