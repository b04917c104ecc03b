#!/usr/bin/env bash
# Stops the brokers start.sh started (SIGTERM, then SIGKILL after 30 s). --purge also deletes their data.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${COUNTERSIGN_CLUSTER_DIR:-$root/.countersign/local-cluster}"

pids=()
for pid_file in "$dir"/node-*.pid; do
  [ -f "$pid_file" ] || continue
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" && pids+=("$pid")
  fi
  rm -f "$pid_file"
done
deadline=$(( $(date +%s) + 30 ))
for pid in "${pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "local-cluster: broker pid $pid did not stop in 30 s; SIGKILL" >&2
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
  done
done
echo "local-cluster: stopped ${#pids[@]} broker(s)"
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$dir"
  echo "local-cluster: deleted $dir"
fi
