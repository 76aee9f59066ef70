#!/usr/bin/env bash
# The OneThing hub's two commands (and a few helpers):
#   ./hub.sh run [--demo]   set up everything, then run the hub at http://127.0.0.1:5080
#   ./hub.sh test           set up everything, then run every test; last line "N passed, N failed, N skipped"
#   ./hub.sh stop           stop the embedded PostgreSQL
#   ./hub.sh codegen        regenerate Wolverine/Marten code into src/Hub/Internal/Generated
#   ./hub.sh reseal         seal every sealed value again under the first key of HUB_SECRET_KEYS (key rotation)
#   ./hub.sh bench          the benchmark (docs/BENCHMARKS.md): writes bench/results/latest.json
# Embedded default: without HUB_DATABASE, a PostgreSQL data folder under .hub/ on 127.0.0.1:55432.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
HUB_DIR="$ROOT/.hub"
PG_PORT="${HUB_PG_PORT:-55432}"
MQ_PORT="${HUB_MQ_PORT:-$((PG_PORT + 240))}"
HUB_PORT="${HUB_PORT:-5080}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m[hub]\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }; done
  command -v pg_ctl >/dev/null && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return; }
  return 1
}

ensure_postgres_binaries() {
  pg_bin >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "PostgreSQL binaries missing: installing Debian's postgresql package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    # The package starts a cluster of its own on 5432; ours is separate, so that one is left as it is.
  fi
  pg_bin >/dev/null || die "PostgreSQL is not installed. Install it (sudo apt-get install postgresql) or set HUB_DATABASE."
}

# Runs a PostgreSQL tool as the postgres OS user when we are root (the server refuses to run as root).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

data_dir() {
  # The data folder lives under .hub/ when the postgres user can reach it; otherwise (a checkout under /root,
  # say) in a folder of its own under /var/tmp, linked from .hub/pgdata so that it is still found there.
  if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$HUB_DIR"; then echo "$HUB_DIR/pgdata"; return; fi
  local sum; sum=$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)
  local dir="/var/tmp/onething-hub-$sum/pgdata"
  mkdir -p "$(dirname "$dir")"; chown postgres "$(dirname "$dir")"; chmod 700 "$(dirname "$dir")"
  ln -sfn "$dir" "$HUB_DIR/pgdata"
  echo "$dir"
}

start_postgres() {
  ensure_postgres_binaries
  local bin; bin=$(pg_bin)
  mkdir -p "$HUB_DIR"
  local data; data=$(data_dir)
  if [ ! -s "$data/PG_VERSION" ]; then
    say "Initialising PostgreSQL in $data"
    mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown postgres "$data"
    chmod 700 "$data"
    as_pg "$bin/initdb" -D "$data" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '/tmp'
max_connections = 300
shared_buffers = 256MB
wal_level = replica
synchronous_commit = on
shared_preload_libraries = 'pg_stat_statements'
CONF
  fi
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    # A crashed run leaves postmaster.pid behind; pg_ctl start sees its process is gone and starts anyway.
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null \
      || { tail -n 20 "$data/server.log" >&2 || true; die "PostgreSQL did not start"; }
    say "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  for db in onething onething_test; do
    as_pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
      || as_pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database $db" >/dev/null
  done
}

stop_postgres() {
  local bin data="$HUB_DIR/pgdata"
  bin=$(pg_bin) || return 0
  [ -e "$data/PG_VERSION" ] || { say "No embedded PostgreSQL here"; return 0; }
  as_pg "$bin/pg_ctl" -D "$(readlink -f "$data")" -m fast stop >/dev/null 2>&1 && say "PostgreSQL stopped" || say "PostgreSQL was not running"
}

# RabbitMQ, for several hub nodes (and the tests that run them): Debian's rabbitmq-server, one broker of our own
# under .hub/rabbitmq on loopback ports, run as the current user so it needs no system service.
ensure_rabbitmq_binaries() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "RabbitMQ missing: installing Debian's rabbitmq-server package"
    # The package would start a system-wide broker on every interface: keep it from starting while we install.
    local guard=false
    [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; guard=true; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
    $guard && rm -f /usr/sbin/policy-rc.d
  fi
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || die "RabbitMQ is not installed (sudo apt-get install rabbitmq-server)."
}

mq_env() {
  local home="$HUB_DIR/rabbitmq"
  env HOME="$home" RABBITMQ_NODENAME="onething-$MQ_PORT@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$MQ_PORT" RABBITMQ_DIST_PORT="$((MQ_PORT + 1))" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$((MQ_PORT + 2))" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$home/mnesia" RABBITMQ_LOG_BASE="$home/log" RABBITMQ_CONFIG_FILE="$home/rabbitmq" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins" RABBITMQ_PID_FILE="$home/pid" "$@"
}

start_rabbitmq() {
  ensure_rabbitmq_binaries
  mkdir -p "$HUB_DIR/rabbitmq"
  if ! mq_env /usr/lib/rabbitmq/bin/rabbitmqctl -q status >/dev/null 2>&1; then
    (cd "$HUB_DIR/rabbitmq" && mq_env /usr/lib/rabbitmq/bin/rabbitmq-server -detached) 2>/dev/null
    mq_env /usr/lib/rabbitmq/bin/rabbitmqctl -q wait --timeout 60 "$HUB_DIR/rabbitmq/pid" >/dev/null 2>&1 \
      || die "RabbitMQ did not start (see $HUB_DIR/rabbitmq/log)"
    say "RabbitMQ started on 127.0.0.1:$MQ_PORT"
  fi
  # guest may connect from loopback only, which is all this broker listens on.
  export HUB_TEST_RABBITMQ="${HUB_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:$MQ_PORT}"
}

stop_rabbitmq() {
  [ -d "$HUB_DIR/rabbitmq" ] && [ -x /usr/lib/rabbitmq/bin/rabbitmqctl ] || return 0
  mq_env /usr/lib/rabbitmq/bin/rabbitmqctl -q stop >/dev/null 2>&1 && say "RabbitMQ stopped" || true
  # Erlang's port mapper outlives the broker; it is ours (own port), so it goes too.
  mq_env "$(command -v epmd || echo /usr/lib/erlang/bin/epmd)" -kill >/dev/null 2>&1 || true
}

secret_key() {
  # The hub's own key seals webhook secrets; kept under .hub/ unless HUB_SECRET_KEY is given.
  if [ -z "${HUB_SECRET_KEY:-}" ]; then
    mkdir -p "$HUB_DIR"
    [ -s "$HUB_DIR/secret.key" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$HUB_DIR/secret.key")
    HUB_SECRET_KEY=$(cat "$HUB_DIR/secret.key")
    export HUB_SECRET_KEY
  fi
  # The audit key (the hub makes it on first start, 0600) and the witness of the audit seals, outside the database.
  if [ -z "${HUB_AUDIT_KEY_FILE:-}" ]; then
    mkdir -p "$HUB_DIR"; export HUB_AUDIT_KEY_FILE="$HUB_DIR/audit.key"
  fi
  if [ -z "${HUB_AUDIT_WITNESS:-}" ]; then
    mkdir -p "$HUB_DIR"; export HUB_AUDIT_WITNESS="$HUB_DIR/audit-witness.jsonl"
  fi
}

database() {
  secret_key
  if [ -n "${HUB_DATABASE:-}" ]; then return; fi
  start_postgres
  export HUB_DATABASE="Host=127.0.0.1;Port=$PG_PORT;Database=onething;Username=postgres;Maximum Pool Size=100"
  export HUB_TEST_DATABASE="${HUB_TEST_DATABASE:-Host=127.0.0.1;Port=$PG_PORT;Database=onething_test;Username=postgres;Maximum Pool Size=100}"
  export HUB_DEV_KEYS_FILE="$HUB_DIR/dev-keys.json"
  # The embedded mode is a developer's machine: the simulator's webhooks are plain http on loopback.
  export HUB_ALLOW_LOOPBACK_WEBHOOKS="${HUB_ALLOW_LOOPBACK_WEBHOOKS:-true}"
}

build() {
  say "Building"
  dotnet build OneThing.sln -c Release -nologo -clp:ErrorsOnly -v q
}

# The hub as it is deployed: published ReadyToRun (precompiled native code beside the IL), so a start does not wait
# for the JIT (docs/BENCHMARKS.md). `run` publishes framework-dependent (incremental: seconds after a change);
# `bench` measures the production form, self-contained and composite (the framework and the hub compiled as one,
# generics across assemblies included): cold start 3.5 s -> ~2 s -> ~1.4 s, at ~4 minutes of compiling per change.
HUB_PUBLISH="$HUB_DIR/publish/hub"
HUB_PUBLISH_COMPOSITE="$HUB_DIR/publish/hub-composite"
publish() {
  say "Publishing the hub (ReadyToRun)"
  dotnet publish src/Hub/Hub.csproj -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    -o "$HUB_PUBLISH" -nologo -clp:ErrorsOnly -v q
}
publish_composite() {
  say "Publishing the hub (self-contained, composite ReadyToRun: minutes the first time and after each change)"
  # A configuration of its own (optimised as Release): its ReadyToRun images are compiled against the bundled framework
  # and must never be picked up by the framework-dependent publish, which shares Release's intermediate folder.
  dotnet publish src/Hub/Hub.csproj -c Composite -p:Optimize=true --use-current-runtime --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o "$HUB_PUBLISH_COMPOSITE" -nologo -clp:ErrorsOnly -v q
}

cmd=${1:-run}; shift || true
case "$cmd" in
  run)
    demo=false
    [ "${1:-}" = "--demo" ] && { demo=true; shift; }
    database
    build
    publish
    export ASPNETCORE_URLS="http://127.0.0.1:$HUB_PORT" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
      ASPNETCORE_CONTENTROOT="$HUB_PUBLISH"
    [ -n "${HUB_DEV_KEYS_FILE:-}" ] && say "API keys for every seeded principal: $HUB_DEV_KEYS_FILE"
    say "Hub at http://127.0.0.1:$HUB_PORT (Ctrl-C stops it; ./hub.sh stop stops PostgreSQL)"
    if ! $demo; then exec dotnet "$HUB_PUBLISH/Hub.dll" "$@"; fi

    # --demo: the hub, then the department-system simulator with a steady stream of applications.
    [ -n "${HUB_DEV_KEYS_FILE:-}" ] || die "--demo needs the embedded mode's keys (run without HUB_DATABASE)"
    dotnet "$HUB_PUBLISH/Hub.dll" "$@" &
    hub_pid=$!
    trap 'kill $hub_pid ${sim_pid:-} 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
    until curl -sf "http://127.0.0.1:$HUB_PORT/health/ready" >/dev/null; do
      kill -0 $hub_pid 2>/dev/null || die "The hub did not start"
      sleep 0.3
    done
    ASPNETCORE_URLS= ASPNETCORE_CONTENTROOT="$ROOT/src/Simulator/bin/Release/net10.0" SIM_HUB="http://127.0.0.1:$HUB_PORT" SIM_SELF="http://127.0.0.1:${SIM_PORT:-5090}" SIM_KEYS="$HUB_DEV_KEYS_FILE" \
      SIM_DEMO_RATE="${SIM_DEMO_RATE:-2}" dotnet src/Simulator/bin/Release/net10.0/Simulator.dll &
    sim_pid=$!
    say "Simulated department systems at http://127.0.0.1:${SIM_PORT:-5090}, ${SIM_DEMO_RATE:-2} applications a second"
    wait $hub_pid
    ;;
  test)
    # The dashboard is tested in a real browser: Debian's chromium, headless.
    if ! command -v chromium >/dev/null; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing Debian's chromium for the dashboard's browser test"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
      else
        say "chromium is missing (apt-get install chromium): the dashboard's browser test will fail"
      fi
    fi
    database
    # Two hub nodes talk through RabbitMQ in the scale-out tests.
    start_rabbitmq
    # A build that fails is a failed run: say so in the closing line CI reads.
    build || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
    say "Running every test"
    set +e
    dotnet test --solution OneThing.sln -c Release --no-build "$@" 2>&1 | tee "$HUB_DIR/test.log"
    status=${PIPESTATUS[0]}
    set -e
    # The names of the failed tests last, where a CI log cut to its tail still shows them.
    grep -E '^ *failed [^:]' "$HUB_DIR/test.log" | sed 's/^ */failed test: /' | tail -20 || true
    # Microsoft.Testing.Platform prints "total: N, failed: N, succeeded: N, skipped: N" per assembly: add them up.
    # A run that failed without counting a failed test (it crashed, or timed out) still counts as one failure.
    awk -v status="$status" '/^ *failed:/{f+=$2} /^ *succeeded:/{p+=$2} /^ *skipped:/{s+=$2}
         END { if (status != 0 && f == 0) f = 1; printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$HUB_DIR/test.log"
    exit "$status"
    ;;
  stop) stop_rabbitmq; stop_postgres ;;
  reseal|index-key)
    # Key rotation (docs/OPERATIONS.md): every sealed value under the first key of HUB_SECRET_KEYS; or the
    # blind-index key to keep as HUB_INDEX_KEY once the oldest key goes.
    database
    dotnet run --project src/Hub -c Release -- "$cmd"
    ;;
  codegen)
    database
    # Stale generated code may not even compile against changed endpoints: start from none.
    rm -rf src/Hub/Internal/Generated
    dotnet run --project src/Hub -c Release -- codegen write
    ;;
  bench)
    # Issue 8: the hub against raw PostgreSQL and direct calls, in one run (a few minutes); see docs/BENCHMARKS.md.
    database
    build
    publish_composite
    BENCH_SERVER="$HUB_DATABASE" BENCH_HUB_EXE="$HUB_PUBLISH_COMPOSITE/Hub" dotnet src/Bench/bin/Release/net10.0/Bench.dll "$@"
    ;;
  *) die "Unknown command '$cmd'. Use: run [--demo] | test | stop | codegen | bench" ;;
esac
