#!/usr/bin/env bash
# Soak: runs examples/FlightDelays.Worker idle, then under query load, and reports its peak resident memory
# (docs/reliability.md, "Hardening"). Extra arguments go to `streams-chaos soak` (--idle-s, --load-s, --max-rss-mb, ...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/build/setup.sh"
cd "$root"
dotnet build -c Release examples/FlightDelays.Worker >/dev/null
dotnet build -c Release tests/Streams.Chaos >/dev/null
exec dotnet tests/Streams.Chaos/bin/Release/net10.0/streams-chaos.dll soak "$@"
