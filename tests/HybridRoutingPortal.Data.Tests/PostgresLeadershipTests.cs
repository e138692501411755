using HybridRoutingPortal.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>The leader lease, fencing and the store channel on a real PostgreSQL (several instances = several objects here).</summary>
public sealed class PostgresLeadershipTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private readonly TempDatabase _db = new(DatabaseProvider.Postgres);

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private PostgresLeadership Instance(string name) =>
        new(_db.ConnectionString, Lease, name, TimeProvider.System, NullLogger<PostgresLeadership>.Instance);

    [Fact]
    public async Task One_instance_leads_and_another_takes_over_when_it_goes_with_a_higher_term()
    {
        await using var a = Instance("a");
        var aLost = await a.LeadAsync(CancellationToken.None);
        var firstTerm = a.Term;
        await using var b = Instance("b");
        var bLeads = b.LeadAsync(CancellationToken.None);
        Assert.False(bLeads.IsCompleted);
        Assert.False(b.IsLeader);

        await a.DisposeAsync(); // its session closes: the lock is free
        await bLeads;
        Assert.True(aLost.IsCancellationRequested);
        Assert.True(b.IsLeader);
        Assert.True(b.Term > firstTerm);
        Assert.Equal("b", (await Holder()).Holder);
    }

    [Fact]
    public async Task A_leader_whose_lease_moved_on_cannot_write()
    {
        await using var a = Instance("a");
        var aLost = await a.LeadAsync(CancellationToken.None);
        var fencedA = new RouteStore(_db.Factory, a);
        await fencedA.IngestAsync([Observation.Ok("vp", DateTimeOffset.UnixEpoch.AddYears(56), [])], CancellationToken.None);

        // The lease moves on behind a's back (its session ended by the server, say): another leader raises the term.
        await _db.ScalarAsync("UPDATE leaderterms SET term = term + 1 WHERE name = 'leader'");

        await Assert.ThrowsAsync<LeaseLostException>(() =>
            fencedA.IngestAsync([Observation.Ok("vp", DateTimeOffset.UnixEpoch.AddYears(56).AddMinutes(1), [])], CancellationToken.None));
        Assert.True(aLost.IsCancellationRequested);
        Assert.Equal(1, await _db.ScalarAsync("SELECT COUNT(*) FROM polls"));
    }

    [Fact]
    public async Task A_store_announced_by_one_instance_reaches_the_others_but_not_itself()
    {
        var a = new PostgresStoreChannel(_db.ConnectionString, "a");
        var b = new PostgresStoreChannel(_db.ConnectionString, "b");
        using var stop = new CancellationTokenSource();
        var heardByB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardByA = 0;
        var listeningB = b.ListenAsync(() => heardByB.TrySetResult(), stop.Token);
        var listeningA = a.ListenAsync(() => Interlocked.Increment(ref heardByA), stop.Token);

        // Publish until b hears (LISTEN may not be registered yet when the first NOTIFY goes out).
        while (!heardByB.Task.IsCompleted)
        {
            await a.PublishAsync(CancellationToken.None);
            await Task.WhenAny(heardByB.Task, Task.Delay(200));
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listeningB);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listeningA);
        Assert.Equal(0, heardByA);
    }

    private async Task<(long Term, string Holder)> Holder()
    {
        var term = await _db.ScalarAsync("SELECT term FROM leaderterms WHERE name = 'leader'");
        await using var db = await _db.Factory.CreateDbContextAsync();
        var connection = (Npgsql.NpgsqlConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT holder FROM leaderterms WHERE name = 'leader'", connection);
        return (term, (string)(await cmd.ExecuteScalarAsync())!);
    }
}
