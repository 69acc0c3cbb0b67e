#!/bin/sh
# lib/'s groups and their order (doc/architecture.md), checked against what
# the object files of this build really call: a group calls only the
# groups its row names, no two files of lib/ call each other (directly or
# round a longer loop), every header is included by its group-qualified
# name, and every file begins by saying what it holds.
. "$(dirname "$0")/lib.sh"

command -v nm >/dev/null || skip_all "nm (binutils) needed"
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
OBJ=$(cd "$A2_BIN/../obj" 2>/dev/null && pwd) || skip_all "no object files beside $A2_BIN"

"$PY" - "$A2_TOP" "$OBJ" >"$T/report" <<'PYEOF'
import glob, os, re, subprocess, sys
top, obj = sys.argv[1], sys.argv[2]
lib = os.path.join(top, "lib")

# the table of doc/architecture.md: | group | what | may use |
allowed = {}
for line in open(os.path.join(top, "doc/architecture.md")):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 3 and re.fullmatch(r"[a-z]+", cells[0]) and cells[0] != "group":
        allowed[cells[0]] = set() if cells[2] == "-" else {c.strip() for c in cells[2].split(",")}
print("groups %s" % " ".join(sorted(allowed)))
groups = sorted(d for d in os.listdir(lib) if os.path.isdir(os.path.join(lib, d)))
print("folders %s" % " ".join(groups))
stray = sorted(f for f in os.listdir(lib) if not os.path.isdir(os.path.join(lib, f)))
print("loose files in lib/: %s" % (" ".join(stray) or "none"))

# which module (group/name of a .c) defines each symbol, and what it calls
defs, uses = {}, {}
for o in sorted(glob.glob(os.path.join(obj, "*", "*.o"))):
    mod = os.path.relpath(o, obj)[:-2]
    if not os.path.exists(os.path.join(lib, mod + ".c")):
        continue  # an object of a file that moved or went
    out = subprocess.run(["nm", "-P", o], capture_output=True, text=True, check=True).stdout
    uses[mod] = set()
    for l in out.splitlines():
        f = l.split()
        if len(f) >= 2 and f[1] in "TDBR":
            defs[f[0]] = mod
        elif len(f) >= 2 and f[1] == "U":
            uses[mod].add(f[0])
srcs = sorted(os.path.relpath(p, lib)[:-2] for p in glob.glob(os.path.join(lib, "*", "*.c")))
print("objects %d of %d sources" % (len(uses), len(srcs)))
calls = {m: {defs[s] for s in u if s in defs and defs[s] != m} for m, u in uses.items()}

bad = []
for m, cs in sorted(calls.items()):
    g = m.split("/")[0]
    for c in sorted(cs):
        h = c.split("/")[0]
        if h != g and h not in allowed.get(g, set()):
            bad.append("%s calls %s" % (m, c))
print("calls against the table: %s" % ("; ".join(bad) or "none"))

# loops: a depth-first search over the call graph of modules
loops, state = [], {}
def visit(m, path):
    state[m] = 1
    for c in sorted(calls.get(m, ())):
        if state.get(c) == 1:
            loops.append(" -> ".join(path[path.index(c):] + [c]))
        elif c not in state:
            visit(c, path + [c])
    state[m] = 2
for m in sorted(calls):
    if m not in state:
        visit(m, [m])
print("loops: %s" % ("; ".join(loops) or "none"))

# includes: "group/name.h" that exists, never a bare "name.h" of lib/
hdrs = {os.path.basename(p) for p in glob.glob(os.path.join(lib, "*", "*.h"))}
bare, missing = [], []
for p in sorted(glob.glob(os.path.join(lib, "*", "*.[ch]")) + glob.glob(os.path.join(top, "tools", "*.c")) +
                glob.glob(os.path.join(top, "tests", "fuzz", "*.c"))):
    for inc in re.findall(r'#include "([^"]+)"', open(p).read()):
        if "/" not in inc and inc in hdrs:
            bare.append("%s: %s" % (os.path.relpath(p, top), inc))
        elif "/" in inc and not os.path.exists(os.path.join(lib, inc)):
            missing.append("%s: %s" % (os.path.relpath(p, top), inc))
print("bare includes: %s" % ("; ".join(bare) or "none"))
print("missing includes: %s" % ("; ".join(missing) or "none"))

# the first comment says what the file holds, naming the file
nohead = [os.path.relpath(p, lib) for p in sorted(glob.glob(os.path.join(lib, "*", "*.[ch]")))
          if not re.match(r"/\*\n \* %s: \S" % re.escape(os.path.basename(p)), open(p).read())]
print("files without their opening comment: %s" % (" ".join(nohead) or "none"))
PYEOF
is "$?" 0 "the checker ran"
line() { sed -n "s/^$1 //p" "$T/report"; }
is "$(line groups)" "$(line folders)" "doc/architecture.md names exactly lib/'s folders"
is "$(sed -n 's/^loose files in lib\/: //p' "$T/report")" none "every file of lib/ is in a group"
n=$(line objects)
ok "[ '${n%% of*}' = '$(echo ${n##*of } | cut -d' ' -f1)' ]" "every source has its object in this build ($n)"
is "$(sed -n 's/^calls against the table: //p' "$T/report")" none "every call between groups is one the table allows"
is "$(line loops:)" none "no two files of lib/ call each other, directly or round a loop"
is "$(line 'bare includes:')" none "every header is included by its group-qualified name"
is "$(line 'missing includes:')" none "and every such header exists"
is "$(sed -n 's/^files without their opening comment: //p' "$T/report")" none \
	"every file opens with a comment naming it and saying what it holds"

# the checker is not blind: a call against the table is seen
mkdir -p "$T/fake/lib/core" "$T/fake/lib/sar" "$T/fake/obj/core" "$T/fake/obj/sar" "$T/fake/doc"
printf '| group | what | may use |\n| --- | --- | --- |\n| core | c | - |\n| sar | s | core |\n' >"$T/fake/doc/architecture.md"
printf '/*\n * a.c: a\n */\nint sar_f(void);\nint core_f(void) { return sar_f(); }\n' >"$T/fake/lib/core/a.c"
printf '/*\n * b.c: b\n */\nint core_f(void);\nint sar_f(void) { return 1; }\nint sar_g(void) { return core_f(); }\n' >"$T/fake/lib/sar/b.c"
cc -c -o "$T/fake/obj/core/a.o" "$T/fake/lib/core/a.c" && cc -c -o "$T/fake/obj/sar/b.o" "$T/fake/lib/sar/b.c"
sed -n '/^"\$PY" - /,/^PYEOF$/p' "$0" | sed '1d;$d' >"$T/check.py"
"$PY" "$T/check.py" "$T/fake" "$T/fake/obj" >"$T/fake.report"
is "$(sed -n 's/^calls against the table: //p' "$T/fake.report")" "core/a calls sar/b" "a call from core to sar is reported"
is "$(sed -n 's/^loops: //p' "$T/fake.report")" "core/a -> sar/b -> core/a" "and so is the loop it closes"
done_testing
