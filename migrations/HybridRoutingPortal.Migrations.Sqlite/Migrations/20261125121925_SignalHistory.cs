using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SignalHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignalSeries",
                columns: table => new
                {
                    Key = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<string>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    VantageIds = table.Column<string>(type: "TEXT", nullable: false),
                    LinkId = table.Column<string>(type: "TEXT", nullable: true),
                    Lane = table.Column<string>(type: "TEXT", nullable: true),
                    GrainTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    LastValue = table.Column<double>(type: "REAL", nullable: true),
                    LastChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastPointAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalSeries", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "SignalChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SeriesKey = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignalChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignalChanges_SignalSeries_SeriesKey",
                        column: x => x.SeriesKey,
                        principalTable: "SignalSeries",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignalChanges_SeriesKey_At",
                table: "SignalChanges",
                columns: new[] { "SeriesKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SignalSeries_Id",
                table: "SignalSeries",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SignalSeries_LinkId",
                table: "SignalSeries",
                column: "LinkId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignalChanges");

            migrationBuilder.DropTable(
                name: "SignalSeries");
        }
    }
}
