#!/usr/bin/env bash
# The whole test suite: unit, test-driver, RocksDB and embedded-broker integration tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/build/setup.sh"
cd "$root"
exec dotnet test Streams.sln -c Release "$@"
