# Shared by the bench/ scripts (sourced, not run). Settings, all optional:
#   BENCH_BIN        the maillage binary (default target/release/maillage, built if missing)
#   BENCH_SQLITE     the national SQLite database (default bench/data/national.db)
#   BENCH_POSTGRES   the national PostgreSQL database URL (PostgreSQL runs skipped if unset)
#   BENCH_BACKENDS   "sqlite postgres" (default: both, PostgreSQL when BENCH_POSTGRES is set)
#   BENCH_DURATION   seconds per load run (default 30)
#   BENCH_SEED       the seed given to seed-scale (default 42): names the accounts
#   BENCH_PORT       the server's port (default 8090)
#   BENCH_RESULTS    where figures go (default bench/results; README.md's table is drawn from it)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
RESULTS="${BENCH_RESULTS:-$BENCH_DIR/results}"
BENCH_DURATION="${BENCH_DURATION:-30}"
BENCH_SEED="${BENCH_SEED:-42}"
BENCH_PORT="${BENCH_PORT:-8090}"
BENCH_SQLITE="${BENCH_SQLITE:-$BENCH_DIR/data/national.db}"
BENCH_BIN="${BENCH_BIN:-$ROOT/target/release/maillage}"
BASE="http://127.0.0.1:$BENCH_PORT"
PASSWORD="seed-maillage-2026"
CITE="s$BENCH_SEED-001"
WORK="$(mktemp -d)"
SERVER_PID=""
mkdir -p "$RESULTS"

cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT

need_tools() {
  local tool
  for tool in wrk sqlite3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$tool absent : installation (apt-get install $tool)…" >&2
      apt-get install -y -q "$tool" >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q "$tool"; }
    fi
  done
  if [ ! -x "$BENCH_BIN" ]; then
    (cd "$ROOT" && cargo build --release -p maillage)
  fi
}

backends() {
  if [ -n "${BENCH_BACKENDS:-}" ]; then
    echo "$BENCH_BACKENDS"
  elif [ -n "${BENCH_POSTGRES:-}" ]; then
    echo "sqlite postgres"
  else
    echo "sqlite"
  fi
}

database_of() {
  case "$1" in
    sqlite) echo "$BENCH_SQLITE" ;;
    postgres) echo "${BENCH_POSTGRES:?BENCH_POSTGRES : URL de la base PostgreSQL nationale}" ;;
  esac
}

# One value from the dataset, with the backend's own client.
sql() {
  case "$1" in
    sqlite) sqlite3 -readonly "$BENCH_SQLITE" "$2" ;;
    postgres) psql -X -q -t -A "$BENCH_POSTGRES" -c "$2" ;;
  esac
}

# start_server BACKEND: serves the national database, waits for /healthz;
# sets SERVER_PID and STARTUP_MS (launch to first healthy answer).
start_server() {
  local database started
  database="$(database_of "$1")"
  started=$(date +%s%N)
  MAILLAGE_LOG=warn "$BENCH_BIN" --database-url "$database" serve --bind "127.0.0.1:$BENCH_PORT" \
    >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "$BASE/healthz"; then
      STARTUP_MS=$(( ($(date +%s%N) - started) / 1000000 ))
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$WORK/server.log" >&2
      return 1
    fi
    sleep 0.01
  done
  echo "le serveur ne répond pas" >&2
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# Peak resident memory of the server so far, in MB.
peak_rss_mb() {
  awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"
}

# CPU time the server has used so far (user + system), in ms: divided by the
# requests served, a figure other processes on the machine barely move.
server_cpu_ms() {
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / tck }' "/proc/$SERVER_PID/stat"
}

# requests NAME: how many requests a wrk run completed.
requests() { awk '/requests in/ { print $1 }' "$RESULTS/$1.txt"; }

# sign_in EMAIL: prints the session cookie (name=value), signing in as a
# browser does (anonymous CSRF cookie, token field, same-site Origin).
sign_in() {
  local jar="$WORK/jar-$1" token
  token=$(curl -fs -c "$jar" "$BASE/connexion" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -o /dev/null -b "$jar" -c "$jar" -H "Origin: $BASE" \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=$1" \
    --data-urlencode "password=$PASSWORD" "$BASE/connexion"
  awk '$6 == "maillage" { print $6 "=" $7 }' "$jar"
}

# csrf_of COOKIE PATH: the session's CSRF token, read from a page's form.
csrf_of() {
  curl -fs -H "Cookie: $1" "$BASE$2" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1
}

# visible_ids BACKEND EMAIL [CONDITION]: the ids of the persons the référent's
# partner follows (as lead partner), optionally narrowed by a condition on p.
visible_ids() {
  sql "$1" "SELECT p.id FROM participants p JOIN memberships m ON m.partner_id = p.lead_partner_id \
    JOIN users u ON u.id = m.user_id WHERE u.email = '$2' ${3:+AND $3} ORDER BY p.id"
}

# load NAME CONNECTIONS SECONDS LUA [wrk args…]: runs wrk, keeps its output.
load() {
  local name="$1" connections="$2" seconds="$3" lua="$4"
  shift 4
  BENCH_LUA="$BENCH_DIR/lua" wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency -s "$BENCH_DIR/lua/$lua" "$@" "$BASE" \
    >"$RESULTS/$name.txt" 2>&1
  cat "$RESULTS/$name.txt" >&2
}

# Figures of a wrk output: req/s, p50 and p99 in ms, non-2xx/3xx count.
rps() { awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$RESULTS/$1.txt"; }
percentile() {
  awk -v p="$2%" '$1 == p {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
    if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000;
    printf "%.2f", v }' "$RESULTS/$1.txt"
}
errors() { awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$RESULTS/$1.txt"; }

# begin SCENARIO: forgets the figures of an unfinished run.
begin() {
  rm -f "$RESULTS/$1.tsv.new"
  need_tools
}

# record SCENARIO BACKEND METRIC VALUE: one figure, in results/SCENARIO.tsv.
record() {
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS/$1.tsv.new"
  echo "  $1 / $2 : $3 = $4" >&2
}

# finish SCENARIO: replaces the scenario's previous figures, redraws the table.
finish() {
  mv "$RESULTS/$1.tsv.new" "$RESULTS/$1.tsv"
  "$BENCH_DIR/table"
}
