using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class VantageCircuit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CircuitId",
                table: "VantagePoints",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CircuitName",
                table: "VantagePoints",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CircuitPath",
                table: "VantagePoints",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CircuitId",
                table: "VantagePoints");

            migrationBuilder.DropColumn(
                name: "CircuitName",
                table: "VantagePoints");

            migrationBuilder.DropColumn(
                name: "CircuitPath",
                table: "VantagePoints");
        }
    }
}
