#!/bin/sh
# a2pack: link (or copy) of the per-scene zip, deterministic re-zip,
# nothing done when the archive is already in place.
. "$(dirname "$0")/lib.sh"

ID=ALOS2015976960-140909-FBDR1.5GUA
cd "$T" || exit 1

exits 2 "unknown option is a usage error" -- a2pack -q
exits 2 "-a with two operands is a usage error" -- a2pack -a x.zip d1 d2

# The real product, unpacked: its archive is the zip itself.
a2unpack -d "$T/work" "$REAL_ZIP" | a2classify >rec.jsonl
SCENE=$(jq -r .unpack.dir rec.jsonl)
ARCH=$(jq -r .scene.archive rec.jsonl)
is "$ARCH" "$(cd "$(dirname "$REAL_ZIP")" && pwd)/$(basename "$REAL_ZIP")" "classify kept the per-scene zip"

# -- link ---------------------------------------------------------------
exits 0 "stdin record packs" -- a2pack -o "$T/p1" <rec.jsonl
out >p1.out
is "$(jq -c .pack p1.out)" "{\"id\":\"$ID\",\"zip\":\"$T/p1/$ID.zip\",\"method\":\"link\",\"size\":$(stat -c %s "$REAL_ZIP")}" "pack record"
is "$(jq -r .unpack.dir p1.out)" "$SCENE" "stdin record keeps its keys"
is "$(stat -c %d:%i "$T/p1/$ID.zip")" "$(stat -c %d:%i "$ARCH")" "hard link to the per-scene zip"
before=$(stat -c %i:%Y:%h "$T/p1/$ID.zip")
exits 0 "second run" -- a2pack -o "$T/p1" <rec.jsonl
is "$(out | jq -r .pack.method)" link "second run: still link"
is "$(stat -c %i:%Y:%h "$T/p1/$ID.zip")" "$before" "second run: nothing changed"
ok "[ -f '$ARCH' ]" "source zip left in place"

# scene.json operand: a record file works, -a overrides the archive
head -n 1 rec.jsonl >rec.json
exits 0 "record file operand" -- a2pack -o "$T/p2" rec.json
is "$(out | jq -r .pack.method)" link "record file operand: link"
a2classify "$SCENE" >scene.json
is "$(jq -r .archive scene.json)" null "scene of a dir operand has no archive"
exits 0 "scene.json with -a" -- a2pack -a "$ARCH" -o "$T/p3" scene.json
is "$(out | jq -r .pack.method)" link "-a: link"
same_file "$T/p3/$ID.zip" "$REAL_ZIP" "-a: same bytes"

# -- copy across file systems -------------------------------------------
# /dev/shm is a tmpfs on Debian; when it is on another device, link fails.
X=""
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d "$T")" ]; then
	X=$(mktemp -d /dev/shm/a2pack.XXXXXX)
	at_exit "rm -rf '$X'"
	exits 0 "other file system" -- a2pack -o "$X/p" <rec.jsonl
	is "$(out | jq -r .pack.method)" copy "other file system: copy"
	same_file "$X/p/$ID.zip" "$REAL_ZIP" "copy: same bytes"
	is "$(stat -c %a "$X/p/$ID.zip")" 644 "copy: mode 644"
	before=$(stat -c %i:%Y "$X/p/$ID.zip")
	exits 0 "other file system, second run" -- a2pack -o "$X/p" <rec.jsonl
	is "$(stat -c %i:%Y "$X/p/$ID.zip")" "$before" "identical copy left alone"
	ok "no_temps '$X/p'" "copy: no temp files"
fi

# -- re-zip -------------------------------------------------------------
exits 0 "scene dir re-zips" -- a2pack -o "$T/r1" "$SCENE"
is "$(out | jq -r .pack.method)" rezip "scene dir: rezip"
is "$(out | jq -r .pack.size)" "$(stat -c %s "$T/r1/$ID.zip")" "rezip: size"
# the same files with other times, umask and time zone: same bytes
cp -r "$SCENE" "$T/copy"
touch -d '2001-02-03 04:05:06' "$T/copy"/*
chmod 600 "$T/copy"/summary.txt
exits 0 "re-zip of a copy" -- sh -c "umask 077; TZ=Pacific/Kiritimati a2pack -o '$T/r2' '$T/copy'"
same_file "$T/r1/$ID.zip" "$T/r2/$ID.zip" "re-zip is deterministic"
exits 0 "re-zip of scene.json (archive null)" -- a2pack -o "$T/r3" scene.json
same_file "$T/r1/$ID.zip" "$T/r3/$ID.zip" "scene.json re-zip: same bytes"
is "$(zipinfo -1 "$T/r1/$ID.zip" | tr '\n' ' ')" "$(cd "$SCENE" && LC_ALL=C ls | tr '\n' ' ')" "members sorted, relative"
is "$(zipinfo -T -l "$T/r1/$ID.zip" | awk '/^-/ {print $1, $7, $8}' | sort -u)" "-rw-r--r-- defN 20140909.000000" "fixed mode, deflate, scene date"
mkdir x && (cd x && unzip -q "$T/r1/$ID.zip")
ok "diff -r '$SCENE' x" "re-zip holds the scene's files"
exits 0 "zip test" -- unzip -tq "$T/r1/$ID.zip"
is "$(stat -c %a "$T/r1/$ID.zip")" 644 "re-zip mode 644"

# a rerun leaves an identical archive alone and removes the temps an
# a2pack killed on this host left (its own and libzip's beside it), never
# those of one still running (make -j) or of another host
host=$(tmp_host) dead=$(dead_pid)
for t in "$dead@$host.AbC123" "$dead@$host.AbC123.DeF456" "$$@$host.GhI789" "$dead@elsewhere.example.JkL012"; do
	: >"$T/r1/.$ID.zip.tmp.$t"
done
: >"$T/r1/.other.zip.tmp.$dead@$host.MnO345"
before=$(stat -c %i:%Y "$T/r1/$ID.zip")
exits 0 "re-zip again" -- env A2_VERBOSE=1 a2pack -o "$T/r1" "$SCENE"
is "$(stat -c %i:%Y "$T/r1/$ID.zip")" "$before" "identical re-zip left alone"
is "$(err | LC_ALL=C sort)" "a2pack: packing $ID
a2pack: removing $T/r1/.$ID.zip.tmp.$dead@$host.AbC123, left by process $dead
a2pack: removing $T/r1/.$ID.zip.tmp.$dead@$host.AbC123.DeF456, left by process $dead" "the dead process's temps removed, said with -v"
is "$(ls -A "$T/r1" | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".$ID.zip.tmp.$$@$host.GhI789" ".$ID.zip.tmp.$dead@elsewhere.example.JkL012" \
	".other.zip.tmp.$dead@$host.MnO345" "$ID.zip" | LC_ALL=C sort | tr '\n' ' ')" \
    "a live process's, another host's and another zip's temps kept"
rm -f "$T/r1"/.*.tmp.*
# a changed scene replaces it
echo extra >"$T/copy/zz-extra.txt"
mkdir "$T/copy/sub" && echo deep >"$T/copy/sub/a.txt"
exits 0 "changed scene" -- a2pack -o "$T/r2" "$T/copy"
is "$(zipinfo -1 "$T/r2/$ID.zip" | tail -n 3 | tr '\n' ' ')" "sub/a.txt summary.txt zz-extra.txt " "subdirectory paths, byte order"
ok "! cmp -s '$T/r1/$ID.zip' '$T/r2/$ID.zip'" "changed scene, changed zip"

# -- failures -----------------------------------------------------------
jq -c --arg a "$T/nonexistent.zip" '.scene.archive = $a' rec.jsonl >bad.jsonl
exits 1 "missing archive fails" -- a2pack -o "$T/f1" <bad.jsonl
is "$(err)" "a2pack: $T/nonexistent.zip: archive: No such file or directory" "message names the archive"
ok "[ ! -e '$T/f1/$ID.zip' ] && no_temps '$T/f1'" "nothing left behind"
mkdir empty
exits 1 "not a scene dir" -- a2pack -o "$T/f2" empty
echo '{"id":"../x","dir":"/tmp"}' >evil.json
exits 1 "bad id refused" -- a2pack -o "$T/f3" evil.json
ok "[ ! -e '$T/x.zip' ]" "nothing written outside -o"
echo '{' >broken.json
exits 1 "broken JSON" -- a2pack -o "$T/f4" broken.json

# -- synthetic orders ---------------------------------------------------
if command -v a2synth >/dev/null; then
	a2synth -s 7 --size tiny --level 1.1 --mode FBD --package order --items 2 -o "$T/syn" >syn.jsonl
	zip=$(ls "$T"/syn/*.zip)
	a2unpack -d "$T/work2" "$zip" | a2classify >rec2.jsonl
	is "$(wc -l <rec2.jsonl | tr -d ' ')" 2 "synthetic order: two scenes"
	exits 0 "synthetic order packs" -- a2pack -o "$T/s1" <rec2.jsonl
	is "$(out | jq -r .pack.method | sort -u)" link "per-scene zips are linked"
	out | jq -r '.scene.archive + " " + .pack.zip' >pairs
	while read -r a z; do
		is "$(stat -c %i "$z")" "$(stat -c %i "$a")" "$(basename "$z"): linked to $(basename "$a")"
	done <pairs
	d=$(jq -r .unpack.dir rec2.jsonl | head -n 1)
	exits 0 "synthetic scene re-zip" -- a2pack -o "$T/s2" "$d"
	is "$(zipinfo -1 "$(out | jq -r .pack.zip)" | tr '\n' ' ')" "$(cd "$d" && LC_ALL=C ls | tr '\n' ' ')" "synthetic re-zip members"
fi

plan $_tap_n
done_testing
