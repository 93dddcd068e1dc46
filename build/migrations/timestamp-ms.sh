#!/usr/bin/env bash
# Migration of issue 16, leftover 1: record timestamps named with their unit.
#
#   Record/FixedKeyRecord/ValueAndTimestamp/ErrorHandlerContext/DeadLetterQueueRecord/ProductionRecord/StoreChange
#     .Timestamp            -> .TimestampMs          (same long, epoch milliseconds)
#     .WithTimestamp(long)  -> .WithTimestampMs(long)
#     named arguments       Timestamp: -> TimestampMs:, timestamp: -> timestampMs:
#
# The old members still compile, as [Obsolete] forwarders; with warnings as errors every use breaks the build. This script
# lets the compiler find the uses, so it renames exactly the members of those types and nothing else that is called
# Timestamp (Confluent's Message.Timestamp, TestRecord.Timestamp, internal types): it builds the solution with warnings
# not as errors, reads the CS0618 warnings whose message is TimestampObsolete's ("Use TimestampMs ...",
# "Use WithTimestampMs ...") and the CS1739 errors of renamed parameters, rewrites the identifier at each reported line and
# column, and builds again until nothing is left. Idempotent: a migrated tree builds with no such diagnostic, and the
# script then changes nothing. Uses pinned with #pragma warning disable CS0618 (tests of the forwarders) are left alone.
#
# Markdown (README.md, docs/) is not built: the script lists the lines there that may use the old names, for a person to
# judge (TestRecord.Timestamp is a DateTimeOffset and stays); tests/Streams.Docs.Tests fails on any that is left.
#
# Usage: build/migrations/timestamp-ms.sh [solution]   (from anywhere; default Streams.sln at the repository root)
# Needs: dotnet, python3. Re-run it after merging branches written against the old names.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sln="${1:-$root/Streams.sln}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

for pass in 1 2 3 4 5 6; do
    echo "timestamp-ms: pass $pass: building $sln (warnings not as errors)..." >&2
    # The first pass rebuilds everything (an up-to-date project would not report its warnings again); later passes
    # recompile what the previous one edited and what depends on it.
    incremental=()
    if [ "$pass" = 1 ]; then incremental=(--no-incremental); fi
    nice -n 10 dotnet build "$sln" -c Release "${incremental[@]}" -nologo -clp:NoSummary \
        -p:TreatWarningsAsErrors=false -p:CodeAnalysisTreatWarningsAsErrors=false >"$log" 2>&1 || true
    changed="$(python3 - "$log" "$root" <<'EOF'
import re, sys, collections

log, root = sys.argv[1], sys.argv[2]
diag = re.compile(r"^\s*(?P<file>/.+?\.cs)\((?P<line>\d+),(?P<col>\d+)\): (?:warning|error) (?P<code>CS\d+): (?P<msg>.*?)(?: \[[^\]]*\])?$")
# The methods and constructors whose long timestamp parameter was renamed.
renamed_params = {"Record", "Tombstone", "ErrorHandlerContext", "DeadLetterQueueRecord", "ProductionRecord",
                  "StoreChange", "ValueAndTimestamp", "WithTimestampMs"}
edits = collections.defaultdict(set)  # file -> {(line, col, old, new)}
for text in open(log, encoding="utf-8", errors="replace"):
    m = diag.match(text.rstrip("\n"))
    if not m or not m["file"].startswith(root + "/"):
        continue
    code, msg = m["code"], m["msg"]
    pos = (int(m["line"]), int(m["col"]))
    if code == "CS0618" and "is obsolete: 'Use TimestampMs" in msg:
        edits[m["file"]].add(pos + ("Timestamp", "TimestampMs"))
    elif code == "CS0618" and "is obsolete: 'Use WithTimestampMs" in msg:
        edits[m["file"]].add(pos + ("WithTimestamp", "WithTimestampMs"))
    elif code == "CS1739":
        p = re.search(r"The best overload for '(\w+)' does not have a parameter named '(Timestamp|timestamp)'", msg)
        if p and p[1] in renamed_params:
            edits[m["file"]].add(pos + (p[2], p[2] + "Ms"))

count = 0
for path, items in sorted(edits.items()):
    lines = open(path, encoding="utf-8").read().split("\n")
    # Right to left, so that a rename does not move the columns of the others on its line.
    for line, col, old, new in sorted(items, reverse=True):
        text = lines[line - 1]
        ident = re.compile(r"(?<![\w@])" + old + r"(?!\w)")
        hit = ident.match(text, col - 1) or ident.search(text, col - 1)
        if hit is None:
            print(f"timestamp-ms: {path}:{line}:{col}: no '{old}' at or after the reported column; left as is", file=sys.stderr)
            continue
        lines[line - 1] = text[:hit.start()] + new + text[hit.end():]
        print(f"timestamp-ms: {path[len(root) + 1:]}:{line}: {old} -> {new}", file=sys.stderr)
        count += 1
    open(path, "w", encoding="utf-8").write("\n".join(lines))
print(count)
EOF
)"
    if [ "$changed" = "0" ]; then
        break
    fi
done

if grep -qE "error (CS|MSB|NU)" "$log"; then
    echo "timestamp-ms: the last build has errors the script does not handle:" >&2
    grep -E "error (CS|MSB|NU)" "$log" | sort -u | head -40 >&2
fi

echo "timestamp-ms: Markdown lines that may use the old names (TestRecord.Timestamp is a DateTimeOffset and stays):" >&2
grep -rnE "\.Timestamp\b|\.WithTimestamp\(|[(,] *[Tt]imestamp: " "$root/README.md" "$root/docs" --include=*.md >&2 || true
