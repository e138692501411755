#!/usr/bin/env bash
# Runs every test of HybridRoutingPortal on a fresh machine: installs what the tests need (Debian's
# chromium for the browser tests, Debian's postgresql, the front-end npm packages), starts a private
# PostgreSQL cluster for the run (HRP_TEST_POSTGRES), builds, runs all test projects and ends
# with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"
results="TestResults"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Installing Debian chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# PostgreSQL for the tests that run against both providers: Debian's postgresql when absent, and a private
# cluster for this run (temp directory, loopback, its own port), stopped when the script exits.
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "==> Installing Debian postgresql for the PostgreSQL tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_dir="$(mktemp -d -u "${TMPDIR:-/tmp}/hrp-pg-XXXXXX")"
trap 'scripts/postgres-cluster.sh stop "$pg_dir"' EXIT
echo "==> Starting a private PostgreSQL cluster"
HRP_TEST_POSTGRES="$(scripts/postgres-cluster.sh start "$pg_dir")"
export HRP_TEST_POSTGRES

if [ -f wwwroot-assets/package-lock.json ]; then
  echo "==> npm ci (wwwroot-assets)"
  (cd wwwroot-assets && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "==> Building ($configuration)"
dotnet build HybridRoutingPortal.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly

rm -rf "$results"
mkdir -p "$results"
echo "==> Running tests"
status=0
# One project at a time, each with its own TRX file, so no result overwrites another.
for project in tests/*/*.csproj; do
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
done

js_passed=0; js_failed=0
if ls wwwroot-assets/test/*.test.* >/dev/null 2>&1; then
  echo "==> Front-end tests (node --test)"
  set +e
  (cd wwwroot-assets && npm test --silent) > "$results/js-tests.txt" 2>&1
  js_status=$?
  set -e
  cat "$results/js-tests.txt"
  js_passed=$(grep -E '^# pass ' "$results/js-tests.txt" | awk '{print $3}' | tail -n 1)
  js_failed=$(grep -E '^# fail ' "$results/js-tests.txt" | awk '{print $3}' | tail -n 1)
  js_passed=${js_passed:-0}; js_failed=${js_failed:-0}
  if [ "$js_status" -ne 0 ] && [ "$js_failed" -eq 0 ]; then js_failed=1; fi
  if [ "$js_failed" -ne 0 ]; then status=1; fi
fi

# One summary over every test project, from the TRX files (a run that executed nothing shows 0 passed).
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
passed=$((passed + js_passed)); failed=$((failed + js_failed))
if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Screenshots of the browser tests: $results/screenshots/"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
