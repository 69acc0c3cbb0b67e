#!/bin/sh
# a2unpack: flat, order (nested) and real zips, re-runs, stdin records, and
# every kind of hostile zip refused with nothing left behind.
. "$(dirname "$0")/lib.sh"
plan 158

command -v python3 >/dev/null || skip_all "python3 missing"
command -v unzip >/dev/null || skip_all "unzip missing"

# --- crafted zips (python3 standard library) ---
mkdir -p "$T/z"
python3 - "$T/z" <<'EOF' || exit 1
import os, struct, sys, zipfile, zlib
d = sys.argv[1]

def mk(name, members, comp=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(d, name), "w", comp) as z:
        for m in members:
            zi = zipfile.ZipInfo(m[0], (2015, 3, 20, 8, 10, 0))
            zi.compress_type = comp
            if len(m) > 2:
                zi.external_attr = m[2] << 16
            z.writestr(zi, m[1])

ok = b"fine\n"
mk("slip.zip", [("ok.txt", ok), ("../evil.txt", b"x")])
mk("abs.zip", [("ok.txt", ok), ("/tmp/a2-evil-abs.txt", b"x")])
mk("bslash.zip", [("ok.txt", ok), ("a\\..\\..\\evil.txt", b"x")])
mk("drive.zip", [("ok.txt", ok), ("C:/evil.txt", b"x")])
mk("link.zip", [("ok.txt", ok), ("lnk", b"/etc/passwd", 0o120777)])
mk("fifo.zip", [("ok.txt", ok), ("fifo", b"", 0o010644)])
import warnings
warnings.simplefilter("ignore")
mk("dup.zip", [("a.txt", ok), ("a.txt", b"other")])
mk("dupnorm.zip", [("d/a.txt", ok), ("d\\a.txt", b"other")])
mk("filedir.zip", [("a", ok), ("a/b.txt", b"x")])
mk("ctrl.zip", [("ok\n.txt", ok)])
mk("many.zip", [("1", ok), ("2", ok), ("3", ok)])
mk("noscene.zip", [("readme.txt", ok), ("sub/", b"")])
mk("mixed.zip", [("x/IMG-HH-ALOS2000010010-140909-FBDR1.5GUA.tif", ok),
                 ("IMG-XX-ALOS2000010010-140909-FBDR1.5GUA.tif", ok),
                 ("y/z/IMG-VV-ALOS2000010010-140909-FBDR1.5GUA", ok)])

# a bomb of zeros, by ratio
mk("ratio.zip", [("zeros", b"\0" * (4 << 20))])

# a bomb whose headers lie: declares 1000 bytes, inflates to 8 MiB
mk("liar.zip", [("zeros", b"\0" * (8 << 20))])
p = os.path.join(d, "liar.zip")
b = bytearray(open(p, "rb").read())
struct.pack_into("<I", b, 22, 1000)                   # local header
c = b.find(b"PK\x01\x02")
struct.pack_into("<I", b, c + 24, 1000)               # central directory
open(p, "wb").write(b)

# CRC mismatch: flip one byte of a stored member's data
mk("crc.zip", [("ok.txt", ok), ("data.bin", bytes(range(256)) * 64)], zipfile.ZIP_STORED)
p = os.path.join(d, "crc.zip")
b = bytearray(open(p, "rb").read())
with zipfile.ZipFile(p) as z:
    zi = z.getinfo("data.bin")
off = zi.header_offset + 30 + len(zi.filename) + len(zi.extra) + 1000
b[off] ^= 0x55
open(p, "wb").write(b)

# two central entries sharing one member's data (overlap)
mk("overlap.zip", [("a", os.urandom(100000))], zipfile.ZIP_STORED)
p = os.path.join(d, "overlap.zip")
b = bytes(open(p, "rb").read())
c = b.find(b"PK\x01\x02")
e = b.find(b"PK\x05\x06")
cd = b[c:e]
cd2 = cd[:46] + b"b" + cd[47:]
eocd = bytearray(b[e:])
struct.pack_into("<HHII", eocd, 8, 2, 2, 2 * len(cd), c)
open(p, "wb").write(b[:c] + cd + cd2 + bytes(eocd))

# the same with a small shared member beside a big one, so that the sizes
# alone do not give it away: its entries' headers and data, each counted
# once, still add up to less than the file
mk("overlap2.zip", [("big", os.urandom(100000)), ("a", b"0123456789")], zipfile.ZIP_STORED)
p = os.path.join(d, "overlap2.zip")
b = bytes(open(p, "rb").read())
c = b.find(b"PK\x01\x02", b.find(b"PK\x01\x02") + 1)     # a's central entry
e = b.find(b"PK\x05\x06")
cd2 = b[c:c + 46] + b"b" + b[c + 47:e]
eocd = bytearray(b[e:])
struct.pack_into("<HHII", eocd, 8, 3, 3, e - b.find(b"PK\x01\x02") + len(cd2), b.find(b"PK\x01\x02"))
open(p, "wb").write(b[:e] + cd2 + bytes(eocd))

# a member whose compressed size reaches into the central directory, after
# one whose local header disagrees with its central entry (as JAXA's do),
# so that libzip reads the zip without checking its consistency
mk("intocd.zip", [("a", ok), ("b", bytes(range(100)))], zipfile.ZIP_STORED)
p = os.path.join(d, "intocd.zip")
b = bytearray(open(p, "rb").read())
struct.pack_into("<H", b, 10, 0)                      # a's local time
c = b.find(b"PK\x01\x02", b.find(b"PK\x01\x02") + 1)
struct.pack_into("<I", b, c + 20, 150)                # b's compressed size
open(p, "wb").write(b)

# a CP437 name with the Info-ZIP Unicode Path extra field (0x7075), as
# old Windows zippers write non-ASCII names: libzip names it in UTF-8
raw, u = b"caf\x82.txt", "caf\u00e9.txt".encode()
zi = zipfile.ZipInfo("cafX.txt", (2015, 3, 20, 12, 0, 0))
zi.extra = struct.pack("<HHBI", 0x7075, 5 + len(u), 1, zlib.crc32(raw)) + u
with zipfile.ZipFile(os.path.join(d, "unicodepath.zip"), "w") as z:
    z.writestr(zi, ok)
p = os.path.join(d, "unicodepath.zip")
b = open(p, "rb").read().replace(b"cafX.txt", raw)
open(p, "wb").write(b)

# a zip inside a zip that escapes
mk("inner.zip", [("ok.txt", ok), ("../../evil.txt", b"x")])
with zipfile.ZipFile(os.path.join(d, "nested.zip"), "w") as z:
    z.write(os.path.join(d, "inner.zip"), "inner.zip")
os.remove(os.path.join(d, "inner.zip"))

# zips nested six deep
data = None
for i in range(6, 0, -1):
    p = os.path.join(d, "deep%d.zip" % i)
    with zipfile.ZipFile(p, "w") as z:
        if data is None:
            z.writestr("leaf.txt", ok)
        else:
            z.writestr("deep%d.zip" % (i + 1), data)
    data = open(p, "rb").read()
    if i > 1:
        os.remove(p)
EOF
printf 'not a zip\n' >"$T/z/text.zip"
head -c 20000 "$REAL_ZIP" >"$T/z/trunc.zip"
printf 'secret data\n' >"$T/z/s.txt"
(cd "$T/z" && zip -q -P pw enc.zip s.txt)

# Runs a2unpack on a hostile zip: exit 1, a message naming the zip and
# WHAT, and nothing left in the output dir or beside it.
refused() {
	_z=$1; _what=$2; shift 2
	rm -rf "$T/m"; mkdir -p "$T/m/out"
	exits 1 "$_z: exit 1" -- a2unpack "$@" -d "$T/m/out" "$T/z/$_z"
	is "$(err)" "a2unpack: $T/z/$_z: $_what" "$_z: message"
	is "$(out)" "" "$_z: no output line"
	is "$(cd "$T/m" && find . | sort | tr '\n' ' ')" ". ./out " "$_z: nothing left behind"
}

refused slip.zip "../evil.txt: member name leaves the extraction directory"
refused abs.zip "/tmp/a2-evil-abs.txt: absolute member name"
ok '[ ! -e /tmp/a2-evil-abs.txt ]' "abs.zip: nothing written at the absolute path"
refused bslash.zip 'a\..\..\evil.txt: member name leaves the extraction directory'
refused drive.zip "C:/evil.txt: member name with a drive letter"
refused link.zip "lnk: symbolic link member refused"
refused fifo.zip "fifo: not a regular file or directory"
refused dup.zip "duplicate member names"
refused dupnorm.zip "d/a.txt: duplicate member"
refused filedir.zip "a: file and directory of the same path"
refused ctrl.zip "ok?.txt: member name with control characters"
refused many.zip "more than 2 members (--max-files)" --max-files 2
refused ratio.zip "zeros: compression ratio above 50 (--max-ratio)" --max-ratio 50
refused liar.zip "zeros: inflates to more than its declared 1000 bytes"
refused crc.zip "data.bin: CRC error"
exits 0 "CP437 name with a Unicode Path field: extracted" -- a2unpack -d "$T/up" "$T/z/unicodepath.zip"
is "$(cat "$T/up/unicodepath/café.txt")" fine "its UTF-8 name and its bytes"
refused overlap.zip "b: overlaps member a"
refused overlap2.zip "b: overlaps member a"
refused intocd.zip "b: overlaps the central directory"
refused nested.zip "inner.zip: ../../evil.txt: member name leaves the extraction directory"
refused deep1.zip "deep2.zip: deep3.zip: deep4.zip: deep5.zip: deep6.zip: zips nested more than 4 deep"
refused text.zip "not a valid zip: Not a zip archive"
refused trunc.zip "not a valid zip: Not a zip archive"
refused enc.zip "s.txt: encrypted member refused"
refused ratio.zip "declared sizes exceed 1048576 bytes (--max-size)" --max-size 1M

# the caps are options: the same bomb passes when allowed
rm -rf "$T/m"
exits 0 "ratio.zip passes with --max-ratio 2000" -- a2unpack --max-ratio 2000 -d "$T/m" "$T/z/ratio.zip"
is "$(wc -c <"$T/m/ratio/zeros" | tr -d ' ')" 4194304 "ratio.zip: 4 MiB of zeros"

# --- a zip without scenes, and scene dirs not from a zip of their own ---
rm -rf "$T/m"
exits 0 "noscene.zip: exit 0" -- a2unpack -d "$T/m" "$T/z/noscene.zip"
is "$(out)" "" "noscene.zip: no line"
is "$(err)" "a2unpack: $T/z/noscene.zip: no ALOS-2 scene directory found" "noscene.zip: warning"
ok '[ -d "$T/m/noscene/sub" ] && [ -f "$T/m/noscene/readme.txt" ]' "noscene.zip: extracted"
exits 0 "mixed.zip: exit 0" -- a2unpack -d "$T/m" "$T/z/mixed.zip"
is "$(out)" "{\"unpack\":{\"dir\":\"$T/m/mixed/x\",\"archive\":null,\"source\":\"$T/z/mixed.zip\"}}
{\"unpack\":{\"dir\":\"$T/m/mixed/y/z\",\"archive\":null,\"source\":\"$T/z/mixed.zip\"}}" \
	"mixed.zip: two scene dirs, archive null"

# --- the real JAXA zip (flat) ---
R=$(cd "$(dirname "$REAL_ZIP")" && pwd)/$(basename "$REAL_ZIP")
RN=0000022708_001001_ALOS2015976960-140909
mkdir -p "$T/w"
exits 0 "real zip: exit 0" -- a2unpack -j 2 -d "$T/w" "$R"
is "$(out)" "{\"unpack\":{\"dir\":\"$T/w/$RN\",\"archive\":\"$R\",\"source\":\"$R\"}}" "real zip: line"
mkdir -p "$T/ref/$RN" && (cd "$T/ref/$RN" && unzip -q "$R")
ok 'diff -r "$T/ref/$RN" "$T/w/$RN"' "real zip: bytes equal unzip's"
ok '[ -z "$(find "$T/w" -name ".*")" ]' "real zip: no temp dir left"
is "$(stat -c %Y "$T/w/$RN/summary.txt")" "$(stat -c %Y "$T/ref/$RN/summary.txt")" "real zip: mtime kept"

# --- a2synth order zip with two items (nested) ---
a2synth --package order --items 2 -o "$T/s" >/dev/null || exit 1
O=$T/s/0000012345.zip
I1=0000012345_001001_ALOS2015976960-140909
I2=0000012345_001002_ALOS2015976970-140909
want="{\"unpack\":{\"dir\":\"$T/w/0000012345/$I1\",\"archive\":\"$T/w/0000012345/$I1.zip\",\"source\":\"$O\"}}
{\"unpack\":{\"dir\":\"$T/w/0000012345/$I2\",\"archive\":\"$T/w/0000012345/$I2.zip\",\"source\":\"$O\"}}"
exits 0 "order zip: exit 0" -- a2unpack -d "$T/w" "$O"
is "$(out)" "$want" "order zip: two scene lines"
mkdir -p "$T/ref/0000012345" && (cd "$T/ref/0000012345" && unzip -q "$O" &&
	for z in *.zip; do mkdir "${z%.zip}" && (cd "${z%.zip}" && unzip -q "../$z"); done)
ok 'diff -r "$T/ref/0000012345" "$T/w/0000012345"' "order zip: tree equals unzip's (inner zips kept)"

# re-run: same lines, nothing touched
snap() { find "$T/w" -exec stat -c '%n %i %s %Y %Z' {} + | sort; }
snap >"$T/before"
exits 0 "order zip re-run: exit 0" -- a2unpack -d "$T/w" "$O"
is "$(out)" "$want" "order zip re-run: same lines"
snap >"$T/after"
same_file "$T/before" "$T/after" "order zip re-run: nothing changed"

# relative paths in, absolute paths out; -j 1 gives the same tree
rm -rf "$T/w1"
exits 0 "order zip -j 1 with relative paths" -- sh -c "cd '$T' && a2unpack -j 1 -d w1 s/0000012345.zip"
is "$(out)" "$(printf '%s\n' "$want" | sed "s|$T/w/|$T/w1/|g")" "relative paths: absolute lines"
ok 'diff -r "$T/w/0000012345" "$T/w1/0000012345"' "-j 1: same tree"
rm -rf "$T/w1"
exits 0 "--no-sync: exit 0" -- a2unpack --no-sync -d "$T/w1" "$O"
ok 'diff -r "$T/w/0000012345" "$T/w1/0000012345"' "--no-sync: same tree"

# --- paths JSON cannot carry (not UTF-8): refused before any work ---
bad=$(printf 'out-\377\376')
utf8_refused() {
	_ud=$1; _what=$2; shift 2
	exits 1 "$_ud: exit 1" -- "$@"
	is "$(err)" "a2unpack: $_what: path is not UTF-8, which JSON records cannot carry" "$_ud: message"
	is "$(out)" "" "$_ud: no output line"
	is "$(cd "$T/u" && find . | sort | tr '\n' ' ')" ". ./c ./c/$bad ./c/$bad/o.zip " "$_ud: nothing extracted"
}
rm -rf "$T/u"; mkdir -p "$T/u/c/$bad"; cp "$O" "$T/u/c/$bad/o.zip"
printf '{"download":{"path":"%s"}}\n' "$O" >"$T/u.jsonl"
utf8_refused "-d not UTF-8" "-d $T/u/$bad" a2unpack -d "$T/u/$bad" "$O"
utf8_refused "-d not UTF-8, stdin" "-d $T/u/$bad" sh -c "a2unpack -d '$T/u/$bad' <'$T/u.jsonl'"
utf8_refused "-d relative, in a dir not UTF-8" "-d $T/u/c/$bad" sh -c "cd '$T/u/c/$bad' && a2unpack -d w o.zip"
utf8_refused "zip in a dir not UTF-8" "$T/u/c/$bad/o.zip" a2unpack -d "$T/u/w" "$T/u/c/$bad/o.zip"
ln -s "$O" "$T/u/l$bad.zip"
exits 1 "a link not UTF-8 to a zip that is: exit 1" -- a2unpack -d "$T/u/w" "$T/u/l$bad.zip"
is "$(err)" "a2unpack: $T/u/l$bad.zip: path is not UTF-8, which JSON records cannot carry" \
	"a link not UTF-8: names it"
ok '[ ! -e "$T/u/w" ]' "a link not UTF-8: nothing extracted"
rm "$T/u/l$bad.zip"
exits 1 "a zip not UTF-8 and a good one: exit 1" -- a2unpack -d "$T/u/w" "$T/u/c/$bad/o.zip" "$O"
is "$(out)" "$(printf '%s\n' "$want" | sed "s|$T/w/|$T/u/w/|g")" "the good one is extracted and listed"

# --- stdin records ---
rm -rf "$T/w2"
printf '{"download":{"path":"%s","size":1},"k":"v"}\n{"download":{"path":"%s"}}\n' "$O" "$R" >"$T/in.jsonl"
exits 0 "stdin: exit 0" -- sh -c "a2unpack -d '$T/w2' <'$T/in.jsonl'"
is "$(out | jq -c '[.k, .download.size, .unpack.dir, .unpack.archive, .unpack.source]')" \
"[\"v\",1,\"$T/w2/0000012345/$I1\",\"$T/w2/0000012345/$I1.zip\",\"$O\"]
[\"v\",1,\"$T/w2/0000012345/$I2\",\"$T/w2/0000012345/$I2.zip\",\"$O\"]
[null,null,\"$T/w2/$RN\",\"$R\",\"$R\"]" "stdin: records passed on with unpack added"
printf '{"download":{}}\n' >"$T/bad.jsonl"
exits 1 "stdin: record without download.path" -- sh -c "a2unpack -d '$T/w2' <'$T/bad.jsonl'"
is "$(err)" "a2unpack: stdin: record without download.path" "stdin: message"

# one bad operand does not stop the others
rm -rf "$T/w3"
exits 1 "bad and good operands: exit 1" -- a2unpack -d "$T/w3" "$T/z/slip.zip" "$R"
is "$(out)" "{\"unpack\":{\"dir\":\"$T/w3/$RN\",\"archive\":\"$R\",\"source\":\"$R\"}}" "the good one is listed"

# usage
exits 2 "unknown option: exit 2" -- a2unpack --bogus x.zip
exits 2 "-j 0: exit 2" -- a2unpack -j 0 x.zip
exits 2 "bad --max-size: exit 2" -- a2unpack --max-size 12Q x.zip
exits 1 "missing zip: exit 1" -- a2unpack -d "$T/w3" "$T/none.zip"

# --- a signal during extraction leaves nothing behind ---
python3 - "$T/z/big.zip" <<'EOF' || exit 1
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n in ("a", "b"):
        with z.open(n, "w", force_zip64=True) as f:
            for i in range(96):
                f.write(b"\0" * (1 << 20))
EOF
# starts a2unpack of big.zip into an empty $T/k, in the background ($pid),
# and returns once it is writing its first entry (or has finished)
start_big() {
	rm -rf "$T/k"; mkdir "$T/k"
	a2unpack --max-ratio 1e9 -d "$T/k" "$T/z/big.zip" >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ -z "$(find "$T/k" -mindepth 2 -name a 2>/dev/null)" ] && [ $i -lt 100000 ] &&
	    kill -0 $pid 2>/dev/null; do
		i=$((i + 1))
	done
}
start_big
kill -STOP $pid 2>/dev/null
if [ -d "$T/k/big" ]; then
	kill -CONT $pid; wait $pid
	ok 'true' "# SKIP extraction finished before the signal"
else
	kill -TERM $pid; kill -CONT $pid; wait $pid 2>/dev/null; rc=$?
	is "$rc" 143 "SIGTERM: killed by the signal"
fi
is "$(ls -A "$T/k")" "" "SIGTERM: no temp dir, no partial dir"

# --- SIGKILL leaves its temp dir (PID@HOST in its name); the next run removes it ---
host=$(tmp_host)
start_big
kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
left=$(ls -A "$T/k")
if [ -d "$T/k/big" ]; then
	for i in 1 2 3; do ok 'true' "# SKIP extraction finished before the signal"; done
else
	is "${left%.??????}" ".big.tmp.$pid@$host" "SIGKILL: the temp dir is left, named after its process"
	exits 0 "rerun after SIGKILL" -- env A2_VERBOSE=1 a2unpack --max-ratio 1e9 -d "$T/k" "$T/z/big.zip"
	is "$(err)" "a2unpack: removing $T/k/$left, left by process $pid
a2unpack: $T/z/big.zip: no ALOS-2 scene directory found" "rerun: the stale temp dir removed, said with -v"
fi
is "$(ls -A "$T/k")" "big" "rerun: only the result is left"

# Another a2unpack still extracting in the same dir (make -j) keeps its temp
# dir: only those of dead processes of this host go, and only for this zip.
# A zombie (killed, not yet reaped) is as dead: here a child whose parent
# exec'd a program that never waits.
sh -c 'exit 0' & dead=$!
wait $dead
rm -f "$T/zpid"
sh -c 'sh -c "exit 0" & echo $! >"$1"; exec sleep 60' sh "$T/zpid" & zparent=$!
wait_file "$T/zpid"
zombie=$(cat "$T/zpid")
i=0
while [ "$(sed 's/.*) //' "/proc/$zombie/stat" 2>/dev/null | cut -c1)" != Z ] && [ $i -lt 2000 ]; do
	i=$((i + 1)); sleep 0.01
done
rm -rf "$T/s"; mkdir "$T/s"
for t in ".many.tmp.$dead@$host.AbC123" ".many.tmp.$$@$host.DeF456" ".many.tmp.$dead@elsewhere.example.GhI789" \
    ".ratio.tmp.$dead@$host.JkL012" ".many.tmp.MnO345" ".many.tmp.$zombie@$host.StU901"; do
	mkdir -p "$T/s/$t/sub" && : >"$T/s/$t/sub/f"
done
: >"$T/s/.many.tmp.$dead@$host.PqR678"
exits 0 "stale temps of dead processes, beside live ones" -- a2unpack -d "$T/s" "$T/z/many.zip"
kill $zparent; wait $zparent 2>/dev/null
is "$(ls -A "$T/s" | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".many.tmp.$$@$host.DeF456" ".many.tmp.$dead@elsewhere.example.GhI789" .many.tmp.MnO345 \
	".ratio.tmp.$dead@$host.JkL012" many | LC_ALL=C sort | tr '\n' ' ')" \
    "the dead and the zombie process's dirs and file are removed; a live process's, another host's, an untagged one and another zip's are kept"

done_testing
