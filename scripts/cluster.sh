#!/usr/bin/env bash
# A lapor cluster on loopback, from existing engines: a pg_auto_failover formation (monitor + primary + streaming
# standby, Debian's postgresql-15-auto-failover), two `lapor serve` instances (writes to the primary through the
# multi-host URI pg_autoctl hands out, exports and statistics from the standby), and nginx in front of them.
#
#   scripts/cluster.sh up       start everything (build first: npm run build); prints the balancer's URL
#   scripts/cluster.sh status   the formation's state and each instance's /healthz
#   scripts/cluster.sh env      the cluster's addresses as KEY=VALUE lines (also in $LAPOR_CLUSTER_DIR/cluster.env)
#   scripts/cluster.sh down     stop everything and remove the directory
#
# LAPOR_CLUSTER_DIR (default /tmp/lapor-cluster) holds every data dir, log and pid; LAPOR_CLUSTER_PORT (default
# 56200) is the first of the ports: monitor +0, node1 +1, node2 +2, nginx +10, API instances +11 and +12.
# PostgreSQL refuses to run as root: as root, the database processes run as the `postgres` user.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${LAPOR_CLUSTER_DIR:-/tmp/lapor-cluster}
BASE=${LAPOR_CLUSTER_PORT:-56200}
MON_PORT=$BASE
N1_PORT=$((BASE + 1))
N2_PORT=$((BASE + 2))
LB_PORT=$((BASE + 10))
API_PORTS=($((BASE + 11)) $((BASE + 12)))
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PG_AUTOCTL=$(command -v pg_autoctl || echo /usr/bin/pg_autoctl)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
DB=lapor
# pg_autoctl show uri --formation default prints this URI (with sslmode=prefer, which node-postgres reads as
# "require": left out, the nodes run without TLS on loopback); the user is named because the API may run as root
PRIMARY_URL="postgres://postgres@127.0.0.1:$N1_PORT,127.0.0.1:$N2_PORT/$DB?target_session_attrs=read-write"
STANDBY_URL="postgres://postgres@127.0.0.1:$N2_PORT/$DB"

log() { printf 'cluster: %s\n' "$*" >&2; }

# pg_autoctl keeps its state under XDG dirs: the cluster's own, so that nothing of the host's is touched
AS_POSTGRES=(env "PATH=$PGBIN:$PATH" "XDG_CONFIG_HOME=$DIR/xdg/config" "XDG_DATA_HOME=$DIR/xdg/data" "XDG_RUNTIME_DIR=$DIR/xdg/run")
[ "$(id -u)" = 0 ] && AS_POSTGRES=(runuser -u postgres -- "${AS_POSTGRES[@]}")
as_postgres() { "${AS_POSTGRES[@]}" "$@"; }

# a long-running process in its own session (so `down` and the tests can end it with its children); its
# process group id in $DIR/<name>.pgid
start_bg() {
  local name=$1
  shift
  setsid "$@" >"$DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$DIR/$name.pgid"
}

wait_for() { # what, seconds, command…
  local what=$1 secs=$2
  shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out waiting for $what"
      return 1
    fi
    sleep 0.3
  done
}

node_state() { # node name → its reported state in the formation
  as_postgres "$PG_AUTOCTL" show state --pgdata "$DIR/pg/monitor" --json 2>/dev/null |
    node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const n=JSON.parse(s).find(x=>x.nodename==='$1');process.stdout.write(n?n.current_group_state:'')})"
}

is_state() { [ "$(node_state "$1")" = "$2" ]; }

healthy() { node -e "fetch('$1/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; }

write_env() {
  cat >"$DIR/cluster.env" <<EOF
LAPOR_CLUSTER_URL=http://127.0.0.1:$LB_PORT
LAPOR_CLUSTER_API1=http://127.0.0.1:${API_PORTS[0]}
LAPOR_CLUSTER_API2=http://127.0.0.1:${API_PORTS[1]}
LAPOR_CLUSTER_PRIMARY_URL=$PRIMARY_URL
LAPOR_CLUSTER_STANDBY_URL=$STANDBY_URL
LAPOR_CLUSTER_NODE1_URL=postgres://postgres@127.0.0.1:$N1_PORT/$DB
LAPOR_CLUSTER_NODE2_URL=postgres://postgres@127.0.0.1:$N2_PORT/$DB
LAPOR_CLUSTER_ADMIN_TOKEN_FILE=$DIR/api1/admin-token
LAPOR_CLUSTER_DIR=$DIR
EOF
}

start_api() { # index (0 or 1)
  local i=$1 port=${API_PORTS[$1]} name="api$(($1 + 1))"
  mkdir -p "$DIR/$name"
  start_bg "$name" node "$ROOT/bin/lapor.js" serve --host 127.0.0.1 --port "$port" --data-dir "$DIR/$name" \
    --database-url "$PRIMARY_URL" --read-database-url "$STANDBY_URL" --trust-proxy 127.0.0.1 --rate-limit 1000000
  wait_for "$name on port $port" 120 healthy "http://127.0.0.1:$port" || { tail -n 20 "$DIR/$name.log" >&2; return 1; }
}

nginx_conf() {
  mkdir -p "$DIR/nginx/tmp"
  cat >"$DIR/nginx/nginx.conf" <<EOF
# the balancer: round robin over the API instances; an instance that refuses connections is skipped (a request
# already sent to one that died is not resent: the CLI retries it with its idempotency key)
daemon on;
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/tmp/body;
  proxy_temp_path $DIR/nginx/tmp/proxy;
  fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
  uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
  scgi_temp_path $DIR/nginx/tmp/scgi;
  # the shared rate limit, per client address, for every instance at once (each instance's own per-token
  # limit counts only what reaches it)
  limit_req_zone \$binary_remote_addr zone=per_address:10m rate=2000r/s;
  upstream lapor {
    server 127.0.0.1:${API_PORTS[0]} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${API_PORTS[1]} max_fails=1 fail_timeout=2s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$LB_PORT;
    client_max_body_size 64m;
    location / {
      limit_req zone=per_address burst=4000 nodelay;
      limit_req_status 429;
      error_page 429 = @rate_limited;
      proxy_pass http://lapor;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 300s;
      proxy_next_upstream error timeout http_502;
    }
    location @rate_limited {
      default_type application/problem+json;
      add_header Retry-After 1 always;
      return 429 '{"type":"/problems/rate-limited","title":"Too many requests","status":429,"detail":"the balancer\\'s rate limit was exceeded; retry in 1 s"}';
    }
  }
}
EOF
}

up() {
  [ -x "$PG_AUTOCTL" ] || { log "pg_autoctl is missing (apt-get install postgresql-15-auto-failover)"; exit 1; }
  [ -x "$NGINX" ] || { log "nginx is missing (apt-get install nginx)"; exit 1; }
  [ -f "$ROOT/dist/cli.bundle/main.cjs" ] || { log "build first: npm run build"; exit 1; }
  if [ -e "$DIR" ]; then log "$DIR exists: scripts/cluster.sh down first"; exit 1; fi
  mkdir -p "$DIR/xdg/config" "$DIR/xdg/data" "$DIR/xdg/run"
  chmod 755 "$DIR"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$DIR"; fi
  chmod 700 "$DIR/xdg/run"
  local common=(--hostname 127.0.0.1 --auth trust --no-ssl --pgctl "$PGBIN/pg_ctl")

  log "monitor on port $MON_PORT"
  as_postgres mkdir -p "$DIR/pg"
  as_postgres "$PG_AUTOCTL" create monitor --pgdata "$DIR/pg/monitor" --pgport "$MON_PORT" "${common[@]}" >"$DIR/create-monitor.log" 2>&1
  # notice a dead primary in seconds, not the default ~50 s (health checks every second, unhealthy after 3 s)
  as_postgres sh -c "cat >> '$DIR/pg/monitor/postgresql.auto.conf'" <<EOF
pgautofailover.health_check_period = 1000
pgautofailover.health_check_timeout = 1000
pgautofailover.health_check_max_retries = 1
pgautofailover.health_check_retry_delay = 500
pgautofailover.node_considered_unhealthy_timeout = 3000
pgautofailover.primary_demote_timeout = 5000
EOF
  start_bg monitor "${AS_POSTGRES[@]}" "$PG_AUTOCTL" run --pgdata "$DIR/pg/monitor"
  wait_for monitor 60 "$PGBIN/pg_isready" -h 127.0.0.1 -p "$MON_PORT"
  local monitor_uri="postgres://autoctl_node@127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=prefer"

  local n port
  for n in 1 2; do
    port=$((BASE + n))
    log "node$n on port $port"
    as_postgres "$PG_AUTOCTL" create postgres --pgdata "$DIR/pg/node$n" --pgport "$port" --name "node$n" --dbname "$DB" \
      --listen 127.0.0.1 --monitor "$monitor_uri" "${common[@]}" >"$DIR/create-node$n.log" 2>&1
    start_bg "node$n" "${AS_POSTGRES[@]}" "$PG_AUTOCTL" run --pgdata "$DIR/pg/node$n"
    if [ "$n" = 1 ]; then wait_for "node1 as primary" 90 is_state node1 single; else wait_for "node2 as standby" 120 is_state node2 secondary; fi
  done

  write_env
  log "API instances on ports ${API_PORTS[*]}"
  start_api 0
  start_api 1
  log "nginx on port $LB_PORT"
  nginx_conf
  "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log"
  wait_for nginx 30 healthy "http://127.0.0.1:$LB_PORT"
  echo "http://127.0.0.1:$LB_PORT"
  log "admin token: $DIR/api1/admin-token; addresses: $DIR/cluster.env"
}

stop_group() { # name: TERM its process group, KILL what is left after 10 s
  local f="$DIR/$1.pgid" g
  [ -f "$f" ] || return 0
  g=$(cat "$f")
  kill -TERM -- "-$g" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- "-$g" 2>/dev/null || true
}

down() {
  [ -d "$DIR" ] || return 0
  if [ -f "$DIR/nginx/nginx.pid" ]; then
    # fast shutdown, and wait for it: the next `up` binds the same port
    local ng
    ng=$(cat "$DIR/nginx/nginx.pid")
    kill -TERM "$ng" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$ng" 2>/dev/null || break; sleep 0.1; done
  fi
  stop_group api1
  stop_group api2
  stop_group node2
  stop_group node1
  stop_group monitor
  # a postgres left by a keeper that was killed (the tests SIGKILL them): stop it by its data dir
  local d
  for d in "$DIR"/pg/*; do
    [ -f "$d/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true
  done
  rm -rf "$DIR"
}

status() {
  [ -d "$DIR" ] || { log "no cluster in $DIR"; exit 1; }
  as_postgres "$PG_AUTOCTL" show state --pgdata "$DIR/pg/monitor" || true
  local url
  for url in "http://127.0.0.1:${API_PORTS[0]}" "http://127.0.0.1:${API_PORTS[1]}" "http://127.0.0.1:$LB_PORT"; do
    if healthy "$url"; then echo "$url ok"; else echo "$url down"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) cat "$DIR/cluster.env" ;;
  *)
    echo "usage: scripts/cluster.sh up|down|status|env" >&2
    exit 2
    ;;
esac
