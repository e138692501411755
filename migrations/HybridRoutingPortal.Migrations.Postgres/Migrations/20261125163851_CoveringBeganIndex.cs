using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HybridRoutingPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CoveringBeganIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_routeintervals_vantagekey_fromticks_toticks",
                table: "routeintervals");

            migrationBuilder.CreateIndex(
                name: "IX_routeintervals_vantagekey_fromticks_toticks",
                table: "routeintervals",
                columns: new[] { "vantagekey", "fromticks", "toticks" })
                .Annotation("Npgsql:IndexInclude", new[] { "network", "prefixlength", "nexthop", "sourcepeer", "localaddress", "aspath", "origin", "weight", "localpreference", "nexthoptype", "state" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_routeintervals_vantagekey_fromticks_toticks",
                table: "routeintervals");

            migrationBuilder.CreateIndex(
                name: "IX_routeintervals_vantagekey_fromticks_toticks",
                table: "routeintervals",
                columns: new[] { "vantagekey", "fromticks", "toticks" });
        }
    }
}
