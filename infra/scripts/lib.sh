# Shell helpers of `npm start` and `npm test` (sourced): install what is missing, start local servers.

step() { printf '\n== %s\n' "$*"; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
wait_for() {
  for _ in $(seq 1 100); do answers "$1" && return 0; sleep 0.2; done
  echo "Nothing answers on 127.0.0.1:$1 after starting $2" >&2
  return 1
}

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# Redis on 127.0.0.1:6379, installed from Debian when missing. With a directory it keeps its data
# there (append-only file, so queued mail survives a restart); without one, nothing on disk.
ensure_local_redis() {
  answers 6379 && return 0
  step "Starting Redis"
  command -v redis-server >/dev/null || apt_install redis-server
  local keep=(--save "" --appendonly no --dir /tmp --logfile /tmp/switchboard-redis.log)
  if [ -n "${1:-}" ]; then
    mkdir -p "$1"
    keep=(--save "" --appendonly yes --dir "$1" --logfile "$1/redis.log")
  fi
  answers 6379 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 "${keep[@]}"
  wait_for 6379 Redis
  printf 'Redis is on 127.0.0.1:6379%s\n' "${1:+, data in $1}"
}
