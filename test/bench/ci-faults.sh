#!/usr/bin/env bash
# The exactly-once audit in CI, small: a few dozen reports through the real service on PostgreSQL, one SIGKILL
# mid-burst and one database drop (connections refused and terminated for ~3 s). Exits non-zero on any lost or
# doubled message or reply, anything stuck, a crash of the service, or a fault that was not injected.
# Usage: test/bench/ci-faults.sh [postgres://user@host:port/postgres]   (the bench creates and drops linli_bench_* databases)
set -euo pipefail
cd "$(dirname "$0")/../.."
url="${1:-postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/postgres}"
exec npx tsx test/bench/bench.ts --db postgres --pg-url "$url" --faults --fault-only sigkill,db-drop \
  --residents 40 --concurrency 8 --burst 40 --fault-messages 30 --no-pgbench --no-bare-bot
