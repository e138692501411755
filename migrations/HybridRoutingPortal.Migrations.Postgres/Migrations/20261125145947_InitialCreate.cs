using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HybridRoutingPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    rule = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    subject = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    vantageid = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    detail = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    state = table.Column<int>(type: "integer", nullable: true),
                    violations = table.Column<int>(type: "integer", nullable: false),
                    satisfactions = table.Column<int>(type: "integer", nullable: false),
                    since = table.Column<long>(type: "bigint", nullable: true),
                    firedat = table.Column<long>(type: "bigint", nullable: true),
                    resolvedat = table.Column<long>(type: "bigint", nullable: true),
                    lastevaluatedat = table.Column<long>(type: "bigint", nullable: false),
                    acknowledgedby = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    acknowledgedat = table.Column<long>(type: "bigint", nullable: true),
                    silenceduntil = table.Column<long>(type: "bigint", nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audittrail",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    actorname = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    actorid = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    action = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    target = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    allowed = table.Column<bool>(type: "boolean", nullable: false),
                    before = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    after = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audittrail", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "expectations",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    prefix = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    vantageids = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    owner = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    reason = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    createdat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_expectations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leaderterms",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    term = table.Column<long>(type: "bigint", nullable: false),
                    holder = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    since = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leaderterms", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    idempotencykey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    channel = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    payload = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    createdat = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    nextattemptat = table.Column<long>(type: "bigint", nullable: false),
                    deliveredat = table.Column<long>(type: "bigint", nullable: true),
                    deadat = table.Column<long>(type: "bigint", nullable: true),
                    lasterror = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notifications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    value = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "signalseries",
                columns: table => new
                {
                    key = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    vantageids = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    linkid = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    lane = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    grainticks = table.Column<long>(type: "bigint", nullable: false),
                    lastvalue = table.Column<double>(type: "double precision", nullable: true),
                    lastchangedat = table.Column<long>(type: "bigint", nullable: true),
                    lastpointat = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signalseries", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "topologysnapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    atticks = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    json = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_topologysnapshots", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "vantagepoints",
                columns: table => new
                {
                    key = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    nodeid = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    resourceid = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    peernodeid = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    qualifier = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    circuitid = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    circuitname = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    circuitpath = table.Column<int>(type: "integer", nullable: true),
                    lastpollid = table.Column<long>(type: "bigint", nullable: true),
                    lastpolledat = table.Column<long>(type: "bigint", nullable: true),
                    laststatus = table.Column<int>(type: "integer", nullable: true),
                    lastsuccessat = table.Column<long>(type: "bigint", nullable: true),
                    lastfailurereason = table.Column<int>(type: "integer", nullable: true),
                    lasterror = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    lasterrorat = table.Column<long>(type: "bigint", nullable: true),
                    consecutivefailures = table.Column<int>(type: "integer", nullable: false),
                    contenthash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    routecount = table.Column<int>(type: "integer", nullable: false),
                    retiredat = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vantagepoints", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "alertevents",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    alertid = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    note = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alertevents", x => x.id);
                    table.ForeignKey(
                        name: "FK_alertevents_alerts_alertid",
                        column: x => x.alertid,
                        principalTable: "alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "signalchanges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    serieskey = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signalchanges", x => x.id);
                    table.ForeignKey(
                        name: "FK_signalchanges_signalseries_serieskey",
                        column: x => x.serieskey,
                        principalTable: "signalseries",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "polls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    vantagekey = table.Column<int>(type: "integer", nullable: false),
                    polledat = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    failurereason = table.Column<int>(type: "integer", nullable: true),
                    failuremessage = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    routecount = table.Column<int>(type: "integer", nullable: false),
                    added = table.Column<int>(type: "integer", nullable: false),
                    removed = table.Column<int>(type: "integer", nullable: false),
                    changed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_polls", x => x.id);
                    table.ForeignKey(
                        name: "FK_polls_vantagepoints_vantagekey",
                        column: x => x.vantagekey,
                        principalTable: "vantagepoints",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "routeintervals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    vantagekey = table.Column<int>(type: "integer", nullable: false),
                    family = table.Column<int>(type: "integer", nullable: false),
                    network = table.Column<byte[]>(type: "bytea", nullable: false),
                    prefixlength = table.Column<int>(type: "integer", nullable: false),
                    nexthop = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    sourcepeer = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    localaddress = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    aspath = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    origin = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    weight = table.Column<long>(type: "bigint", nullable: true),
                    localpreference = table.Column<long>(type: "bigint", nullable: true),
                    nexthoptype = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    state = table.Column<int>(type: "integer", nullable: true),
                    frompollid = table.Column<long>(type: "bigint", nullable: false),
                    fromticks = table.Column<long>(type: "bigint", nullable: false),
                    topollid = table.Column<long>(type: "bigint", nullable: true),
                    toticks = table.Column<long>(type: "bigint", nullable: false),
                    prefix = table.Column<IPNetwork>(type: "cidr", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_routeintervals", x => x.id);
                    table.ForeignKey(
                        name: "FK_routeintervals_vantagepoints_vantagekey",
                        column: x => x.vantagekey,
                        principalTable: "vantagepoints",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alertevents_alertid_at",
                table: "alertevents",
                columns: new[] { "alertid", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_key",
                table: "alerts",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_state",
                table: "alerts",
                column: "state");

            migrationBuilder.CreateIndex(
                name: "IX_audittrail_action_id",
                table: "audittrail",
                columns: new[] { "action", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_audittrail_actorid_id",
                table: "audittrail",
                columns: new[] { "actorid", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_audittrail_at",
                table: "audittrail",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_notifications_deliveredat_nextattemptat",
                table: "notifications",
                columns: new[] { "deliveredat", "nextattemptat" });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_idempotencykey",
                table: "notifications",
                column: "idempotencykey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_polls_polledat",
                table: "polls",
                column: "polledat");

            migrationBuilder.CreateIndex(
                name: "IX_polls_vantagekey_polledat",
                table: "polls",
                columns: new[] { "vantagekey", "polledat" });

            migrationBuilder.CreateIndex(
                name: "IX_routeintervals_family_network",
                table: "routeintervals",
                columns: new[] { "family", "network" });

            migrationBuilder.CreateIndex(
                name: "IX_routeintervals_prefix",
                table: "routeintervals",
                column: "prefix")
                .Annotation("Npgsql:IndexMethod", "gist")
                .Annotation("Npgsql:IndexOperators", new[] { "inet_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_routeintervals_vantagekey_fromticks_toticks",
                table: "routeintervals",
                columns: new[] { "vantagekey", "fromticks", "toticks" });

            migrationBuilder.CreateIndex(
                name: "IX_routeintervals_vantagekey_toticks_fromticks",
                table: "routeintervals",
                columns: new[] { "vantagekey", "toticks", "fromticks" });

            migrationBuilder.CreateIndex(
                name: "IX_signalchanges_serieskey_at",
                table: "signalchanges",
                columns: new[] { "serieskey", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_signalseries_id",
                table: "signalseries",
                column: "id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_signalseries_linkid",
                table: "signalseries",
                column: "linkid");

            migrationBuilder.CreateIndex(
                name: "IX_topologysnapshots_atticks",
                table: "topologysnapshots",
                column: "atticks");

            migrationBuilder.CreateIndex(
                name: "IX_vantagepoints_id",
                table: "vantagepoints",
                column: "id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alertevents");

            migrationBuilder.DropTable(
                name: "audittrail");

            migrationBuilder.DropTable(
                name: "expectations");

            migrationBuilder.DropTable(
                name: "leaderterms");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "polls");

            migrationBuilder.DropTable(
                name: "routeintervals");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "signalchanges");

            migrationBuilder.DropTable(
                name: "topologysnapshots");

            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "vantagepoints");

            migrationBuilder.DropTable(
                name: "signalseries");
        }
    }
}
