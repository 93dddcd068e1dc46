#!/usr/bin/env bash
# Idempotent machine setup for Streams: native libraries from Debian and the librdkafka.redist
# placeholder that lets Confluent.Kafka restore while the native library comes from the OS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need=()
[ -e /usr/lib/x86_64-linux-gnu/librdkafka.so ] || need+=(librdkafka1 librdkafka-dev)
command -v zip >/dev/null 2>&1 || need+=(zip)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} from Debian" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Placeholder librdkafka.redist 1.9.2: metadata only, no files. Confluent.Kafka 1.9.3 depends on it;
# the native library itself is the system librdkafka (Debian's librdkafka1 + librdkafka-dev).
feed="$root/.nuget-local"
pkg="$feed/librdkafka.redist.1.9.2.nupkg"
if [ ! -f "$pkg" ]; then
  mkdir -p "$feed"
  tmp="$(mktemp -d)"
  cat > "$tmp/librdkafka.redist.nuspec" <<'NUSPEC'
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>librdkafka.redist</id>
    <version>1.9.2</version>
    <authors>Streams build</authors>
    <description>Placeholder: Streams uses the system librdkafka (Debian librdkafka1/librdkafka-dev).</description>
  </metadata>
</package>
NUSPEC
  (cd "$tmp" && zip -q -X "$pkg" librdkafka.redist.nuspec)
  rm -rf "$tmp"
  # a cached copy from another machine state must not shadow the placeholder
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/librdkafka.redist/1.9.2"
fi
