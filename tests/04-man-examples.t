#!/bin/sh
# The manual's examples, run (as jq runs its manual's): every command of
# the EXAMPLES section of each man/*.1 page, and the "$ " commands of
# a2.7's literal blocks, runs offline on a2synth data (and the real product
# for the outputs the pages show from it), against the loopback stand-ins
# of tests/servers/ where it needs a server.  A page's placeholders (ID,
# URL, hosts, /data) are replaced through the explicit per-page lists
# below; an example that shows output must print exactly that.  Examples
# that cannot run here are listed with the reason (not_run), never skipped
# silently; and `mandoc -Tlint -W warning` is clean on every page.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
for c in mandoc jq make node "$PY"; do
	command -v "$c" >/dev/null || skip_all "$c needed (make deps)"
done
[ -x /usr/lib/postgresql/15/bin/initdb ] || skip_all "postgresql-15 needed (make deps)"
AJV=$A2_TOP/tests/node_modules/.bin/ajv
[ -x "$AJV" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
unset A2_NETRC A2_HYP3_TOKEN_FILE A2_CATALOG A2_DATA A2_S3_ENDPOINT A2_GEODES_KEY_FILE AWS_PROFILE \
    AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
TT=$(cd "$T" && pwd -P)
HOME=$TT/home
export HOME A2_RETRY_DELAY_MS=1
mkdir -p "$HOME"
PAGES="a2synth a2fetch a2unpack a2classify a2footprint a2pack a2md a2tiles a2catalog a2pairs
a2publish a2site a2scan a2grid a2cog a2eo3 majasubmit majapoll hyp3submit hyp3poll a2"

# ---- mandoc -Tlint ----
for f in "$A2_TOP"/man/*.[17]; do
	exits 0 "mandoc -Tlint -W warning ${f##*/}" -- mandoc -Tlint -W warning "$f"
	is "$(out)$(err)" "" "${f##*/}: no lint message"
done
is "$(cd "$A2_TOP/man" && ls | sed 's/\.[17]$//' | sort | tr '\n' ' ')" \
    "$(printf '%s\n' $PAGES | sort | tr '\n' ' ')" "every page is in PAGES"

# ---- the examples, one file pair per command: E/PAGE.N.cmd, E/PAGE.N.out ----
# Inside EXAMPLES (every literal block of a2.7, which has no such section),
# a block with "$ " prompts holds commands, each followed by the output it
# shows; a block without them (where a2.7's blocks are diagrams) holds
# commands only; a .Dl line is one command.  A line ending in \ or |
# continues the command.  mdoc escapes are undone.
E=$T/ex
mkdir -p "$E"
extract() {  # PAGE FILE
	awk -v page="$1" -v dir="$E" -v all="$([ "$1" = a2 ] && echo 1 || echo 0)" '
	function unesc(s) { gsub(/\\e/, "\\", s); gsub(/\\&/, "", s); gsub(/\\-/, "-", s); return s }
	function emit(cmd, out) { n++; printf "%s", cmd > (dir "/" page "." n ".cmd"); close(dir "/" page "." n ".cmd")
		printf "%s", out > (dir "/" page "." n ".out"); close(dir "/" page "." n ".out") }
	function flush() { if (cmd != "") emit(cmd, out); cmd = ""; out = "" }
	function block(   i, l, prompt, cont) {
		prompt = 0
		for (i = 1; i <= nl; i++) if (blk[i] ~ /^\$ /) prompt = 1
		if (!prompt && all) return
		cmd = ""; out = ""; cont = 0
		for (i = 1; i <= nl; i++) {
			l = unesc(blk[i])
			if (cont) cmd = cmd "\n" l
			else if (prompt && l ~ /^\$ /) { flush(); cmd = substr(l, 3) }
			else if (!prompt) { flush(); cmd = l }
			else out = out l "\n"
			cont = (l ~ /[\\|]$/)
		}
		flush()
	}
	/^\.Sh / { in_ex = all || $2 == "EXAMPLES"; next }
	!in_ex { next }
	/^\.Bd -literal/ { inb = 1; nl = 0; next }
	inb && /^\.Ed/ { inb = 0; block(); next }
	inb { blk[++nl] = $0; next }
	/^\.Dl / { l = unesc(substr($0, 5)); if (l ~ /^\$ /) l = substr(l, 3); else if (all) next
		emit(l, "") }' "$2"
}
for p in $PAGES; do
	f=$A2_TOP/man/$p.1
	[ -e "$f" ] || f=$A2_TOP/man/$p.7
	extract "$p" "$f"
done

# ---- the per-page lists ----
M=$T/map
mkdir -p "$M"
: >"$M/not_run"
# sub PAGE FROM TO: FROM (a string) becomes TO in the page's commands and
# shown output; earlier pairs first.
sub() {
	printf 's#%s#%s#g\n' "$(printf '%s' "$2" | sed 's/[]\#$*.^[]/\\&/g')" \
	    "$(printf '%s' "$3" | sed 's/[\#&]/\\&/g')" >>"$M/$1.sed"
}
# not_run PAGE FIRST-LINE REASON: an example that cannot run here
not_run() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$M/not_run"; }
# wrapped PAGE FIRST-LINE: the shown output is one line, wrapped for the page
wrapped() { printf '%s\t%s\n' "$1" "$2" >>"$M/wrapped"; }
: >"$M/wrapped"

not_run a2grid 'a2grid -y 2017 -b -20,-35,52,38 | a2fetch' \
    "downloads the 2017 mosaic tiles of a 72 by 73 degree box from JAXA; tests/96-mosaic-job.t runs a2grid | a2fetch against the stand-in"
not_run a2site 'chromium a2-data/site/index.html' "opens a browser window"
not_run a2site 'cd a2-data && python3 -m http.server 8000' "a server that runs until stopped, on a fixed port"
not_run a2tiles 'xdg-open out/tiles/index.html' "opens a browser window"
wrapped a2footprint 'a2footprint work/0000022708_001001_ALOS2015976960-140909'

# ---- data and stand-ins ----
ID15=ALOS2015976960-140909-FBDR1.5GUA
ID11=ALOS2015976960-140909-FBDR1.1__A
NETRC_PW=s3cret
printf 'machine 127.0.0.1 login alice password %s\n' "$NETRC_PW" >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
S=$T/srv
mkdir -p "$S"
syn() { a2synth --size tiny "$@" >/dev/null || echo "Bail out! a2synth $*"; }
syn --order 0000022708 -o "$S/o15"                                  # L1.5 GeoTIFF order
syn --level 1.1 --package flat -o "$S/f11"                           # L1.1 CEOS scene zip
syn --level 1.5 --format CEOS --package flat -o "$S/f15c"            # L1.5 CEOS scene zip
syn --level 2.1 --package dir -o "$S/d21"                            # L2.1 GeoTIFF scene dir
syn --package dir -o "$S/d15"                                        # L1.5 GeoTIFF scene dir
# unpack ZIP DIR: the scene directory of a scene zip, named as a2unpack names it
unpacked() { a2unpack -d "$2" "$1" | jq -r .unpack.dir; }
# scene_of DIR WORK: WORK/ID/scene.json and footprint.geojson, as make writes them
scene_of() {
	_id=$(a2classify "$1" | jq -r .id) && mkdir -p "$2/$_id" &&
	a2classify "$1" >"$2/$_id/scene.json" &&
	a2footprint -o "$2/$_id/footprint.geojson" "$2/$_id/scene.json" >/dev/null
}

# An HTTP server with the orders (Basic auth when asked, as ~/.netrc answers).
mkdir -p "$S/http/orders"
cp "$S/o15/0000022708.zip" "$S/http/orders/"
"$PY" "$A2_TOP/tests/servers/httpd.py" --root "$S/http" --port-file "$S/http.port" --log "$S/http.log" \
    --password "$NETRC_PW" &
at_exit "kill $!"
# AUIG2 with order 0000022708.
mkdir -p "$S/auig2"
cp "$S/o15/0000022708.zip" "$S/auig2/"
"$PY" "$A2_TOP/tests/servers/auig2.py" --root "$S/auig2" --port-file "$S/auig2.port" --log "$S/auig2.log" \
    --password "$NETRC_PW" &
at_exit "kill $!"
# Sentinel Asia with EOR ERAHAC000007: two ALOS(Data) zips and a quicklook.
mkdir -p "$S/sa"
for o in 101 102; do
	a2synth --size tiny --package flat --orbit $o -o "$S/sa$o" | jq -r .id >"$S/sa$o.id"
	cp "$S/sa$o"/*.zip "$S/sa/"
done
jq -n --arg z1 "$(cat "$S/sa101.id").zip" --arg z2 "$(cat "$S/sa102.id").zip" '{
    eors: [{requestId: "ERAHAC000007", observeDateStr: "16/Aug/2019", disasterTypeStr: "Flood",
	    countryStr: "Japan", files: [
	    {typeStr: "ALOS(Data)", dataId: "JPJXisis0001201908160001", title: "flood 1"},
	    {typeStr: "ALOS(Image)", dataId: "JPJXimage", title: "quicklook"},
	    {typeStr: "ALOS(Data)", dataId: "JPJXisis0001201908160002", title: "flood 2"}]}],
    names: {JPJXisis0001201908160001: $z1, JPJXisis0001201908160002: $z2}}' >"$S/sa.json"
"$PY" "$A2_TOP/tests/servers/sentinelasia.py" --root "$S/sa" --catalog "$S/sa.json" \
    --port-file "$S/sa.port" --log "$S/sa.log" --password "$NETRC_PW" &
at_exit "kill $!"
# The PEPS WPS and GEODES.
mkdir -p "$S/wps/results" "$S/geodes/files"
head -c 3000 /dev/urandom >"$S/wps/results/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip"
"$PY" "$A2_TOP/tests/servers/wps.py" --dir "$S/wps" --port-file "$S/wps.port" --log "$S/wps.log" &
at_exit "kill $!"
head -c 2000 /dev/urandom >"$S/geodes/files/L2A_A.zip"
printf '[{"id":"L2A_A","tile":"31TCJ","start":"2017-07-03T10:59:03Z","end":"2017-07-03T10:59:03Z","orbit":51,"file":"L2A_A.zip"}]\n' \
    >"$S/geodes/items.json"
"$PY" "$A2_TOP/tests/servers/geodes.py" --dir "$S/geodes" --port-file "$S/geodes.port" --log "$S/geodes.log" \
    --key sekrit &
at_exit "kill $!"
# HyP3 and Earthdata Login (on 127.0.0.2), whose jobs succeed at once with
# a2synth's GUNW files.
mkdir -p "$S/hyp3"
printf '{"9852":"instant","657":"instant"}\n' >"$S/hyp3/plans.json"
"$PY" "$A2_TOP/tests/servers/hyp3.py" --dir "$S/hyp3" --port-file "$S/hyp3.port" --log "$S/hyp3.log" \
    --user alice --password "$NETRC_PW" --a2synth "$A2_BIN/a2synth" &
at_exit "kill $!"
# S3 (s3rver) with the pages' buckets, WebDAV (lighttpd), PostGIS.
mkdir -p "$S/s3"
node "$A2_TOP/tests/servers/catalog-s3.js" "$S/s3" "$S/s3.port" aria-products bucket mosaic 2>"$S/s3.log" &
echo $! >"$S/s3.pid"
at_exit 'kill $(cat "$S/s3.pid") 2>/dev/null'
mkdir -p "$S/dav" "$S/pg"
at_exit sh "$A2_TOP/tests/servers/catalog-dav.sh" stop "$S/dav"
sh "$A2_TOP/tests/servers/catalog-dav.sh" start "$S/dav" alice "$NETRC_PW" 2>"$S/dav.err" ||
	{ echo "Bail out! lighttpd did not start: $(cat "$S/dav.err")"; exit 1; }
at_exit sh "$A2_TOP/tests/servers/catalog-pg.sh" stop "$S/pg"
sh "$A2_TOP/tests/servers/catalog-pg.sh" start "$S/pg" 2>"$S/pg.err" ||
	{ echo "Bail out! cannot start PostgreSQL: $(cat "$S/pg.err")"; exit 1; }
for s in http auig2 sa wps geodes hyp3 s3; do
	wait_file "$S/$s.port" || { echo "Bail out! stand-in $s did not start"; exit 1; }
done
H=http://127.0.0.1:$(cat "$S/http.port")
mkdir -p "$HOME/.aws"
printf '[default]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n[aria]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n[nrb]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n' \
    >"$HOME/.aws/credentials"
chmod 600 "$HOME/.aws/credentials"
printf 'maja@example.org s3cret\n' >"$HOME/.peps.txt"
chmod 600 "$HOME/.peps.txt"
printf 'sekrit\n' >"$S/geodes.key"
chmod 600 "$S/geodes.key"
export A2_AUIG2_URL=http://127.0.0.1:$(cat "$S/auig2.port")
export A2_SENTINEL_ASIA_URL=http://127.0.0.1:$(cat "$S/sa.port")/sentinel2
export A2_MAJA_WPS_URL=http://127.0.0.1:$(cat "$S/wps.port")/wps
export A2_MAJA_SEARCH_URL=http://127.0.0.1:$(cat "$S/wps.port")/resto/api/collections
export A2_GEODES_URL=http://127.0.0.1:$(cat "$S/geodes.port")/api/stac
H3=http://127.0.0.1:$(cat "$S/hyp3.port")
export A2_HYP3_URL=$H3
export A2_HYP3_LOGIN_URL="http://127.0.0.2:$(cat "$S/hyp3.port")/oauth/authorize?response_type=code&client_id=BO_n7nTIlMljdvU6kRRB3g&redirect_uri=$H3/login&app_type=401"
# the Earthdata Login entry, in a netrc of its own
printf 'machine 127.0.0.2 login alice password %s\n' "$NETRC_PW" >"$S/hyp3.netrc"
chmod 600 "$S/hyp3.netrc"

# ---- per page: its working directory W, what its placeholders stand for ----
R=$TT/run
setup() {
	W=$R/$1
	mkdir -p "$W"
	case $1 in
	a2fetch)
		sub a2fetch https://example.org/orders/0000022708.zip "$H/orders/0000022708.zip?auth=basic"
		sub a2fetch 'a2fetch --list URL' "a2fetch --list $H/orders/0000022708.zip"
		# the page's bucket is in the S3 stand-in
		export A2_S3_ENDPOINT=http://127.0.0.1:$(cat "$S/s3.port")
		mkdir -p "$S/a2fetch-s3"
		head -c 5000 /dev/urandom >"$S/a2fetch-s3/scene_SLP.tif"
		a2publish --flat s3://bucket/nrb "$S/a2fetch-s3" >/dev/null ;;
	a2unpack)
		# the page's /data is W
		W=$R/a2unpack/data
		mkdir -p "$W/downloads"
		a2synth --size tiny --items 2 -o "$W/downloads" >/dev/null
		sub a2unpack /data/ "$W/"
		sub a2unpack ' URL ' " $H/orders/0000022708.zip " ;;
	a2classify)
		# the real product, whose ID the page shows
		[ -e "$REAL_ZIP" ] || not_run a2classify 'a2classify work/0000022708_001001_ALOS2015976960-140909 | jq -r .id' "no $REAL_ZIP"
		a2unpack -d "$W/work" "$REAL_ZIP" >/dev/null 2>&1
		cp "$S/o15/0000022708.zip" "$W/order.zip" ;;
	a2footprint)
		[ -e "$REAL_ZIP" ] || not_run a2footprint 'a2footprint work/0000022708_001001_ALOS2015976960-140909' "no $REAL_ZIP"
		a2unpack -d "$W/work" "$REAL_ZIP" >/dev/null 2>&1
		d11=$(unpacked "$S/f11/$ID11.zip" "$W/work")
		scene_of "$(unpacked "$S/f15c/$ID15.zip" "$W/work/c")" "$W/work"
		cp "$S/o15/0000022708.zip" "$W/order.zip"
		sub a2footprint 'work/ID |' "${d11#$W/} |"
		sub a2footprint work/ID/ "work/$ID15/" ;;
	a2pack)
		cp "$S/o15/0000022708.zip" "$W/order.zip"
		mkdir -p "$W/work"
		cp -R "$S/d15/$ID15" "$W/work/ALOS2015976960-140909"
		sub a2pack products/ID "products/$ID15" ;;
	a2md)
		scene_of "$S/d15/$ID15" "$W/work"
		sub a2md 'ajv validate' "cd '$TT/../shared/schemas/stac' 2>/dev/null || cd '$A2_TOP/../shared/schemas/stac'; '$AJV' validate"
		sub a2md '-r basics.json ...' '-r basics.json -r datetime.json -r instrument.json -r licensing.json -r provider.json -r geojson-feature.json -r geojson-geometry.json'
		sub a2md products/ID/ID.stac.json "$W/products/$ID15/$ID15.stac.json"
		sub a2md /ID "/$ID15" ;;
	a2tiles)
		scene_of "$S/d15/$ID15" "$W/work"
		cp "$S"/d21/*/IMG-H?-*.tif "$W/"
		cp "$S/d15/$ID15/BRS-HH-$ID15.jpg" "$W/BRS-HH-$ID11.jpg"
		a2synth --gunw S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1 -o "$W" >/dev/null
		a2synth --level 2.2 --mode WWD --package dir -o "$W" >/dev/null
		sub a2tiles /ID "/$ID15" ;;
	a2catalog)
		# a product the flow made, and a descending L1.1 one over 100-105E, 0-5N in 2018
		. "$A2_TOP/tests/servers/catalog-products.sh"
		mkdir -p "$W/a2-data/products"
		scene_of "$S/d15/$ID15" "$W/work"
		a2md -o "$W/a2-data/products/$ID15" "$W/work/$ID15/scene.json" "$W/work/$ID15/footprint.geojson" >/dev/null
		mkprod "$W/a2-data/products" ALOS2235320010-181219-WBDR1.1__D 101 1 103 3 \
		    2018-12-19T01:00:00.000000 2018-12-19T01:00:10.500000
		export A2_CATALOG=$W/catalog.gpkg
		a2catalog add "$W/a2-data/products/$ID15" >/dev/null
		sub a2catalog '|| make ...' '|| false'
		sub a2catalog 'PG:host=db.example.org dbname=a2 user=a2' "$(cat "$S/pg/pg.conn")" ;;
	a2pairs)
		# the worked example's dates; two L1.1 products of path 155, frame 2900
		. "$A2_TOP/tests/servers/catalog-products.sh"
		printf '2025-01-25\n2025-01-13\n2025-01-01\n2024-12-20\n2024-12-08\n2024-11-26\n' >"$W/dates.txt"
		mkprod "$W/a2-data/products" ALOS2010002900-160301-WBDR1.1__A 10 0 11 1 \
		    2016-03-01T03:00:00.000000 2016-03-01T03:00:52.000000
		mkprod "$W/a2-data/products" ALOS2012072900-160315-FBDR1.1__A 10 0 11 1 \
		    2016-03-15T03:00:00.000000 2016-03-15T03:00:10.000000
		a2catalog -c "$W/a2-data/catalog.gpkg" add "$W/a2-data/products"/*/ >/dev/null
		sub a2pairs examples/ "$A2_TOP/examples/" ;;
	a2publish)
		mkdir -p "$W/a2-data/products" "$W/products/palsar-mosaic/2019/N05E010"
		scene_of "$S/d15/$ID15" "$W/work"
		a2md -o "$W/a2-data/products/$ID15" "$W/work/$ID15/scene.json" "$W/work/$ID15/footprint.geojson" >/dev/null
		cp -R "$W/a2-data/products/$ID15" "$W/products/$ID15"
		printf 'block\n' >"$W/products/palsar-mosaic/2019/N05E010/N05E010_19_sl_HH.tif"
		export A2_CATALOG=$W/catalog.gpkg
		# AWS, minio and the WebDAV host are the stand-ins
		export A2_S3_ENDPOINT=http://127.0.0.1:$(cat "$S/s3.port")
		sub a2publish http://minio:9000 "$A2_S3_ENDPOINT"
		sub a2publish /srv/aria "$W/srv/aria"
		sub a2publish davs://dav.example.org/aria "dav://127.0.0.1:$(cat "$S/dav/dav.port")/aria"
		sub a2publish products/ID "products/$ID15" ;;
	a2site)
		. "$A2_TOP/tests/servers/catalog-products.sh"
		mkprod "$W/a2-data/products" ALOS2235320010-181219-WBDR1.1__D 101 1 103 3 \
		    2018-12-19T01:00:00.000000 2018-12-19T01:00:10.500000
		export A2_CATALOG=$W/a2-data/catalog.gpkg
		a2catalog add "$W/a2-data/products"/*/ >/dev/null ;;
	a2cog | a2eo3)
		# the 2019 block as the JAXA archive has it, from the mosaic stand-in's generator
		/usr/bin/python3 "$A2_TOP/tests/servers/mosaic-synth.py" --root "$W/srv" --year 2019 \
		    --block N05E010 --tiles N04E011,N03E012 >/dev/null || echo "Bail out! mosaic-synth.py"
		cp "$(find "$W/srv" -name N05E010_19_MOS_F02DAR.tar.gz)" "$W/"
		mkdir -p "$W/x2019"
		[ "$1" = a2cog ] || bsdtar -xf "$W/N05E010_19_MOS_F02DAR.tar.gz" -C "$W/x2019" ;;
	a2scan)
		sh "$A2_TOP/tests/servers/slurm-archive-tree.sh" "$W/arch" >/dev/null
		sub a2scan /home/data/INSAR/ALOS2 "$W/arch" ;;
	majasubmit)
		export A2_GEODES_KEY_FILE=$S/geodes.key ;;
	hyp3submit)
		export A2_NETRC=$S/hyp3.netrc
		printf '%s\n' '{"frame_id":9852,"reference_date":"2024-12-16","secondary_date":"2024-12-04"}' \
		    '{"frame_id":657,"reference_date":"2023-11-24","secondary_date":"2023-11-12"}' >"$W/pairs.jsonl"
		sub hyp3submit examples/ "$A2_TOP/examples/"
		# the GUNW job's map tiles to zoom 4, not 14: seconds, not minutes
		export A2_TILES_ZOOM=0-4 ;;
	hyp3poll)
		export A2_NETRC=$S/hyp3.netrc
		cp -R "$R/hyp3submit/jobs" "$W/"
		sub hyp3poll /data/ "$W/" ;;
	majapoll)
		cp "$R/majasubmit/31TCJ-2017.json" "$W/" &&
		printf 'finished\n' >"$S/wps/jobs/$(jq -r .wps_id "$W/31TCJ-2017.json")"
		sub majapoll /data/ "$W/" ;;
	a2)
		# the job's data directory is ./a2-data, as the page's flock line has it
		sub a2 examples/ "$A2_TOP/examples/"
		sub a2 ' [-j N]' ' -j2'
		sub a2 https://host/0000022708.zip "$H/orders/0000022708.zip"
		sub a2 'URL=...' "URL=$H/orders/0000022708.zip"
		cp "$S/o15/0000022708.zip" "$W/order.zip" ;;
	esac
	touch "$M/$1.sed"
}

# the first line of a command; the not_run reason and wrapped flag of one
first() { sed -n 1p "$1"; }
reason() { awk -F '\t' -v p="$1" -v c="$2" '$1 == p && $2 == c { print $3 }' "$M/not_run"; }
is_wrapped() { awk -F '\t' -v p="$1" -v c="$2" '$1 == p && $2 == c { f = 1 } END { exit !f }' "$M/wrapped"; }
: >"$M/seen"
for p in $PAGES; do
	unset A2_CATALOG A2_S3_ENDPOINT A2_GEODES_KEY_FILE A2_DATA A2_NETRC
	setup "$p"
	n=1
	[ -e "$E/$p.1.cmd" ] || printf '%s ' "$p" >>"$M/none"
	while [ -e "$E/$p.$n.cmd" ]; do
		c=$(first "$E/$p.$n.cmd")
		r=$(reason "$p" "$c")
		if [ -n "$r" ]; then
			printf '%s\t%s\n' "$p" "$c" >>"$M/seen"
			_tap 0 "$p: $c # SKIP not run here: $r"
			n=$((n + 1))
			continue
		fi
		sed -f "$M/$p.sed" "$E/$p.$n.cmd" >"$T/cmd"
		sed -f "$M/$p.sed" "$E/$p.$n.out" >"$T/want"
		case $c in
		export\ *) eval "$(cat "$T/cmd")" ;;  # the page's later commands see it
		esac
		(cd "$W" && eval "$(cat "$T/cmd")") >"$T/got" 2>"$T/err"
		rc=$?
		if [ $rc = 0 ]; then _tap 0 "$p: $c"
		else _tap 1 "$p: $c"; diag "exit $rc: $(cat "$T/cmd")"; sed 's/^/stderr: /' "$T/err" | diag "$(cat)"; fi
		if [ -s "$T/want" ]; then
			if is_wrapped "$p" "$c"; then tr -d '\n' <"$T/want" >"$T/want1" && echo >>"$T/want1" && mv "$T/want1" "$T/want"; fi
			if cmp -s "$T/got" "$T/want"; then _tap 0 "$p: $c: the output shown"
			else _tap 1 "$p: $c: the output shown"; diag "$(diff "$T/want" "$T/got")"; fi
		fi
		n=$((n + 1))
	done
done
is "$(cat "$M/none" 2>/dev/null)" "" "every page has examples"
# every not_run entry names an example of its page
while IFS="$(printf '\t')" read -r p c r; do
	ok 'grep -qxF "$(printf "%s\t%s" "$p" "$c")" "$M/seen"' "not_run $p: '$c' is an example of the page"
done <"$M/not_run"

# ---- what the examples made ----
same_file "$R/a2fetch/downloads/0000022708.zip" "$S/o15/0000022708.zip" "a2fetch: the order downloaded with ~/.netrc"
is "$(cd "$R/a2fetch/downloads" && ls | sort | tr '\n' ' ')" \
    "0000022708.zip $(cat "$S/sa101.id").zip $(cat "$S/sa102.id").zip scene_SLP.tif " \
    "a2fetch: the order, the EOR's ALOS(Data) zips and the S3 object"
same_file "$R/a2fetch/downloads/scene_SLP.tif" "$S/a2fetch-s3/scene_SLP.tif" "a2fetch: the S3 object's bytes"
is "$(cd "$R/a2catalog" && A2_CATALOG=$R/a2catalog/catalog.gpkg a2catalog query --level 1.1 --direction D \
    --bbox 100,0,105,5 --start 2018-01-01 --end 2018-12-31 | jq -r .id)" ALOS2235320010-181219-WBDR1.1__D \
    "a2catalog: the query finds the descending L1.1 product"
is "$(jq -r .reference.id "$R/a2pairs/a2-data/pairs/alos2-pairs.jsonl")" ALOS2010002900-160301-WBDR1.1__A \
    "a2pairs: the job wrote the pair list"
ok '[ -s "$R/a2md/products/$ID15/$ID15.stac.json" ] && [ -s "$R/a2tiles/products/$ID15/tiles/tiles.json" ]' \
    "a2md, a2tiles: products written"
ok '[ -e "$R/a2publish/srv/aria/datasets" ] && [ -s "$R/a2site/a2-data/site/index.html" ]' "a2publish, a2site: written"
ok '[ -s "$R/majapoll/maja/31TCJ/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip" ]' \
    "majapoll: the result downloaded"
ok '[ -s "$R/a2/a2-data/products/$ID15/$ID15.met.json" ]' "a2.7: the URL job made the product"
is "$(cd "$R/hyp3submit/jobs" && ls | tr '\n' ' ')" "F657-20231124_20231112.json F9852-20241216_20241204.json " \
    "hyp3submit: the job records"
same_file "$R/hyp3poll/gunw/S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6ea4-v3_0_1.nc" \
    "$S/hyp3/files/S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6ea4-v3_0_1.nc" \
    "hyp3poll: the GUNW downloaded"
is "$(A2_CATALOG=$R/hyp3submit/a2-data/catalog.gpkg a2catalog query --type s1_gunw | jq -r .id | LC_ALL=C sort | tr '\n' ' ')" \
    "S1-GUNW-A-R-064-tops-20231124_20231112-015158-00120W_00038N-PP-b377-v3_0_1 S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6ea4-v3_0_1 " \
    "hyp3submit: examples/gunw.mk catalogued the pairs' GUNWs"

done_testing
