#!/bin/sh
# mk/deb.sh OUT: builds the Debian package of this source tree (make deb).
# The sources it is built from are copied to OUT/a2-VERSION, where
# debian/changelog is written with VERSION (the changelog is not kept in
# git: VERSION is the one place the version is said); dpkg-buildpackage -b
# then writes a2_VERSION_ARCH.deb, .buildinfo and .changes beside that
# copy, in OUT, and nothing next to the checkout.  Its date, which dpkg
# uses as SOURCE_DATE_EPOCH, is the last commit's, so that building a
# commit again makes the same package.  DEB_JOBS: make -j for the build.
set -eu
out=${1:?usage: mk/deb.sh OUTDIR}
v=$(cat VERSION)
src=$out/a2-$v
maint=$(sed -n 's/^Maintainer: //p' debian/control)
date=$(git log -1 --format=%cD 2>/dev/null) || date=
[ -n "$date" ] || date=$(date -R)
rm -rf "$src" "$out"/a2_"$v"_*
mkdir -p "$src"
cp -a GNUmakefile VERSION README.md NEWS.md debian doc examples lib man mk share tools "$src"/
printf 'a2 (%s) bookworm; urgency=medium\n\n  * a2 %s (NEWS.md).\n\n -- %s  %s\n' \
	"$v" "$v" "$maint" "$date" > "$src/debian/changelog"
# a make of its own, not a member of the one running make deb
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
cd "$src"
dpkg-buildpackage -b -us -uc -J"${DEB_JOBS:-2}"
cd ..
ls "$PWD"/a2_"$v"_*.deb
