#!/usr/bin/env bash
# Idempotent machine setup for Streams. Nothing is installed from Debian any more: librdkafka comes from NuGet
# (librdkafka.redist, beside Confluent.Kafka) and RocksDB from the RocksDB NuGet package; restore brings both.
# What remains is a check that the .NET SDK global.json asks for is there, with a clear message if it is not.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK is not on PATH; install the .NET 10 SDK (see global.json)" >&2
  exit 1
fi
if ! (cd "$root" && dotnet --version >/dev/null 2>&1); then
  echo "setup: no .NET SDK matching $root/global.json is installed:" >&2
  (cd "$root" && dotnet --version) >&2 || true
  exit 1
fi
