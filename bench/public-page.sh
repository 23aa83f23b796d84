#!/usr/bin/env bash
# Throughput of a public page: Zusterstad serving the demo overview, against nginx
# serving a saved copy of the same page as a static file, side by side on this
# machine. Each server is pinned to core 0, the load generator (wrk) to core 1.
# Prints requests/s, p50/p99 latency, server CPU time per request (from /proc, the
# sturdier figure on 2 cores) and peak resident memory, with the ratios.
#
# Usage: bash bench/public-page.sh [seconds per run, default 10]
# Needs: nginx and wrk (apt-get install nginx wrk); builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/zusterstad-target}"
for tool in nginx wrk taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx wrk util-linux"; exit 1; }
done
cargo build --release --quiet --bin zusterstad
bin="$CARGO_TARGET_DIR/release/zusterstad"
work=$(mktemp -d)
zt_port=18090
nginx_port=18091
page="/en/gent-kanazawa/"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

RUST_LOG=warn taskset -c 0 "$bin" serve --demo --data-dir "$work/data" --bind "127.0.0.1:$zt_port" --tile-url "" >"$work/zt.log" 2>&1 &
zt_pid=$!
pids+=("$zt_pid")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$zt_port/healthz" >/dev/null && break; sleep 0.1; done

# nginx serves the very bytes Zusterstad sends for the page.
mkdir -p "$work/www/en/gent-kanazawa" "$work/nginx/logs"
curl -sf "http://127.0.0.1:$zt_port$page" >"$work/www/en/gent-kanazawa/index.html"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; index index.html; }
}
CONF
taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$nginx_port$page" >/dev/null && break; sleep 0.1; done

# CPU ticks (user + system) of a process and its children threads/workers.
ticks() {
  local total=0
  for p in "$@" $(pgrep -P "$1" || true); do
    [ -r "/proc/$p/stat" ] || continue
    set -- $(sed 's/^.*) //' "/proc/$p/stat")
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}
peak_kb() {
  local max=0
  for p in "$@" $(pgrep -P "$1" || true); do
    local v
    v=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "${v:-0}" -gt "$max" ] && max=$v
  done
  echo "$max"
}
hz=$(getconf CLK_TCK)

measure() { # name pid url
  local name=$1 pid=$2 url=$3
  taskset -c 1 wrk -t1 -c16 -d2s "$url" >/dev/null # warm-up
  local before after out
  before=$(ticks "$pid")
  out=$(taskset -c 1 wrk -t1 -c16 -d"${duration}s" --latency "$url")
  after=$(ticks "$pid")
  local rps p50 p99 reqs
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local cpu_us
  cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$reqs" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  echo "$name $rps $p50 $p99 $cpu_us $(peak_kb "$pid")"
}

zt=$(measure zusterstad "$zt_pid" "http://127.0.0.1:$zt_port$page")
ng=$(measure nginx "$nginx_pid" "http://127.0.0.1:$nginx_port$page")
bytes=$(wc -c <"$work/www/en/gent-kanazawa/index.html")

printf '\npage %s (%s bytes uncompressed), %ss per run, wrk -t1 -c16, server on core 0, wrk on core 1\n\n' "$page" "$bytes" "$duration"
printf '%-12s %12s %10s %10s %14s %12s\n' server "requests/s" p50 p99 "CPU µs/req" "peak RSS MB"
for row in "$zt" "$ng"; do
  read -r name rps p50 p99 cpu kb <<<"$row"
  printf '%-12s %12s %10s %10s %14s %12.1f\n' "$name" "$rps" "$p50" "$p99" "$cpu" "$(awk -v k="$kb" 'BEGIN{print k/1024}')"
done
read -r _ zrps _ _ zcpu _ <<<"$zt"
read -r _ nrps _ _ ncpu _ <<<"$ng"
printf '\nratios (zusterstad / nginx): throughput %s, CPU per request %s\n' \
  "$(awk -v a="$zrps" -v b="$nrps" 'BEGIN{printf "%.2f", a/b}')" \
  "$(awk -v a="$zcpu" -v b="$ncpu" 'BEGIN{printf "%.2f", a/b}')"
printf 'goals: throughput >= 0.80, CPU per request <= 1.25, p99 < 5 ms, RSS < 40 MB\n'
