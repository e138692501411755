using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Web.Options;

/// <summary>The Database:* settings and the ConnectionStrings:Routing connection string.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string DefaultConnectionString = "Data Source=hybridrouting.db";

    /// <summary>Sqlite (embedded, the default) or Postgres (a server; several instances, one leader). See docs/operations.md.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Postgres: the leader lease. A leader that stops (killed, frozen, cut off) loses it after this long on the server's
    /// clock; another instance leads within 4/3 of it (its next try). Polling is never interrupted for longer than 2 × this.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Postgres: this instance's name in the lease and in logs (default: machine name and process id).</summary>
    public string? InstanceName { get; set; }
}
