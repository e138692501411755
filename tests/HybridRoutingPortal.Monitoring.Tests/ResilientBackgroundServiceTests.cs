using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Hosting;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Extensions.Options.Options;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>A background service's failure is reported and retried, never allowed to stop the host.</summary>
public sealed class ResilientBackgroundServiceTests
{
    /// <summary>Fails as often as told (a bad SMTP address met at run time, a database error), then runs until stopped.</summary>
    private sealed class Flaky(int failures, BackgroundHealth health, TimeProvider time)
        : ResilientBackgroundService(health, Create(new RoutingOptions()), time, NullLogger.Instance, new SoleLeadership())
    {
        private int _runs;

        public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string ServiceName => "flaky";

        protected override async Task RunAsync(CancellationToken stoppingToken)
        {
            if (++_runs <= failures)
            {
                throw new InvalidOperationException($"failure {_runs}");
            }

            Running.TrySetResult();
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }

    /// <summary>A fake clock that says when a timer is set, so the test advances time only once the service waits on it.</summary>
    private sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly SemaphoreSlim _timers = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timers.Release();
            return timer;
        }

        public Task NextTimerAsync() => _timers.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => Assert.True(t.Result, "The service set no timer."));
    }

    private static Task UntilAsync(BackgroundHealth health, Func<BackgroundStatus, bool> state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (health.Current.FirstOrDefault(s => s.Name == "flaky") is { } s && state(s))
            {
                reached.TrySetResult();
            }
        }

        health.Changed += Check;
        Check();
        return reached.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => { health.Changed -= Check; return t; }).Unwrap();
    }

    [Fact]
    public async Task A_failure_is_reported_retried_after_a_growing_backoff_and_never_ends_the_service()
    {
        var clock = new WatchedClock(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        var health = new BackgroundHealth();
        var service = new Flaky(failures: 2, health, clock);
        await service.StartAsync(CancellationToken.None);

        await UntilAsync(health, s => s is { State: BackgroundState.Retrying, Failures: 1 });
        await clock.NextTimerAsync();
        var first = health.Current.Single();
        Assert.False(health.Healthy); // /readyz answers 503 and the Overview shows it
        Assert.Equal("InvalidOperationException: failure 1", first.LastError);
        Assert.Equal(clock.GetUtcNow() + ResilientBackgroundService.FirstRetry, first.RetryAt);

        clock.Advance(ResilientBackgroundService.FirstRetry);
        await UntilAsync(health, s => s is { State: BackgroundState.Retrying, Failures: 2 });
        await clock.NextTimerAsync();
        // The backoff doubles.
        Assert.Equal(clock.GetUtcNow() + ResilientBackgroundService.FirstRetry * 2, health.Current.Single().RetryAt);

        clock.Advance(ResilientBackgroundService.FirstRetry * 2);
        await service.Running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await UntilAsync(health, s => s.State == BackgroundState.Running);
        Assert.True(health.Healthy);
        Assert.False(service.ExecuteTask!.IsCompleted); // still running: nothing escaped to the host

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(BackgroundState.Stopped, health.Current.Single().State);
    }
}
