namespace HybridRoutingPortal.Web.Options;

public enum DatabaseProvider
{
    Sqlite,
}

/// <summary>The Database:* settings and the ConnectionStrings:Routing connection string.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string DefaultConnectionString = "Data Source=hybridrouting.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
