using System.Data.Common;

namespace HybridRoutingPortal.Data;

/// <summary>Thrown inside a leader's write when its lease has moved to another instance: the write is rolled back.</summary>
public sealed class LeaseLostException(string message) : Exception(message);

/// <summary>
/// Which instance does the background work (discovery, polling, alert evaluation, the outbox, pruning). Every
/// instance serves the UI and the API; only the leader writes history. A lost lease cancels the token
/// <see cref="LeadAsync"/> gave, and the leader's writes are fenced (<see cref="FenceAsync"/>) so a leader that has
/// not noticed yet cannot write once another has started.
/// </summary>
public abstract class Leadership
{
    public abstract bool IsLeader { get; }

    /// <summary>Waits until this instance leads; the token returned is cancelled when it stops leading.</summary>
    public abstract Task<CancellationToken> LeadAsync(CancellationToken cancellationToken);

    /// <summary>Inside a write transaction of the leader's work: fails (and rolls it back) if the lease moved on.</summary>
    public virtual Task FenceAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>One instance by construction (SQLite is one file on one machine): it always leads.</summary>
public sealed class SoleLeadership : Leadership
{
    public override bool IsLeader => true;

    public override Task<CancellationToken> LeadAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
}
