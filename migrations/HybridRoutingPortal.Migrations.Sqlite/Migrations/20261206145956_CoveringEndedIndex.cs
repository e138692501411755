using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CoveringEndedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks_FromTicks",
                table: "RouteIntervals");

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_Ended",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "ToTicks", "FromTicks", "Network", "PrefixLength", "NextHop", "SourcePeer", "LocalAddress", "AsPath", "Origin", "Weight", "LocalPreference", "NextHopType", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RouteIntervals_Ended",
                table: "RouteIntervals");

            migrationBuilder.CreateIndex(
                name: "IX_RouteIntervals_VantageKey_ToTicks_FromTicks",
                table: "RouteIntervals",
                columns: new[] { "VantageKey", "ToTicks", "FromTicks" });
        }
    }
}
