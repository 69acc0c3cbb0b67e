#!/bin/sh
# Load with faults: 50 tiny scenes in 10 orders, fetched by one make -j8
# (each order an examples/url.mk job under a shared jobserver, one shared
# catalog) from a loopback server that fails every third request (reset,
# stall, 503, short answer in turn).  Every product completes, is the
# scene's zip as delivered, and is catalogued.  Under SAN=1, 20 scenes.
# A2_STRESS=1 (make stress): 100 scenes, every second request failing.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null && [ -x /usr/bin/python3 ] ||
    skip_all "make, jq and python3 needed"
cd "$T" || exit 1

# every third request fails here, so that each kind of fault is met
norders=10 items=5 every=3
[ "${A2_SAN:-0}" = 1 ] && items=2
[ "${A2_STRESS:-0}" = 1 ] && items=10 every=2
nscenes=$((norders * items))

mkdir src shim
i=0
while [ $i -lt $norders ]; do
	a2synth --size tiny --level 1.1 --mode FBD --format CEOS --package order --items $items \
	    --orbit $((1700 + i)) --order 00000$((22700 + i)) -o src >>synth.jsonl || exit 1
	i=$((i + 1))
done
ORDERS=$(cd src && ls *.zip | sed 's/\.zip$//' | tr '\n' ' ')
is "$(jq -r .id synth.jsonl | sort -u | wc -l)" $nscenes "$nscenes distinct scenes in $norders orders"

/usr/bin/python3 "$A2_TOP/tests/servers/faulty.py" --root src --port-file port \
    --log server.log --every $every &
srv=$!
at_exit "kill $srv 2>/dev/null"
wait_file port || exit 1
PORT=$(cat port)

# a2fetch gives up on a stalled transfer after 2 s and retries at once
printf '#!/bin/sh\nexec "%s/a2fetch" --timeout 2 --retry-delay 50 --retries 8 "$@"\n' "$A2_BIN" \
    >shim/a2fetch
chmod +x shim/a2fetch
for t in a2unpack a2classify a2footprint a2pack a2md a2catalog; do ln -s "$A2_BIN/$t" shim/$t; done

D="$T/data"
cat >load.mk <<EOF
all: $ORDERS
$ORDERS:
	+@\$(MAKE) -s -f $A2_TOP/examples/url.mk A2_BIN=$T/shim A2_DATA=$D URL=http://127.0.0.1:$PORT/\$@.zip
.PHONY: all $ORDERS
EOF
t0=$(date +%s)
exits 0 "make -j8 of $norders orders through the faulty server" -- make -j8 -f load.mk
diag "load run: $(( $(date +%s) - t0 )) s"

gets=$(grep -c '"method": "GET"' server.log)
faults=$(grep -c '"fault": "[a-z0-9]' server.log)
ok "[ $faults -ge $((norders / every)) ] && [ $faults -eq $((gets / every)) ]" \
    "one GET in $every failed ($faults of $gets)"
for f in 503 reset stall short; do
	n=$(grep -c "\"fault\": \"$f\"" server.log)
	diag "fault $f: $n"
done

# every product complete: the per-scene zip as delivered, its metadata
n=0 good=0
for o in $ORDERS; do
	for item in $(unzip -Z1 "src/$o.zip"); do
		id=$(printf '%s' "$item" | sed 's/^[0-9]*_[0-9]*_\(ALOS2[0-9]*-[0-9]*\)\.zip$/\1/')
		id=$(jq -r --arg s "$id" 'select(.scene_id == $s) | .id' synth.jsonl)
		n=$((n + 1))
		unzip -p "src/$o.zip" "$item" >item.zip
		p="$D/products/$id/$id"
		cmp -s "$p.zip" item.zip && [ "$(jq -r .prod_name "$p.met.json")" = "$id" ] &&
		    [ "$(jq -r .id "$p.stac.json")" = "$id" ] && [ -s "$p.dataset.json" ] &&
		    A2_CATALOG="$D/catalog.gpkg" a2catalog has "$id" >/dev/null 2>&1 &&
		    good=$((good + 1)) || diag "$id: incomplete"
	done
done
is "$n $good" "$nscenes $nscenes" "every product complete, verified and catalogued"
is "$(ls "$D/products" | wc -l)" $nscenes "$nscenes product dirs"
is "$(find "$D" -name '*.tmp*' | wc -l)" 0 "no temp files"
snap() { (cd "$D" && find . -printf '%p %s %T@\n' | LC_ALL=C sort); }
snap >snap1
nlog=$(wc -l <server.log)
exits 0 "second run" -- make -j8 -f load.mk
snap >snap2
same_file snap1 snap2 "second run: no file changed"
is "$(wc -l <server.log)" "$nlog" "second run: no request"
done_testing
