using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IntervalBoundaryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RouteIntervals_VantageKey_FromTicks",
                table: "RouteIntervals");

            migrationBuilder.DropIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks",
                table: "RouteIntervals");

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_FromTicks_ToTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "FromTicks", "ToTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks_FromTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "ToTicks", "FromTicks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RouteIntervals_VantageKey_FromTicks_ToTicks",
                table: "RouteIntervals");

            migrationBuilder.DropIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks_FromTicks",
                table: "RouteIntervals");

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_FromTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "FromTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "ToTicks" });
        }
    }
}
