using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Data;

public sealed class RoutingDbContext(DbContextOptions<RoutingDbContext> options) : DbContext(options)
{
    public DbSet<VantagePointRow> VantagePoints => Set<VantagePointRow>();

    public DbSet<PollRow> Polls => Set<PollRow>();

    public DbSet<RouteIntervalRow> RouteIntervals => Set<RouteIntervalRow>();

    public DbSet<TopologySnapshotRow> TopologySnapshots => Set<TopologySnapshotRow>();

    public DbSet<SettingRow> Settings => Set<SettingRow>();

    public DbSet<ExpectationRow> Expectations => Set<ExpectationRow>();

    public DbSet<AlertRow> Alerts => Set<AlertRow>();

    public DbSet<AlertEventRow> AlertEvents => Set<AlertEventRow>();

    public DbSet<NotificationRow> Notifications => Set<NotificationRow>();

    public DbSet<SignalSeriesRow> SignalSeries => Set<SignalSeriesRow>();

    public DbSet<SignalChangeRow> SignalChanges => Set<SignalChangeRow>();

    public DbSet<AuditRow> AuditTrail => Set<AuditRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<VantagePointRow>(e =>
        {
            e.ToTable("VantagePoints");
            e.HasKey(v => v.Key);
            e.HasIndex(v => v.Id).IsUnique();
        });

        modelBuilder.Entity<PollRow>(e =>
        {
            e.ToTable("Polls");
            e.HasIndex(p => new { p.VantageKey, p.PolledAt });
            e.HasIndex(p => p.PolledAt);
            e.HasOne<VantagePointRow>().WithMany().HasForeignKey(p => p.VantageKey).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RouteIntervalRow>(e =>
        {
            e.ToTable("RouteIntervals");
            // Both ends of an interval in each time index, so a range on one end is checked against the
            // other inside the index and only the intervals that qualify are looked up.
            // Routes at T and still-open routes: VantageKey = v AND ToTicks > T AND FromTicks <= T;
            // diffs: the intervals that ended in a window.
            if (Database.IsNpgsql())
            {
                e.HasIndex(r => new { r.VantageKey, r.ToTicks, r.FromTicks });
            }
            else
            {
                // On SQLite a row stays where it was inserted, when its interval began, so the intervals that ended in a window
                // are spread over the whole table (a day of a 100,000-route table: 20,000 rows, one page each). With the route
                // columns in the index entry (SQLite has no INCLUDE: they are trailing key columns) the diff's "ended" side and
                // routes-at-T read the index only. The "began" side needs none: intervals that began in a window were inserted together.
                e.HasIndex(r => new
                {
                    r.VantageKey, r.ToTicks, r.FromTicks, r.Network, r.PrefixLength, r.NextHop, r.SourcePeer, r.LocalAddress, r.AsPath, r.Origin, r.Weight,
                    r.LocalPreference, r.NextHopType, r.State,
                }).HasDatabaseName("IX_RouteIntervals_Ended");
            }

            // Diffs: the intervals that began in a window and were still there at its end.
            e.HasIndex(r => new { r.VantageKey, r.FromTicks, r.ToTicks });
            // Containment: prefixes inside a range of network addresses.
            e.HasIndex(r => new { r.Family, r.Network });
            e.HasOne<VantagePointRow>().WithMany().HasForeignKey(r => r.VantageKey).OnDelete(DeleteBehavior.Cascade);
            if (Database.IsNpgsql())
            {
                // PostgreSQL knows prefixes: the same network as cidr, so inside/covering is one GiST probe (inet_ops).
                e.Property<System.Net.IPNetwork>(PostgresModel.PrefixColumn).HasColumnType("cidr");
                e.HasIndex(PostgresModel.PrefixColumn).HasMethod("gist").HasOperators("inet_ops");
                // A diff's "began" side (began inside the window, alive at its end) is spread over the whole heap: intervals
                // closed later sit where their closing UPDATE put them. With the route columns in the index entry it is an
                // index-only scan (history bench: 20,800 rows in 20-40 ms instead of 150-400 ms, one heap page per row).
                // The "ended" side needs none: intervals closed in a window were written together.
                e.HasIndex(r => new { r.VantageKey, r.FromTicks, r.ToTicks }).IncludeProperties(r => new
                {
                    r.Network, r.PrefixLength, r.NextHop, r.SourcePeer, r.LocalAddress, r.AsPath, r.Origin, r.Weight, r.LocalPreference, r.NextHopType, r.State,
                });
            }
        });

        modelBuilder.Entity<TopologySnapshotRow>(e =>
        {
            e.ToTable("TopologySnapshots");
            e.HasIndex(t => t.AtTicks);
        });

        modelBuilder.Entity<ExpectationRow>(e =>
        {
            e.ToTable("Expectations");
            e.HasKey(x => x.Id);
        });

        modelBuilder.Entity<AlertRow>(e =>
        {
            e.ToTable("Alerts");
            e.HasIndex(a => a.Key).IsUnique();
            e.HasIndex(a => a.State);
        });

        modelBuilder.Entity<AlertEventRow>(e =>
        {
            e.ToTable("AlertEvents");
            e.HasIndex(x => new { x.AlertId, x.At });
            e.HasOne<AlertRow>().WithMany().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<NotificationRow>(e =>
        {
            e.ToTable("Notifications");
            e.HasIndex(n => new { n.DeliveredAt, n.NextAttemptAt });
            e.HasIndex(n => n.IdempotencyKey).IsUnique();
        });

        modelBuilder.Entity<SignalSeriesRow>(e =>
        {
            e.ToTable("SignalSeries");
            e.HasKey(x => x.Key);
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => x.LinkId);
        });

        modelBuilder.Entity<SignalChangeRow>(e =>
        {
            e.ToTable("SignalChanges");
            // A series' history in a window, and the value in force at its start.
            e.HasIndex(x => new { x.SeriesKey, x.At });
            e.HasOne<SignalSeriesRow>().WithMany().HasForeignKey(x => x.SeriesKey).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditRow>(e =>
        {
            e.ToTable("AuditTrail");
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Action, a.Id });
            e.HasIndex(a => new { a.ActorId, a.Id });
        });

        modelBuilder.Entity<SettingRow>(e =>
        {
            e.ToTable("Settings");
            e.HasKey(s => s.Key);
        });

        if (Database.IsNpgsql())
        {
            modelBuilder.Entity<LeaderTermRow>(e =>
            {
                e.ToTable("LeaderTerms");
                e.HasKey(t => t.Name);
            });
            PostgresModel.Apply(modelBuilder);
        }
    }
}
