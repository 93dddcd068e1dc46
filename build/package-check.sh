#!/usr/bin/env bash
# The packaged-consumer check: packs every library under src/ into artifacts/packages, then builds and runs
# tests/PackageCheck (outside Streams.sln), which restores Streams only from those .nupkg files (its own NuGet.Config,
# a fresh package folder so no cached copy of the same version can stand in) and runs a RocksDB topology through the
# TopologyTestDriver and against the embedded broker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/build/setup.sh"
cd "$root"
# A fresh restore every time: the packages keep one version, so no earlier restore of it may stand in.
rm -rf artifacts/packages artifacts/package-check tests/PackageCheck/bin tests/PackageCheck/obj
for project in src/*/*.csproj; do
  dotnet pack "$project" -c Release -o artifacts/packages --nologo -v quiet
done
ls artifacts/packages
dotnet run -c Release --project tests/PackageCheck
