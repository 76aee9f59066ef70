#!/usr/bin/env bash
# The OneThing hub's two commands (and a few helpers):
#   ./hub.sh run [--demo]   set up everything, then run the hub at http://127.0.0.1:5080
#   ./hub.sh test           set up everything, then run every test; last line "N passed, N failed, N skipped"
#   ./hub.sh stop           stop the embedded PostgreSQL and the test broker
#   ./hub.sh backup [DIR]   a backup of the database, the audit witness and the keys (docs/OPERATIONS.md)
#   ./hub.sh restore DIR    that backup into a new database (HUB_PG_DATABASE, or HUB_DATABASE's)
#   ./hub.sh codegen        regenerate Wolverine/Marten code into src/Hub/Internal/Generated
#   ./hub.sh reseal         seal every sealed value again under the first key of HUB_SECRET_KEYS (key rotation)
#   ./hub.sh bench          the benchmark (docs/BENCHMARKS.md): writes bench/results/latest.json
#   ./hub.sh failover-loop N  the two-node failover N times, a post-mortem of each loss (docs/OPERATIONS.md)
#   ./hub.sh client         the running hub's OpenAPI document to clients/openapi.json, and the clients made of it
# Embedded default: without HUB_DATABASE, a PostgreSQL data folder under .hub/ on 127.0.0.1:55432.
# Sourced (`source hub.sh`), it only defines its functions: the tests run them against a throwaway HUB_HOME.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)
HUB_DIR="${HUB_HOME:-$ROOT/.hub}"
PG_DATABASE="${HUB_PG_DATABASE:-onething}"
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
  local sum; sum=$(printf '%s' "${HUB_HOME:-$ROOT}" | sha1sum | cut -c1-12)
  local dir="/var/tmp/onething-hub-$sum/pgdata"
  mkdir -p "$(dirname "$dir")"; chown postgres "$(dirname "$dir")"; chmod 700 "$(dirname "$dir")"
  ln -sfn "$dir" "$HUB_DIR/pgdata"
  echo "$dir"
}

# Who listens on a TCP port: "name (pid N)" from ss, or "another user's process" when ss may not say.
port_user() {
  local line; line=$(ss -Hltnp "( sport = :$1 )" 2>/dev/null | head -1)
  [ -n "$line" ] || return 1
  local who; who=$(sed -nE 's/.*users:\(\("([^"]+)",pid=([0-9]+).*/\1 (pid \2)/p' <<<"$line")
  echo "${who:-a process of another user}"
}

free_port_after() {
  local port=$(($1 + 1))
  while port_user "$port" >/dev/null || port_user "$((port + 240))" >/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# One sentence a new user can act on: which port, held by what, and what to set instead.
port_taken() {
  local port=$1 setting=$2 who pid command=""
  who=$(port_user "$port") || return 1
  pid=$(sed -nE 's/.*\(pid ([0-9]+)\)/\1/p' <<<"$who")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] \
    && command=$(tr '\0\n' '  ' <"/proc/$pid/cmdline" | cut -c1-160 | sed 's/ *$//')
  say "Port $port is taken by $who${command:+: $command}."
  say "Another checkout's hub, or another server, holds it." \
    "Choose a free port: $setting=$(free_port_after "$port") ./hub.sh ${cmd:-run}"
  return 0
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
    # No port here: it is given at each start (-p), so that HUB_PG_PORT can change on an existing data folder.
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
max_connections = 300
shared_buffers = 256MB
wal_level = replica
synchronous_commit = on
shared_preload_libraries = 'pg_stat_statements'
CONF
  fi
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # postmaster.pid's fourth line is the port it listens on.
    local running; running=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)
    [ "$running" = "$PG_PORT" ] || die "This checkout's PostgreSQL is already running on port $running, not \
HUB_PG_PORT=$PG_PORT: stop it first (./hub.sh stop), or set HUB_PG_PORT=$running"
    say "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    port_taken "$PG_PORT" HUB_PG_PORT && die "PostgreSQL did not start: port $PG_PORT is taken"
    # A crashed run leaves postmaster.pid behind; pg_ctl start sees its process is gone and starts anyway.
    if ! as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null; then
      tail -n 20 "$data/server.log" >&2 || true
      port_taken "$PG_PORT" HUB_PG_PORT || true
      die "PostgreSQL did not start (its log: $data/server.log)"
    fi
    HUB_STARTED_POSTGRES=true
    say "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  for db in "$PG_DATABASE" onething_test; do
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
    port_taken "$MQ_PORT" HUB_MQ_PORT && die "RabbitMQ did not start: port $MQ_PORT is taken"
    (cd "$HUB_DIR/rabbitmq" && mq_env /usr/lib/rabbitmq/bin/rabbitmq-server -detached) 2>/dev/null
    mq_env /usr/lib/rabbitmq/bin/rabbitmqctl -q wait --timeout 60 "$HUB_DIR/rabbitmq/pid" >/dev/null 2>&1 \
      || die "RabbitMQ did not start (see $HUB_DIR/rabbitmq/log)"
    HUB_STARTED_RABBITMQ=true
    say "RabbitMQ started on 127.0.0.1:$MQ_PORT"
  fi
  # guest may connect from loopback only, which is all this broker listens on.
  export HUB_TEST_RABBITMQ="${HUB_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:$MQ_PORT}"
  # The broker's own tool for this broker, for the tests' post-mortems (queues with unacknowledged messages).
  cat >"$HUB_DIR/rabbitmq/rabbitmqctl" <<CTL
#!/usr/bin/env bash
HUB_MQ_PORT=$MQ_PORT exec "$ROOT/hub.sh" rabbitmqctl "\$@"
CTL
  export HUB_TEST_RABBITMQCTL="$HUB_DIR/rabbitmq/rabbitmqctl"
}

stop_rabbitmq() {
  [ -d "$HUB_DIR/rabbitmq" ] && [ -x /usr/lib/rabbitmq/bin/rabbitmqctl ] || return 0
  mq_env /usr/lib/rabbitmq/bin/rabbitmqctl -q stop >/dev/null 2>&1 && say "RabbitMQ stopped" || true
  # Erlang's port mapper outlives the broker; it is ours (own port), so it goes too.
  mq_env "$(command -v epmd || echo /usr/lib/erlang/bin/epmd)" -kill >/dev/null 2>&1 || true
}

# The end of a test run: what it started goes, what was running before stays (a `./hub.sh run` in another
# terminal keeps its database). HUB_KEEP_RUNNING=true keeps both, for the next run's quicker start.
stop_what_this_run_started() {
  if [ "${HUB_KEEP_RUNNING:-false}" = true ]; then
    local kept=""
    ${HUB_STARTED_POSTGRES:-false} && kept="PostgreSQL on $PG_PORT"
    ${HUB_STARTED_RABBITMQ:-false} && kept="${kept:+$kept, }RabbitMQ on $MQ_PORT"
    [ -z "$kept" ] || say "Left running (HUB_KEEP_RUNNING): $kept; ./hub.sh stop stops them"
    return 0
  fi
  if ${HUB_STARTED_RABBITMQ:-false}; then stop_rabbitmq; HUB_STARTED_RABBITMQ=false; fi
  if ${HUB_STARTED_POSTGRES:-false}; then stop_postgres; HUB_STARTED_POSTGRES=false
  elif ${HUB_EMBEDDED:-false}; then
    say "PostgreSQL on 127.0.0.1:$PG_PORT was running before this run and is left running (./hub.sh stop stops it)"
  fi
}

# The network-fault tests (src/Hub.Tests/Reliability/network_faults.cs) run hub nodes on hosts of their own: network
# namespaces and veth pairs (iproute2), DROP rules (nftables), tun devices. They need root; elsewhere they skip.
ensure_network_fault_tools() {
  [ "$(id -u)" = 0 ] || return 0
  command -v ip >/dev/null && [ -x /usr/sbin/nft ] && return
  if command -v apt-get >/dev/null; then
    say "Installing Debian's iproute2 and nftables for the network-fault tests"
    # Another apt run on the machine holds its lock for a while: wait for it rather than fail.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      iproute2 nftables >/dev/null
  fi
  [ -x /usr/sbin/nft ] || say "nftables is missing (apt-get install nftables): the network-fault tests will fail"
}

secret_key() {
  # The hub's own key seals webhook secrets; kept under .hub/ unless HUB_SECRET_KEY is given.
  if [ -z "${HUB_SECRET_KEY:-}" ]; then
    mkdir -p "$HUB_DIR"
    [ -s "$HUB_DIR/secret.key" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$HUB_DIR/secret.key")
    HUB_SECRET_KEY=$(cat "$HUB_DIR/secret.key")
    export HUB_SECRET_KEY HUB_SECRET_KEY_FILE="$HUB_DIR/secret.key"
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
  HUB_EMBEDDED=true
  export HUB_DATABASE="Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DATABASE;Username=postgres;Maximum Pool Size=100"
  export HUB_TEST_DATABASE="${HUB_TEST_DATABASE:-Host=127.0.0.1;Port=$PG_PORT;Database=onething_test;Username=postgres;Maximum Pool Size=100}"
  export HUB_DEV_KEYS_FILE="$HUB_DIR/dev-keys.json"
  # The embedded mode is a developer's machine: the simulator's webhooks are plain http on loopback.
  export HUB_ALLOW_LOOPBACK_WEBHOOKS="${HUB_ALLOW_LOOPBACK_WEBHOOKS:-true}"
}

# libpq's variables from an Npgsql connection string (HUB_DATABASE), for pg_dump, pg_restore and psql.
pg_env_of() {
  local part key value
  unset PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD
  IFS=';' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    key=$(tr -d ' ' <<<"${part%%=*}" | tr '[:upper:]' '[:lower:]'); value=${part#*=}
    case "$key" in
      host|server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      database|db) export PGDATABASE="$value" ;;
      username|userid|user) export PGUSER="$value" ;;
      password) export PGPASSWORD="$value" ;;
    esac
  done
}

# A backup folder: the database (pg_dump -Fc, one consistent snapshot), the audit witness, and the files the database
# cannot be used without (keys/: the audit key, the secret key when it is a file, the development keys). The witness
# is copied before the dump begins, so every seal it saw is in the dump; seals made during the dump are published
# again by the restored hub. docs/OPERATIONS.md, "Backups".
backup() {
  local dir=${1:-$HUB_DIR/backups/$(date -u +%Y%m%dT%H%M%SZ)}
  database
  local bin; bin=$(pg_bin) || die "pg_dump is missing (apt-get install postgresql-client)"
  mkdir -p "$dir/keys"; chmod 700 "$dir" "$dir/keys"
  if [ -s "$HUB_AUDIT_WITNESS" ]; then cp "$HUB_AUDIT_WITNESS" "$dir/audit-witness.jsonl"
  else say "The audit witness ($HUB_AUDIT_WITNESS) is empty or missing: the backup has none"; fi
  pg_env_of "$HUB_DATABASE"
  "$bin/pg_dump" -Fc --no-owner -f "$dir/onething.dump" || die "pg_dump failed: no backup in $dir"
  (umask 077
   [ -s "$HUB_AUDIT_KEY_FILE" ] && cp "$HUB_AUDIT_KEY_FILE" "$dir/keys/audit.key"
   [ -s "${HUB_SECRET_KEY_FILE:-}" ] && cp "$HUB_SECRET_KEY_FILE" "$dir/keys/secret.key"
   [ -s "${HUB_DEV_KEYS_FILE:-}" ] && cp "$HUB_DEV_KEYS_FILE" "$dir/keys/dev-keys.json"
   true)
  [ -n "${HUB_SECRET_KEY_FILE:-}" ] \
    || say "HUB_SECRET_KEY(S) come from the environment: keep them in your secret store, they are not in $dir"
  (cd "$dir" && { find onething.dump audit-witness.jsonl keys -type f 2>/dev/null || true; } | sort \
    | xargs sha256sum >SHA256SUMS)
  say "Backup in $dir: $(du -sh "$dir/onething.dump" | cut -f1) database, witness up to seal" \
    "$(tail -n 1 "$dir/audit-witness.jsonl" 2>/dev/null | sed -nE 's/.*"batch":([0-9]+).*/\1/p')."
  say "keys/ holds the audit key: store the folder as a secret (docs/OPERATIONS.md, Backups)"
}

# A backup into a new database: the embedded mode's HUB_PG_DATABASE (default onething), or HUB_DATABASE's database.
# It never writes over a database that holds a hub, nor over an audit key or witness that differ from the backup's
# (--new-witness keeps the witness that is there under another name and starts again from the backup's: a
# rollback, see docs/OPERATIONS.md).
restore() {
  local dir=${1:-} new_witness=false
  [ -n "$dir" ] && [ -s "$dir/onething.dump" ] \
    || die "Usage: ./hub.sh restore DIR [--new-witness] (DIR made by ./hub.sh backup)"
  [ "${2:-}" = "--new-witness" ] && new_witness=true
  # The secret key before anything makes a new one (database, below, would, on a machine that has none).
  if [ -z "${HUB_SECRET_KEY:-}${HUB_SECRET_KEYS:-}" ]; then
    restore_file "$dir/keys/secret.key" "$HUB_DIR/secret.key" "the secret key" || return 1
  fi
  database
  local bin; bin=$(pg_bin) || die "pg_restore is missing (apt-get install postgresql-client)"
  (cd "$dir" && [ ! -e SHA256SUMS ] || sha256sum --quiet -c SHA256SUMS) || die "The backup in $dir is damaged"
  pg_env_of "$HUB_DATABASE"
  local target=$PGDATABASE
  local exists; exists=$(PGDATABASE=postgres "$bin/psql" -tAc "select 1 from pg_database where datname = '$target'")
  if [ "$exists" = 1 ]; then
    [ "$("$bin/psql" -tAc "select count(*) from information_schema.tables where table_schema = 'hub'")" = 0 ] \
      || die "Database $target already holds a hub. Restore into a new one:" \
        "HUB_PG_DATABASE=${target}_restored ./hub.sh restore $dir (HUB_DATABASE's database, outside the embedded mode)"
  else
    PGDATABASE=postgres "$bin/psql" -qc "create database \"$target\"" >/dev/null
  fi
  # The files first: a restored database without its audit key would look tampered with.
  restore_file "$dir/keys/audit.key" "$HUB_AUDIT_KEY_FILE" "the audit key" || return 1
  if [ -s "$dir/audit-witness.jsonl" ]; then
    if [ -s "$HUB_AUDIT_WITNESS" ] && ! cmp -s "$dir/audit-witness.jsonl" "$HUB_AUDIT_WITNESS"; then
      if $new_witness; then
        local kept; kept="$HUB_AUDIT_WITNESS.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
        mv "$HUB_AUDIT_WITNESS" "$kept"
        say "The witness that was there is kept as $kept: it saw what the backup lost"
        cp "$dir/audit-witness.jsonl" "$HUB_AUDIT_WITNESS"
      else
        say "The witness $HUB_AUDIT_WITNESS is not the backup's and stays: seals it saw past the backup's" \
          "are reported missing by GET /api/audit/verification, and sealing waits" \
          "(docs/OPERATIONS.md, Backups; --new-witness)"
      fi
    elif [ ! -s "$HUB_AUDIT_WITNESS" ]; then
      mkdir -p "$(dirname "$HUB_AUDIT_WITNESS")"; cp "$dir/audit-witness.jsonl" "$HUB_AUDIT_WITNESS"
    fi
  fi
  "$bin/pg_restore" --no-owner --exit-on-error -d "$target" "$dir/onething.dump" \
    || die "pg_restore failed; database $target is incomplete: drop it before trying again"
  [ -s "$dir/keys/dev-keys.json" ] && [ -n "${HUB_DEV_KEYS_FILE:-}" ] && [ ! -s "$HUB_DEV_KEYS_FILE" ] \
    && (umask 077; cp "$dir/keys/dev-keys.json" "$HUB_DEV_KEYS_FILE")
  say "Restored into database $target. Start the hub on it, then check GET /api/audit/verification"
}

restore_file() {
  local from=$1 to=$2 what=$3
  [ -s "$from" ] || { say "The backup has no copy of $what; $to is used as it is"; return 0; }
  if [ -s "$to" ]; then
    cmp -s "$from" "$to" && return 0
    say "$to is not the backup's $what: move it away, or point its setting at $from, and restore again"
    return 1
  fi
  mkdir -p "$(dirname "$to")"; (umask 077; cp "$from" "$to")
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

# The outside tools that check the OpenAPI document and make the TypeScript types (docs/DEPARTMENT-SYSTEMS.md, "The
# contract"): npm packages at the versions clients/tools/package-lock.json pins, installed into clients/tools only.
CONTRACT_TOOLS="$ROOT/clients/tools"
npm_tools() {
  if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "npm missing: installing Debian's nodejs and npm for the contract's checks"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  command -v npm >/dev/null || die "npm is missing (apt-get install nodejs npm): the contract's checks need it."
  local mark="$CONTRACT_TOOLS/node_modules/.installed"
  if [ ! -e "$mark" ] || [ "$CONTRACT_TOOLS/package-lock.json" -nt "$mark" ]; then
    say "Installing the contract's tools from npm into clients/tools"
    # No install scripts: none of these needs one (one only reports usage).
    (cd "$CONTRACT_TOOLS" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null) \
      || die "npm could not install clients/tools"
    touch "$mark"
  fi
}

# The OpenAPI document as the hub serves it, from a hub started for the purpose (on HUB_PORT, then stopped).
openapi_document() {
  local out=$1 log="$HUB_DIR/client-hub.log"
  ASPNETCORE_URLS="http://127.0.0.1:$HUB_PORT" ASPNETCORE_CONTENTROOT="$ROOT/src/Hub/bin/Release/net10.0" \
    HUB_DEV_KEYS_FILE= dotnet src/Hub/bin/Release/net10.0/Hub.dll >"$log" 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$HUB_PORT/health/ready" >/dev/null; do
    kill -0 $pid 2>/dev/null || { tail -n 20 "$log" >&2; die "The hub did not start (see $log)"; }
    sleep 0.3
  done
  curl -sf "http://127.0.0.1:$HUB_PORT/openapi/v1.json" -o "$out" || { kill $pid; die "No OpenAPI document"; }
  kill $pid; wait $pid 2>/dev/null || true
}

# ./hub.sh client: the document, then the C# client (Kiota) and the TypeScript types (openapi-typescript) made of it.
client() {
  database
  npm_tools
  dotnet tool restore >/dev/null
  say "Building the hub"
  dotnet build src/Hub/Hub.csproj -c Release -nologo -clp:ErrorsOnly -v q
  say "Fetching the OpenAPI document into clients/openapi.json"
  openapi_document "$ROOT/clients/openapi.json"
  say "Generating the C# client (Kiota) into clients/csharp/Generated"
  # No look for a newer Kiota (it would go to the internet) and no search providers.
  KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false KIOTA_CLI_TELEMETRY_OPTOUT=true dotnet kiota generate -l CSharp -d clients/openapi.json \
    -o clients/csharp/Generated -c HubApiClient -n OneThing.Client --exclude-backward-compatible --clean-output \
    --log-level Error >/dev/null
  # What the client was made of, for the test that checks it is fresh.
  sha256sum clients/openapi.json | cut -d' ' -f1 >clients/csharp/openapi.sha256
  say "Generating the TypeScript types into clients/typescript/schema.d.ts"
  "$CONTRACT_TOOLS/node_modules/.bin/openapi-typescript" clients/openapi.json -o clients/typescript/schema.d.ts \
    >/dev/null
  say "Building the clients"
  dotnet build clients/csharp/Client.csproj -c Release -nologo -clp:ErrorsOnly -v q
  "$CONTRACT_TOOLS/node_modules/.bin/tsc" -p clients/typescript
  say "Done: commit clients/ (the contract tests compare it with the hub's document)"
}

main() {
cmd=${1:-run}; shift || true
case "$cmd" in
  run)
    demo=false
    [ "${1:-}" = "--demo" ] && { demo=true; shift; }
    port_taken "$HUB_PORT" HUB_PORT && die "The hub cannot listen on 127.0.0.1:$HUB_PORT: it is taken"
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
    # What this run starts, it stops (stop_what_this_run_started), also when it is interrupted.
    trap 'stop_what_this_run_started; exit 130' INT TERM
    database
    # The contract's checks run Redocly, Spectral, openapi-typescript and tsc from clients/tools.
    npm_tools
    # Two hub nodes talk through RabbitMQ in the scale-out tests.
    start_rabbitmq
    ensure_network_fault_tools
    # A build that fails is a failed run: say so in the closing line CI reads.
    build || { stop_what_this_run_started; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
    say "Running every test"
    set +e
    dotnet test --solution OneThing.sln -c Release --no-build "$@" 2>&1 | tee "$HUB_DIR/test.log"
    status=${PIPESTATUS[0]}
    set -e
    # The names of the failed tests last, where a CI log cut to its tail still shows them.
    grep -E '^ *failed [^:]' "$HUB_DIR/test.log" | sed 's/^ */failed test: /' | tail -20 || true
    trap - INT TERM
    stop_what_this_run_started
    # Microsoft.Testing.Platform prints "total: N, failed: N, succeeded: N, skipped: N" per assembly: add them up.
    # A run that failed without counting a failed test (it crashed, or timed out) still counts as one failure.
    awk -v status="$status" '/^ *failed:/{f+=$2} /^ *succeeded:/{p+=$2} /^ *skipped:/{s+=$2}
         END { if (status != 0 && f == 0) f = 1; printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$HUB_DIR/test.log"
    exit "$status"
    ;;
  failover-loop)
    # Issue 19: the two-node failover (two_nodes_on_rabbitmq: one node SIGKILLed under load) N times in one test
    # process, each on a new database. A run that loses, keeps waiting or doubles anything leaves its post-mortem
    # in .hub/failover/<time>-runNNN/ (FailoverCapture); one line a run in .hub/failover/loop.tsv.
    runs=${1:-50}; shift || true
    case "$runs" in ''|*[!0-9]*) die "Use: ./hub.sh failover-loop N [--no-build] (how many failovers)" ;; esac
    database
    start_rabbitmq
    if [ "${1:-}" = "--no-build" ]; then shift; else build || die "The build failed"; fi
    say "$runs failovers: two nodes on RabbitMQ, one killed with SIGKILL under load, each run then counted"
    started=$(date +%s)
    set +e
    HUB_FAILOVER_RUNS="$runs" dotnet src/Hub.Tests/bin/Release/net10.0/Hub.Tests.dll \
      -class "OneThing.Hub.Tests.Reliability.two_nodes_on_rabbitmq" "$@" 2>&1 | tee "$HUB_DIR/failover-loop.log"
    status=${PIPESTATUS[0]}
    set -e
    awk -F'\t' -v minutes="$(( ($(date +%s) - started + 30) / 60 ))" 'NR > 1 {
        n++; lost += $6; pending += $7; dead += $8; twice += $9; if ($10 == "clean") clean++; else print "  " $0 }
      END { printf "%d of %d failovers clean: %d lost, %d duplicated, %d left pending, %d dead letters (%d min)\n",
        clean, n, lost, twice, pending, dead, minutes }' "$HUB_DIR/failover/loop.tsv"
    exit "$status"
    ;;
  rabbitmqctl) mq_env /usr/lib/rabbitmq/bin/rabbitmqctl "$@" ;;
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
  client) client ;;
  bench)
    # Issue 8: the hub against raw PostgreSQL and direct calls, in one run (a few minutes); see docs/BENCHMARKS.md.
    database
    build
    publish_composite
    BENCH_SERVER="$HUB_DATABASE" BENCH_HUB_EXE="$HUB_PUBLISH_COMPOSITE/Hub" dotnet src/Bench/bin/Release/net10.0/Bench.dll "$@"
    ;;
  backup) backup "$@" ;;
  restore) restore "$@" ;;
  *) die "Unknown command '$cmd'. Use: run [--demo] | test | stop | backup [DIR] | restore DIR | codegen | client | bench" \
       "| failover-loop N" ;;
esac
}

# Sourced by a test: the functions only.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
