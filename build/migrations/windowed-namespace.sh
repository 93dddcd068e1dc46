#!/usr/bin/env bash
# Migration of issue 17 (layers that only point down): the window vocabulary moved down to the state layer.
#
#   Streams.Dsl.Window, Streams.Dsl.Windowed<K>       -> Streams.State.Window, Streams.State.Windowed<K>
#   Serdes.TimeWindowed(...), Serdes.SessionWindowed(...) -> WindowedSerdes.TimeWindowed(...), WindowedSerdes.SessionWindowed(...)
#                                                        (Streams.State.WindowedSerdes, as Kafka Streams' WindowedSerdes)
#   (internal) Streams.Dsl.Internal.Change<V>, IWindowedKey -> Streams.State.Internal
#
# Step 1 renames the serde factories textually in C# and Markdown (word-bounded, so WindowedSerdes.* is left alone).
# Step 2 lets the compiler find the files that now miss a using: it builds with warnings not as errors, reads the
# CS0246/CS0103 errors naming Window, Windowed, WindowedSerdes (-> using Streams.State;) or Change, IWindowedKey
# (-> using Streams.State.Internal;), adds the using at the top of each reported file, and builds again until none is
# left. Idempotent: a migrated tree has nothing to rename and builds clean, so the script changes nothing.
#
# Usage: build/migrations/windowed-namespace.sh [solution]   (default Streams.sln at the repository root)
# Needs: dotnet, python3, git. Re-run it after merging branches written against the old namespaces.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sln="${1:-$root/Streams.sln}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

cd "$root"
git ls-files '*.cs' '*.md' | python3 -c '
import re, sys
pattern = re.compile(r"(?<![A-Za-z.])Serdes\.(TimeWindowed|SessionWindowed)\b")
for path in sys.stdin.read().split():
    text = open(path, encoding="utf-8").read()
    new = pattern.sub(r"WindowedSerdes.\1", text)
    if new != text:
        open(path, "w", encoding="utf-8").write(new)
        print("windowed-namespace: renamed serde factories in " + path, file=sys.stderr)
'

for pass in 1 2 3 4 5 6; do
    echo "windowed-namespace: pass $pass: building $sln..." >&2
    nice -n 10 dotnet build "$sln" -c Release -nologo -clp:NoSummary \
        -p:TreatWarningsAsErrors=false -p:CodeAnalysisTreatWarningsAsErrors=false >"$log" 2>&1 || true
    changed="$(python3 - "$log" "$root" <<'PY'
import re, sys, collections
log, root = sys.argv[1], sys.argv[2]
diag = re.compile(r"^\s*(?P<file>/.+?\.cs)\(\d+,\d+\): error (?:CS0246|CS0103): The (?:type or namespace )?name '(?P<name>\w+)(?:<[^>]*>)?' ")
wanted = {"Window": "Streams.State", "Windowed": "Streams.State", "WindowedSerdes": "Streams.State",
          "Change": "Streams.State.Internal", "IWindowedKey": "Streams.State.Internal"}
edits = collections.defaultdict(set)
for line in open(log, encoding="utf-8", errors="replace"):
    m = diag.match(line)
    if m and m["file"].startswith(root + "/") and m["name"] in wanted:
        edits[m["file"]].add(wanted[m["name"]])
for path, namespaces in edits.items():
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    adds = [f"using {ns};" for ns in sorted(namespaces) if f"using {ns};" not in lines]
    if not adds:
        continue
    # After the last top-level using, else at the top.
    last = max([i for i, l in enumerate(lines) if l.startswith("using ") and l.endswith(";")], default=-1)
    lines[last + 1:last + 1] = adds
    open(path, "w", encoding="utf-8").write("\n".join(lines))
    print(path)
PY
)"
    if [ -z "$changed" ]; then
        echo "windowed-namespace: nothing left to change." >&2
        break
    fi
    echo "$changed" | sed 's/^/windowed-namespace: added using to /' >&2
done

grep -E "error CS" "$log" | sort -u | head -20 >&2 || true
