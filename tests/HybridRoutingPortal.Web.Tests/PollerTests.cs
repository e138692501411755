using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HybridRoutingPortal.Web.Tests;

public class PollerTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    private RouteStore Store => _db.Store;

    private RoutingQueries Queries => _db.Queries;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static IOptions<RoutingOptions> Options(TimeSpan? timeout = null) =>
        Microsoft.Extensions.Options.Options.Create(new RoutingOptions { MaxConcurrency = 4, CollectorTimeout = timeout ?? TimeSpan.FromSeconds(30) });

    private CollectionCycle Cycle(IOptions<RoutingOptions> options) => new(Store, options, _clock, NullLogger<CollectionCycle>.Instance);

    [Fact]
    public async Task One_failing_or_hanging_collector_never_stops_the_others()
    {
        var source = new ScriptedSource(
            new ScriptedCollector("/subscriptions/s/ok", _ => Task.FromResult<IReadOnlyList<Route>>([new Route(IpPrefix.Parse("10.0.0.0/8"), "x", AsPath.Empty)])),
            new ScriptedCollector("/subscriptions/s/forbidden", _ => throw new CollectionException(FailureReason.Forbidden, "AuthorizationFailed on …/learnedRoutes/action")),
            new ScriptedCollector("/subscriptions/s/crash", _ => throw new InvalidOperationException("bug")),
            new ScriptedCollector("/subscriptions/s/slow", async ct =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return [];
            }));

        var run = Cycle(Options(TimeSpan.FromSeconds(30))).RunAsync(source, CancellationToken.None);
        // Everything but the slow collector finishes at once; then its deadline passes on the fake clock.
        while (!run.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(31));
            await Task.WhenAny(run, Task.Delay(10));
        }

        var result = await run;
        var byId = result.Results.ToDictionary(r => r.VantageId, r => r.Status);
        Assert.Equal(ObservationStatus.Ok, byId["/subscriptions/s/ok"]);
        Assert.Equal(ObservationStatus.Failed, byId["/subscriptions/s/forbidden"]);
        Assert.Equal(ObservationStatus.Failed, byId["/subscriptions/s/crash"]);
        Assert.Equal(ObservationStatus.Failed, byId["/subscriptions/s/slow"]);

        var states = (await Queries.VantagePointsAsync(CancellationToken.None)).ToDictionary(v => v.Id);
        Assert.Equal(FailureReason.Forbidden, states["/subscriptions/s/forbidden"].LastFailureReason);
        Assert.Equal(FailureReason.Timeout, states["/subscriptions/s/slow"].LastFailureReason);
        Assert.Equal(FailureReason.Unknown, states["/subscriptions/s/crash"].LastFailureReason);
        Assert.Equal(1, states["/subscriptions/s/ok"].RouteCount);
    }

    [Fact]
    public async Task A_collector_that_omits_a_vantage_point_makes_it_unknown_not_empty()
    {
        var collector = new ScriptedCollector("/subscriptions/s/a", _ => Task.FromResult<IReadOnlyList<Route>>([]), extraVantage: "/subscriptions/s/b");
        var result = await Cycle(Options()).RunAsync(new ScriptedSource(collector), CancellationToken.None);
        Assert.Equal(ObservationStatus.Failed, result.Results.Single(r => r.VantageId == "/subscriptions/s/b").Status);
    }

    [Fact]
    public async Task The_poller_backfills_a_day_of_demo_history_then_polls_live()
    {
        await using var services = PortalServices.Build(_db, _clock, Options().Value);
        var status = services.GetRequiredService<PollerStatus>();
        var stored = new TaskCompletionSource();
        status.Changed += () =>
        {
            if (status.Current.CyclesCompleted >= 1)
            {
                stored.TrySetResult();
            }
        };
        var poller = services.Hosted<Poller>();

        await poller.StartAsync(CancellationToken.None);
        await stored.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await poller.StopAsync(CancellationToken.None);

        var history = await Queries.HistoryAsync(CancellationToken.None);
        Assert.Equal(_clock.GetUtcNow(), history.Last);
        Assert.True(_clock.GetUtcNow() - history.First >= TimeSpan.FromHours(23.9), $"history starts {history.First}");
        Assert.Equal(289, status.Current.BackfillTotal);
        var vantages = await Queries.VantagePointsAsync(CancellationToken.None);
        Assert.Equal(RoutePropagation.VantagePoints().Count, vantages.Count);
        Assert.All(vantages, v => Assert.Equal(ObservationStatus.Ok, v.LastStatus));

        // The epoch is stored: a restart continues the same story instead of starting over.
        Assert.NotNull(await Store.GetSettingAsync(SourceProvider.DemoEpochKey, CancellationToken.None));
    }

    private sealed class ScriptedSource(params ICollector[] collectors) : IRoutingSource
    {
        public string Name => "Scripted";

        public Task<SourcePlan> PlanAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new SourcePlan(
                collectors.SelectMany(c => c.VantageIds).Select(id => new VantagePoint(id, VantageKind.GatewayLearned, id, "n", id)).ToArray(),
                HybridRoutingPortal.Core.Topology.Empty, collectors));
    }

    private sealed class ScriptedCollector(string vantageId, Func<CancellationToken, Task<IReadOnlyList<Route>>> read, string? extraVantage = null) : ICollector
    {
        public IReadOnlyList<string> VantageIds => extraVantage is null ? [vantageId] : [vantageId, extraVantage];

        public async Task<IReadOnlyList<Observation>> CollectAsync(DateTimeOffset polledAt, CancellationToken cancellationToken) =>
            [Observation.Ok(vantageId, polledAt, await read(cancellationToken))];
    }
}
