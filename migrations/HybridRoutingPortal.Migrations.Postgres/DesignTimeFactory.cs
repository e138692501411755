using HybridRoutingPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HybridRoutingPortal.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL model without a server (adding a migration never connects).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RoutingDbContext>
{
    public RoutingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RoutingDbContext>().UseRoutingPostgres("Host=127.0.0.1;Database=design_time").Options);
}
