#!/usr/bin/env bash
# Fuzzes the JSON API from its own OpenAPI document with schemathesis
# (PyPI), against a live `maillage demo` on SQLite, and on PostgreSQL when
# MAILLAGE_TEST_POSTGRES_URL names a server: no 5xx, every answer as the
# document says, for a coordinator (read-write), a référent (read-only) and
# the national team. A fixed seed makes a failure reproducible.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin="${MAILLAGE_BIN:-$PWD/target/debug/maillage}"
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fuzz() {
  local database=$1
  export MAILLAGE_DATABASE_URL=$database
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" demo --bind "127.0.0.1:$port" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    grep -q "écoute sur" "$work/server.log" && break
    sleep 0.5
  done
  grep -q "écoute sur" "$work/server.log" || { cat "$work/server.log" >&2; exit 1; }
  local base="http://127.0.0.1:$port/api/v1"
  for holder in "coordination@demo.maillage.fr --cite angers --write" \
                "referent@demo.maillage.fr --cite angers" \
                "national@demo.maillage.fr"; do
    # shellcheck disable=SC2086
    token=$("$bin" user token --name schemathesis --email $holder)
    echo "== schemathesis ($database) : ${holder%% *}"
    schemathesis run "$base/openapi.json" --url "$base" \
      -H "Authorization: Bearer $token" \
      --checks all --max-examples 40 --seed 20261207 \
      --no-color
  done
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

fuzz "$work/api.db"
if [ -n "${MAILLAGE_TEST_POSTGRES_URL:-}" ]; then
  admin="${MAILLAGE_TEST_POSTGRES_URL%/*}/postgres"
  psql "$admin" -q -c 'DROP DATABASE IF EXISTS maillage_api_fuzz' -c 'CREATE DATABASE maillage_api_fuzz'
  fuzz "${MAILLAGE_TEST_POSTGRES_URL%/*}/maillage_api_fuzz"
  psql "$admin" -q -c 'DROP DATABASE IF EXISTS maillage_api_fuzz'
fi
