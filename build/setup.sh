#!/usr/bin/env bash
# Idempotent machine setup for Streams: native libraries from Debian. librdkafka is not one of them:
# it comes from NuGet (librdkafka.redist, beside Confluent.Kafka).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need=()
[ -e /usr/lib/x86_64-linux-gnu/librocksdb.so ] || need+=(librocksdb-dev)
command -v db_bench >/dev/null 2>&1 || need+=(rocksdb-tools)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} from Debian" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
