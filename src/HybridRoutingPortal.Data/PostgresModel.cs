using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Data;

/// <summary>
/// How the model lands on PostgreSQL. Names are folded to lower case so the hand-written SQL the store shares
/// with SQLite (unquoted, which PostgreSQL folds) finds them; text compares bytewise (collation "C") so sorting,
/// equality and paging give the same answers as SQLite's BINARY collation.
/// </summary>
internal static class PostgresModel
{
    /// <summary>The route's prefix as cidr on RouteIntervals; only PostgreSQL has it (a shadow property).</summary>
    public const string PrefixColumn = "Prefix";

    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(entity.GetTableName()!.ToLowerInvariant());
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(property.GetColumnName().ToLowerInvariant());
                if (property.ClrType == typeof(string))
                {
                    property.SetCollation("C");
                }
            }
        }
    }
}
