#!/bin/sh
# Bad inputs not covered elsewhere (doc/bad-inputs.md maps every class to
# its test): garbage where a product file should be, a zip that is none,
# a malformed netrc, credentials in a URL.  Each is refused with its exit
# status and a message naming the file, and nothing is left behind.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

a2synth --size tiny --level 1.5 --mode FBD --format CEOS --package dir -o src >synth.jsonl
ID=$(jq -r .id synth.jsonl)
fresh() { rm -rf s && cp -r "src/$ID" s; }

fresh
printf 'Odi_SceneId="ALOS2015976960-140909"\n\334\335 garbage\n' >s/summary.txt
exits 1 "summary.txt with a non-ASCII line: exit 1" -- a2classify s
is "$(err)" "a2classify: s/summary.txt: line 2: non-ASCII byte 0xdc" "message names file, line and byte"
is "$(out)" "" "no record printed"

fresh
: >"s/VOL-$ID"
exits 1 "empty VOL: exit 1" -- a2classify s
is "$(err)" "a2classify: s/VOL-$ID: record 1: truncated (0 bytes, header needs 12)" "message names the record"

fresh
head -c 700 "src/$ID/LED-$ID" >"s/LED-$ID"
exits 1 "LED cut inside its first record: exit 1" -- a2footprint s
ok "grep -q 'LED-$ID' '$T/.err'" "message names the LED"

# A GeoTIFF image GDAL cannot open is refused by the first tool that sees
# it, with GDAL's reason and the file's name: a2classify (and so every
# tool given the directory), a2footprint given the raster itself.
a2synth --size tiny --level 2.1 --mode FBD --format GeoTIFF --package dir -o gsrc >gsynth.jsonl
GID=$(jq -r .id gsynth.jsonl)
TIF=g/IMG-HH-$GID.tif
gfresh() { rm -rf g && cp -r "gsrc/$GID" g; }
gfresh
: >"$TIF"
exits 1 "GeoTIFF scene with a 0-byte IMG: a2classify exits 1" -- a2classify g
is "$(err)" "a2classify: $TIF: \`$TIF' not recognized as a supported file format." \
    "0-byte IMG: GDAL's reason and the file named"
is "$(out)" "" "0-byte IMG: no record printed"
exits 1 "0-byte IMG: a2tiles on the directory exits 1" -- a2tiles -o tiles g
is "$(err)" "a2tiles: $TIF: \`$TIF' not recognized as a supported file format." \
    "0-byte IMG: a2tiles says the same"
exits 1 "0-byte GeoTIFF: a2footprint exits 1" -- a2footprint "$TIF"
is "$(err)" "a2footprint: $TIF: \`$TIF' not recognized as a supported file format." \
    "0-byte GeoTIFF: a2footprint names GDAL's reason, not an unknown error"
gfresh
head -c 100 "gsrc/$GID/IMG-HH-$GID.tif" >"$TIF"
exits 1 "GeoTIFF cut after its header: a2classify exits 1" -- a2classify g
is "$(err)" "a2classify: $TIF: $TIF: TIFFReadDirectory:Failed to read directory at offset 8" \
    "cut GeoTIFF: libtiff's reason through GDAL"
exits 1 "cut GeoTIFF: a2footprint exits 1" -- a2footprint "$TIF"
is "$(err)" "a2footprint: $TIF: $TIF: TIFFReadDirectory:Failed to read directory at offset 8" \
    "cut GeoTIFF: a2footprint says the same"
gfresh
# root reads any file: the unreadable case runs as nobody then
if [ "$(id -u)" != 0 ]; then asuser() { "$@"; }
elif command -v setpriv >/dev/null; then
	chmod 755 "$T" && chmod -R a+rX g
	asuser() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else asuser() { return 1; }
fi
chmod 0 "$TIF"
exits 1 "unreadable IMG: a2classify exits 1" -- asuser a2classify g
is "$(err)" "a2classify: $TIF: $TIF: Permission denied" "unreadable IMG: GDAL's reason and the file named"
exits 1 "unreadable GeoTIFF: a2footprint exits 1" -- asuser a2footprint "$TIF"
is "$(err)" "a2footprint: $TIF: $TIF: Permission denied" "unreadable GeoTIFF: a2footprint says the same"
chmod 644 "$TIF"

printf 'PK\003\004 this is no zip\n' >bad.zip
mkdir out
exits 1 "a .zip that is none: exit 1" -- a2unpack -d out bad.zip
is "$(err)" "a2unpack: bad.zip: not a valid zip: Not a zip archive" "message names the zip"
is "$(find out | tr '\n' ' ')" "out " "nothing left behind"

# A quoted token must end on its line (libcurl refuses the file otherwise,
# saying only "Failed to open/read local data"); comments and macdef
# bodies are not tokens.
printf '# "a comment\nmacdef init\n"a macro\n\nmachine 127.0.0.1 login "alice"\n  password "s3cret\n' >netrc
chmod 600 netrc
exits 2 "malformed netrc: exit 2" -- env A2_NETRC="$T/netrc" a2fetch --retries 0 -o dl "file://$T/bad.zip"
is "$(err)" "a2fetch: $T/netrc: netrc file: line 6: unterminated quote" "malformed netrc: message names the file and line, not the token"
ok "[ ! -e dl ]" "malformed netrc: nothing downloaded"
mkdir home && cp netrc home/.netrc
exits 2 "malformed ~/.netrc: exit 2" -- env HOME="$T/home" a2fetch -o dl "file://$T/bad.zip"
is "$(err)" "a2fetch: $T/home/.netrc: netrc file: line 6: unterminated quote" "malformed ~/.netrc: named"
printf 'machine 127.0.0.1 login "alice" password "s3\\"cret" # "a comment\n' >netrc
exits 0 "netrc with escapes and a comment: accepted" -- env A2_NETRC="$T/netrc" a2fetch --retries 0 -o dl "file://$T/bad.zip"
same_file dl/bad.zip bad.zip "netrc with escapes and a comment: downloaded"

exits 75 "credentials in a URL: warned, dropped (connection refused: 75)" -- \
    a2fetch --retries 0 -o dl3 "http://u:Pw0rd@127.0.0.1:9/x.zip"
ok "grep -q 'credentials in the URL ignored' '$T/.err'" "warned about credentials in the URL"
is "$(grep -c 'Pw0rd' "$T/.err" "$T/.out" | awk -F: '{s += $2} END {print s}')" 0 "the password is not echoed"
done_testing
