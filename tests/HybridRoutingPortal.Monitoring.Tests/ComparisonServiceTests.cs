using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Monitoring.History;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>Comparisons remembered by the polls that bound them answer exactly what a fresh read would.</summary>
public sealed class ComparisonServiceTests : IAsyncLifetime
{
    private const string A = "/subscriptions/s/vantage/a";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static Route R(string prefix) => new(IpPrefix.Parse(prefix), "10.100.0.4", AsPath.Parse("65001"), "EBgp");

    private Task Poll(int minute, params string[] prefixes) =>
        _db.Store.IngestAsync([Observation.Ok(A, T0.AddMinutes(minute), prefixes.Select(R).ToArray())], CancellationToken.None);

    private static string Text(Comparison c) =>
        string.Join(";", c.Diffs.SelectMany(d => d.Diff.Changes.Select(x => $"{d.VantageId} {x.Kind} {x.Prefix}"))) + " | " + string.Join(",", c.NoHistoryBefore.Keys);

    [Fact]
    public async Task Windows_bounded_by_the_same_polls_share_an_answer_and_a_new_poll_or_a_prune_ends_it()
    {
        var service = new ComparisonService(_db.Queries);
        var fresh = new ComparisonService(_db.Queries);
        await Poll(0, "10.0.0.0/8");
        await Poll(5, "10.0.0.0/8", "172.16.0.0/12");

        // Two "what changed in the last few minutes" asked between polls: same intervals, one answer, each with its own ends.
        var first = await service.CompareAsync(T0.AddMinutes(1), T0.AddMinutes(6), null, CancellationToken.None);
        var second = await service.CompareAsync(T0.AddMinutes(2), T0.AddMinutes(7), null, CancellationToken.None);
        Assert.Equal(Text(first), Text(second));
        Assert.Equal((T0.AddMinutes(2), T0.AddMinutes(7)), (second.From, second.To));
        Assert.Contains("Added 172.16.0.0/12", Text(second));

        // A new poll inside the window changes the answer at once.
        await Poll(7, "10.0.0.0/8");
        var afterPoll = await service.CompareAsync(T0.AddMinutes(2), T0.AddMinutes(8), null, CancellationToken.None);
        Assert.Equal(Text(await fresh.CompareAsync(T0.AddMinutes(2), T0.AddMinutes(8), null, CancellationToken.None)), Text(afterPoll));
        Assert.DoesNotContain("172.16.0.0/12", Text(afterPoll));

        // Before the prune horizon a window is never taken for another: a pruned poll may have bounded it.
        await _db.Store.PruneAsync(T0.AddMinutes(6), 100, CancellationToken.None);
        Assert.Null(await _db.Queries.HistoryWindowAsync(T0.AddMinutes(1), T0.AddMinutes(8), CancellationToken.None));
        Assert.NotNull(await _db.Queries.HistoryWindowAsync(T0.AddMinutes(7), T0.AddMinutes(8), CancellationToken.None));
    }
}
