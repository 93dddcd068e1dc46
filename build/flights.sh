#!/usr/bin/env bash
# The main job: the flight-delay pipeline on the embedded broker over the shipped week of real data.
# Extra arguments go to the job (e.g. --input ../shared/data/flights-3m.csv.gz, --bootstrap-servers host:9092).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/build/setup.sh"
cd "$root"
has_results=false
for a in "$@"; do [ "$a" = "--results" ] && has_results=true; done
extra=()
$has_results || extra=(--results "$root/artifacts/flight-delays-results.jsonl")
mkdir -p "$root/artifacts"
# Say what the first, silent part is: a first build (restore and compile) takes a minute on a small machine.
echo "Building examples/FlightDelays (Release)..."
started=$SECONDS
dotnet build -c Release examples/FlightDelays -nologo -v quiet -clp:NoSummary
echo "Built in $((SECONDS - started)) s; starting the job."
exec dotnet run -c Release --no-build --project examples/FlightDelays -- "${extra[@]}" "$@"
