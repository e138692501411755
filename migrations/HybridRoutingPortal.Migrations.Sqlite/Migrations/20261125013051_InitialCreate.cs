using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Settings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TopologySnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AtTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopologySnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VantagePoints",
                columns: table => new
                {
                    Key = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NodeId = table.Column<string>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<string>(type: "TEXT", nullable: false),
                    PeerNodeId = table.Column<string>(type: "TEXT", nullable: true),
                    Qualifier = table.Column<string>(type: "TEXT", nullable: true),
                    LastPollId = table.Column<long>(type: "INTEGER", nullable: true),
                    LastPolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    LastSuccessAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastFailureReason = table.Column<int>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: true),
                    RouteCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VantagePoints", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Polls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VantageKey = table.Column<int>(type: "INTEGER", nullable: false),
                    PolledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureReason = table.Column<int>(type: "INTEGER", nullable: true),
                    FailureMessage = table.Column<string>(type: "TEXT", nullable: true),
                    RouteCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Removed = table.Column<int>(type: "INTEGER", nullable: false),
                    Changed = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Polls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Polls_VantagePoints_VantageKey",
                        column: x => x.VantageKey,
                        principalTable: "VantagePoints",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RouteIntervals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VantageKey = table.Column<int>(type: "INTEGER", nullable: false),
                    Family = table.Column<int>(type: "INTEGER", nullable: false),
                    Network = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PrefixLength = table.Column<int>(type: "INTEGER", nullable: false),
                    NextHop = table.Column<string>(type: "TEXT", nullable: false),
                    SourcePeer = table.Column<string>(type: "TEXT", nullable: false),
                    LocalAddress = table.Column<string>(type: "TEXT", nullable: false),
                    AsPath = table.Column<string>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", nullable: false),
                    Weight = table.Column<long>(type: "INTEGER", nullable: true),
                    LocalPreference = table.Column<long>(type: "INTEGER", nullable: true),
                    FromPollId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    ToPollId = table.Column<long>(type: "INTEGER", nullable: true),
                    ToTicks = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RouteIntervals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RouteIntervals_VantagePoints_VantageKey",
                        column: x => x.VantageKey,
                        principalTable: "VantagePoints",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Polls_PolledAt",
                table: "Polls",
                column: "PolledAt");

            migrationBuilder.CreateIndex(
                name: "IX_Polls_VantageKey_PolledAt",
                table: "Polls",
                columns: new[] { "VantageKey", "PolledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_Family_Network",
                table: "RouteIntervals",
                columns: new[] { "Family", "Network" });

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_FromTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "FromTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "ToTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_TopologySnapshots_AtTicks",
                table: "TopologySnapshots",
                column: "AtTicks");

            migrationBuilder.CreateIndex(
                name: "IX_VantagePoints_Id",
                table: "VantagePoints",
                column: "Id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Polls");

            migrationBuilder.DropTable(
                name: "RouteIntervals");

            migrationBuilder.DropTable(
                name: "Settings");

            migrationBuilder.DropTable(
                name: "TopologySnapshots");

            migrationBuilder.DropTable(
                name: "VantagePoints");
        }
    }
}
