#!/usr/bin/env bash
# Regenerates the PostgreSQL migrations from the current model, as one InitialCreate.
# Run after merging model changes (new entities, columns, indexes): the Sqlite project keeps its history of
# migrations; the PostgreSQL one is young enough to be one migration until a PostgreSQL database exists in
# production. Once one does, add migrations instead (NAME=Something ./scripts/regenerate-postgres-migrations.sh add).
set -euo pipefail
cd "$(dirname "$0")/.."
project=migrations/HybridRoutingPortal.Migrations.Postgres
dotnet tool restore >/dev/null
dotnet restore "$project" -v q >/dev/null
if [ "${1:-}" = "add" ]; then
  dotnet ef migrations add "${NAME:?NAME=MigrationName}" --project "$project" --startup-project "$project"
else
  rm -rf "$project/Migrations"
  dotnet ef migrations add InitialCreate --project "$project" --startup-project "$project"
fi
