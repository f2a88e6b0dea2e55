#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Put a bench.sh run into the documentation: replaces the section of
# doc/benchmarks.md marked for the run's wire with the run's summary.md
# (headings two levels down, plot links to doc/img/) and copies the plots it
# links to doc/img/bench-WIRE-*.png (the previous ones of that wire go). A
# --shaped-only run has its own section and plots, WIRE shaped-WIRE.
#
#   tests/flent/publish.sh [--force] [--doc FILE] RUN_DIR
#
# The section sits between the lines
#   <!-- bench.sh wire=WIRE: begin ... -->  and  <!-- bench.sh wire=WIRE: end -->
# and is appended to the end of the page when it is not there yet. A run
# whose summary says it was disturbed (the forwarding lcore did not get its
# CPU) is refused unless --force. Changes files only; commits nothing.

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
force=0
doc=$top/doc/benchmarks.md
while [ $# -gt 0 ]; do
	case $1 in
	--force) force=1 ;;
	--doc) doc=${2:?--doc FILE}; shift ;;
	-h|--help) sed -n '5,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "publish: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
run=${1:?usage: publish.sh [--force] [--doc FILE] RUN_DIR}
[ -s "$run/summary.md" ] || { echo "publish: no $run/summary.md" >&2; exit 1; }
[ -f "$doc" ] || { echo "publish: no $doc" >&2; exit 1; }
if [ $force = 0 ] && grep -q '^\*\*Disturbed:\*\*' "$run/summary.md"; then
	echo "publish: $run was disturbed (see its summary.md); re-run on an idle machine" \
		"or publish with --force" >&2
	exit 1
fi

python3 - "$run" "$doc" <<'PY'
import os, re, shutil, sys

run, doc = sys.argv[1], sys.argv[2]
meta = {}
for line in open(os.path.join(run, "meta.tsv")):
    k, _, v = line.rstrip("\n").partition("\t")
    meta[k] = v
wire = meta.get("wire", "af_xdp")
# a --shaped-only run has a section (and plots) of its own
if meta.get("shaped_only") == "1":
    wire = "shaped-" + wire
imgdir = os.path.join(os.path.dirname(doc), "img")
prefix = "bench-%s-" % wire


def img_name(plot):
    """A shaped run's plots are shaped-*.png: the prefix says it already."""
    if wire.startswith("shaped-") and plot.startswith("shaped-"):
        return plot[len("shaped-"):]
    return plot


body = []
plots = []
for line in open(os.path.join(run, "summary.md")):
    line = line.rstrip("\n")
    if line.startswith("#"):
        line = "##" + line
    if line.startswith("Data: "):
        line = ("The run's data (flent files, every figure of every repetition, logs) "
                "stays with whoever ran it; the command above makes a new one.")
    def link(m):
        plots.append(m.group(1))
        return "](img/%s%s)" % (prefix, img_name(m.group(1)))
    body.append(re.sub(r"\]\(plots/([^)]+\.png)\)", link, line))

begin = "<!-- bench.sh wire=%s: begin (tests/flent/publish.sh replaces this section) -->" % wire
end = "<!-- bench.sh wire=%s: end -->" % wire
text = open(doc).read()
section = begin + "\n\n" + "\n".join(body).strip() + "\n\n" + end
pat = re.compile(r"<!-- bench\.sh wire=%s: begin[^\n]*-->.*?<!-- bench\.sh wire=%s: end -->"
                 % (re.escape(wire), re.escape(wire)), re.S)
if pat.search(text):
    text = pat.sub(lambda m: section, text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"

os.makedirs(imgdir, exist_ok=True)
for f in os.listdir(imgdir):
    if f.startswith(prefix) and f.endswith(".png"):
        os.remove(os.path.join(imgdir, f))
for p in plots:
    shutil.copyfile(os.path.join(run, "plots", p), os.path.join(imgdir, prefix + img_name(p)))
with open(doc, "w") as f:
    f.write(text)
print("publish: %s: section wire=%s refreshed, %d plots in %s"
      % (doc, wire, len(plots), imgdir))
PY
