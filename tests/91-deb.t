#!/bin/sh
# make deb, and the package installed as a user installs it: with apt into
# a clean Debian 12 root that mmdebstrap makes from this machine's Debian
# mirror (apt resolving the dependencies, nothing of the build machine in
# it), and by the Containerfile into a debian:bookworm image (podman, when
# it is installed: that same root imported as debian:bookworm, since no
# image registry is reachable).  In each, every installed tool says its
# version and the URL job, run from /usr/share/a2/examples/url.mk on an
# order the installed a2synth made, writes the same products, byte for
# byte, as the job run from this build tree.  The root (and the .debs apt
# fetched into it) is kept under build/deb-root/, so a rerun fetches only
# the package lists.  Root only: it makes a chroot and mounts /proc (in a
# mount namespace of its own, so that nothing stays mounted).
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "installs the package into a chroot: root only (make check as root, as CI runs it)"
[ "${A2_SAN:-0}" = 1 ] && skip_all "the package is the optimised build: tested by make check, not SAN=1"
[ "${A2_VALGRIND:-0}" = 1 ] && skip_all "the package's tools are not the valgrind build"
for c in mmdebstrap dpkg-buildpackage dh unshare chroot; do
	command -v $c >/dev/null || skip_all "$c is missing: make deps-test installs it"
done
unshare --mount --propagation private true 2>/dev/null || skip_all "cannot make a mount namespace here"

V=$(cat "$A2_TOP/VERSION")
ARCH=$(dpkg --print-architecture)
DEB=$A2_TOP/build/deb/a2_${V}_$ARCH.deb
C=$A2_TOP/build/deb-root
now() { date +%s; }
bail() { echo "Bail out! $*"; exit 1; }
t0=$(now)

# The Debian 12 entries of this machine's apt sources (one-line and deb822),
# as one-line entries for mmdebstrap: the mirror the test may use, and no
# other.
debian_sources() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && awk '$1 == "deb" { o = ""; i = 2
			if ($2 ~ /^\[/) { while ($i !~ /\]$/) o = o " " $(i++); o = o " " $(i++) }
			if ($(i + 1) ~ /^bookworm/ && $i ~ /debian/) print "deb" o, $i, $(i + 1), substr($0, index($0, $(i + 2))) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && awk 'function flush(  n, m, u, s, i, j) {
				if (types ~ /(^| )deb( |$)/ && enabled != "no") {
					n = split(uris, u, " "); m = split(suites, s, " ")
					for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
						if (s[j] ~ /^bookworm/ && u[i] ~ /debian/)
							print "deb" (signed != "" ? " [signed-by=" signed "]" : ""), u[i], s[j], comps
				}
				types = uris = suites = comps = signed = enabled = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^#/ { next }
			{ k = tolower($1); sub(/:$/, "", k); v = $0; sub(/^[^:]*:[ \t]*/, "", v)
			  if (k == "types") types = v; else if (k == "uris") uris = v
			  else if (k == "suites") suites = v; else if (k == "components") comps = v
			  else if (k == "signed-by") signed = v; else if (k == "enabled") enabled = tolower(v) }
			END { flush() }' "$f"
	done
}
debian_sources > "$T/sources"
[ -s "$T/sources" ] || skip_all "no Debian 12 (bookworm) entry in /etc/apt/sources.list*"

# The clean root: mmdebstrap --variant=apt (Essential, apt), kept as a
# tarball beside the sources it came from; made again when they change.
mkdir -p "$C/archives"
if ! cmp -s "$T/sources" "$C/bookworm.sources" || [ ! -s "$C/bookworm.tar" ]; then
	set --
	while IFS= read -r l; do set -- "$@" "$l"; done < "$T/sources"
	if mmdebstrap --quiet --variant=apt --format=tar bookworm "$C/bookworm.tar.tmp" "$@" 2>"$T/mmdebstrap.err"; then
		mv -f "$C/bookworm.tar.tmp" "$C/bookworm.tar" && cp "$T/sources" "$C/bookworm.sources"
	else
		rm -f "$C/bookworm.tar.tmp"
		[ "${CI:-}" = true ] && bail "mmdebstrap failed: $(tail -n 1 "$T/mmdebstrap.err")"
		skip_all "mmdebstrap could not make a Debian 12 root from $(awk '{print $(NF - 2)}' "$T/sources" | sort -u | tr '\n' ' ')(offline?): $(tail -n 1 "$T/mmdebstrap.err")"
	fi
fi
t_root=$(now)

# A2_DEB_DEMO=1 also tries make demo from the sources in another clean
# root, as a new user would (apt-get install make; make demo): about 200 MB
# of packages and a build, some minutes, so not by default.
if [ -n "${A2_DEB_DEMO:-}" ]; then plan 24; else plan 22; fi

# --- make deb -----------------------------------------------------------------
exits 0 "make deb" -- make -C "$A2_TOP" deb
t_deb=$(now)
ok "[ -f '$DEB' ]" "build/deb/a2_${V}_$ARCH.deb"
is "$(dpkg-deb -f "$DEB" Package Version Architecture | tr '\n' ' ')" \
    "Package: a2 Version: $V Architecture: $ARCH " "name, VERSION, architecture"
dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/^ *//' > "$T/depends"
is "$(tail -n 5 "$T/depends" | tr '\n' ' ')" "make jq libjs-leaflet libarchive-tools ca-certificates " \
    "Depends: what the jobs run, after the libraries"
is "$(grep -E '^(libgdal32|libcurl4|libzip4|libpng16-16|libjansson4|libnettle8)( |$)' "$T/depends" | cut -d' ' -f1 | tr '\n' ' ')" \
    "libcurl4 libgdal32 libjansson4 libnettle8 libpng16-16 libzip4 " "Depends: a2's libraries, from shlibs"
is "$(grep -E -e '-dev|^gdal-bin|postgres|chromium|lighttpd|vsftpd|slurm|mandoc|valgrind|python|nodejs' "$T/depends")" "" \
    "Depends: nothing to build or test with"
dpkg-deb -c "$DEB" | awk '{ print substr($6, 2) }' | sort > "$T/files"
want=$(cd "$A2_TOP" && { for f in tools/*.c; do f=${f#tools/}; echo "/usr/bin/${f%.c}"; done
	for f in man/*.[17]; do echo "/usr/share/man/man${f##*.}/${f#man/}.gz"; done
	for f in mk/*.mk mk/dispatch.sh; do echo "/usr/share/a2/$f"; done
	for f in examples/*.mk; do echo "/usr/share/a2/$f"; done
	echo /usr/share/a2/hysds/a2-hysds-job; echo /usr/share/a2/viewer/index.html; } | sort)
is "$(printf '%s\n' "$want" | comm -23 - "$T/files")" "" "every tool, manual, make file and job in the package"
is "$(grep -E '^/usr/local|^/usr/lib/debug|/\.[^/]*$' "$T/files")" "" "nothing under /usr/local, no debug files, no dot file"

# --- the clean root -----------------------------------------------------------
# inroot CMD...: CMD in the root, with /proc, a clean environment and the
# root's own PATH
R=$T/root
inroot() {
	unshare --mount --propagation private sh -c 'mount -t proc proc "$1/proc" && exec chroot "$@"' sh \
	    "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"
}
mkdir "$R" && tar -C "$R" -xf "$C/bookworm.tar" || bail "cannot unpack $C/bookworm.tar"
cp -L /etc/resolv.conf "$R/etc/resolv.conf"
cp "$DEB" "$R/tmp/"
find "$C/archives" -name '*.deb' -exec cp {} "$R/var/cache/apt/archives/" \;
exits 0 "apt installs the package into the clean Debian 12 root, dependencies and all" -- inroot sh -c \
    "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/${DEB##*/}"
find "$R/var/cache/apt/archives" -name '*.deb' -exec cp -n {} "$C/archives/" \;
t_inst=$(now)
is "$(inroot dpkg-query -W -f '${Status} ${Version}' a2)" "install ok installed $V" "dpkg says a2 $V is installed"
want=$(cd "$A2_TOP/tools" && for f in *.c; do echo "${f%.c} (a2) $V"; done)
is "$(cd "$A2_TOP/tools" && for f in *.c; do inroot "/usr/bin/${f%.c}" --version; done 2>&1)" "$want" \
    "every installed tool runs there: --version"

# The same job, from the build tree here and from the package in the root,
# at the same absolute path (records hold absolute paths), on the order
# the root's a2synth makes.
J=$T/job
mkdir -p "$R$J"
synth="a2synth --size tiny --level 2.1 --format GeoTIFF --pols HH,HV --package order --order 0000000301 -o $J/src"
exits 0 "the installed a2synth makes an order" -- inroot sh -c "$synth >$J/synth.jsonl"
ID=$(jq -r .id "$R$J/synth.jsonl")
mkdir -p "$J" && $synth >"$J/synth.jsonl" 2>"$T/synth.err" || bail "a2synth: $(cat "$T/synth.err")"
same_file "$J/src/0000000301.zip" "$R$J/src/0000000301.zip" "the same order as the build tree's a2synth"
job="make -f /usr/share/a2/examples/url.mk A2_DATA=$J/d A2_TILES_ZOOM=0-8 URL=file://$J/src/0000000301.zip"
exits 0 "the URL job runs there from the installed files (url.mk, mk/, tools on PATH)" -- inroot sh -c "cd $J && $job"
t_job=$(now)
is "$(ls "$R$J/d/products")" "$ID" "its product, $ID"
is "$(ls "$R$J/d/products/$ID" | tr '\n' ' ')" \
    "$ID.dataset.json $ID.met.json $ID.stac.json $ID.zip IMG-HH-${ID}_disp.browse.png IMG-HH-${ID}_disp.browse_small.png IMG-HV-${ID}_disp.browse.png IMG-HV-${ID}_disp.browse_small.png tiles " \
    "its files"
exits 0 "the same job from the build tree" -- make -f "$A2_TOP/examples/url.mk" A2_DATA="$J/d" A2_TILES_ZOOM=0-8 \
    URL="file://$J/src/0000000301.zip"
exits 0 "the products are the same, byte for byte ($(find "$J/d/products" -type f | wc -l | tr -d ' ') files)" -- \
    diff -r "$J/d/products" "$R$J/d/products"
is "$(inroot sh -c "A2_CATALOG=$J/d/catalog.gpkg a2catalog query" | jq -c 'del(.ingest_time)')" \
    "$(A2_CATALOG=$J/d/catalog.gpkg a2catalog query | jq -c 'del(.ingest_time)')" "so is the catalog"
rm -rf "$J"

# --- make demo from the sources, in a clean root --------------------------------
if [ -n "${A2_DEB_DEMO:-}" ]; then
	rm -rf "$R" && mkdir "$R" && tar -C "$R" -xf "$C/bookworm.tar" || bail "cannot unpack $C/bookworm.tar"
	cp -L /etc/resolv.conf "$R/etc/resolv.conf"
	mkdir -p "$R/src/a2"
	(cd "$A2_TOP" && cp -a GNUmakefile VERSION README.md NEWS.md debian doc examples lib man mk share tools "$R/src/a2/")
	t_demo=$(now)
	exits 0 "make demo in a clean Debian 12 root with only make added: make deps installs the rest" -- \
	    inroot sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q make &&
		cd /src/a2 && DEBIAN_FRONTEND=noninteractive make demo'
	is "$(grep -c '^  ALOS2.*  L[12]\.1  HH,HV  ' "$T/.out")" 2 "its two products listed"
	diag "make demo (apt-get install make, make deps, the build, the demo): $(($(now) - t_demo)) s"
fi

# --- the container ------------------------------------------------------------
# podman with storage of its own under $T (vfs: no mounts to undo), runc
# (crun cannot run with the hybrid cgroups of some hosts), open files and
# processes limited below the caller's limits (raising them needs
# CAP_SYS_RESOURCE); the image is built with chroot isolation.
if ! command -v podman >/dev/null; then
	for d in "image built from Containerfile" "its tools run" "the URL job in the container"; do
		echo "ok $((_tap_n += 1)) # skip $d: podman is not installed (make deps-test installs it)"
	done
else
	P=$T/podman
	pm() {
		podman --root "$P/graph" --runroot "$P/run" --storage-driver vfs --cgroup-manager cgroupfs \
		    $(command -v runc >/dev/null && echo --runtime runc) "$@"
	}
	pmrun() { pm run --rm --network host --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 "$@"; }
	# (its files go with $T; a container left by a killed run is stopped)
	at_exit "pm rm --all --force --time 0 >/dev/null 2>&1"
	t_pm=$(now)
	pm import --quiet "$C/bookworm.tar" docker.io/library/debian:bookworm >/dev/null 2>"$T/import.err" ||
	    bail "podman import: $(cat "$T/import.err")"
	exits 0 "image built from Containerfile (FROM debian:bookworm: the root above)" -- \
	    pm build --quiet --pull=never --isolation chroot --network host -t localhost/a2:test -f "$A2_TOP/Containerfile" "$A2_TOP"
	t_img=$(now)
	# the job at the same path as the build tree's, which runs first; one
	# container (with vfs, each is a copy of the image)
	mkdir -p "$J" "$T/ctr"
	$synth >"$J/synth.jsonl" && make -s -f "$A2_TOP/examples/url.mk" A2_DATA="$J/d" A2_TILES_ZOOM=0-8 \
	    URL="file://$J/src/0000000301.zip" >/dev/null && mv "$J"/* "$T/ctr/" || bail "the build tree's job"
	mkdir -p "$T/ctr/c/src" && cp "$T/ctr/src/0000000301.zip" "$T/ctr/c/src/"
	pmrun -v "$T/ctr/c:$J" localhost/a2:test sh -c "a2fetch --version >$J/version && $job" >"$T/ctr.out" 2>&1
	s=$?
	[ $s = 0 ] || sed 's/^/# container: /' "$T/ctr.out" >&2
	is "$(cat "$T/ctr/c/version")" "a2fetch (a2) $V" "its tools run: a2fetch --version"
	ok "[ $s = 0 ] && diff -r '$T/ctr/d/products' '$T/ctr/c/d/products'" \
	    "the URL job in the container (make -f /usr/share/a2/examples/url.mk): the same products"
	diag "image: $(($(now) - t_img)) s to run; imported and built in $((t_img - t_pm)) s"
fi
diag "times: root $((t_root - t0)) s (cached in $C), make deb $((t_deb - t_root)) s," \
     "apt install $((t_inst - t_deb)) s, job $((t_job - t_inst)) s, all $(($(now) - t0)) s"
