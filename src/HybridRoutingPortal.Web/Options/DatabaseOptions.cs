using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Web.Options;

/// <summary>The Database:* settings and the ConnectionStrings:Routing connection string.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string DefaultConnectionString = "Data Source=hybridrouting.db";

    /// <summary>Sqlite (embedded, the default) or Postgres (a server; several instances, one leader). See docs/operations.md.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
