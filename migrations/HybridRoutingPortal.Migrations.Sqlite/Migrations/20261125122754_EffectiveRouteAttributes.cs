using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EffectiveRouteAttributes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NextHopType",
                table: "RouteIntervals",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "RouteIntervals",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NextHopType",
                table: "RouteIntervals");

            migrationBuilder.DropColumn(
                name: "State",
                table: "RouteIntervals");
        }
    }
}
