# tests/bench/unpack.sh (sourced by tests/bench/run): a2unpack against
# bsdtar -xf (the baseline) and unzip -q on a realistic 2-pol L1.5 GeoTIFF
# product zip (~400 MB inflated), generated once into $BENCH_DIR.
src=$BENCH_DIR/unpack-src
out=$BENCH_DIR/unpack-out
zip=$(ls "$src"/*.zip 2>/dev/null | head -n 1)
if [ -z "$zip" ]; then
	echo "bench: unpack: generating the product zip in $src" >&2
	rm -rf "$src"
	a2synth --size bench --level 1.5 --format GeoTIFF --package flat -o "$src" >/dev/null ||
		{ echo "bench: unpack: a2synth failed" >&2; rm -rf "$src"; return 1; }
	zip=$(ls "$src"/*.zip | head -n 1)
fi

# Each run starts from an empty dir with the previous run's dirty pages
# written out, so no tool pays for another's writeback.
prep() { echo "rm -rf '$out/$1' && mkdir -p '$out/$1' && sync"; }

if command -v bsdtar >/dev/null; then
	bench_row unpack "bsdtar -xf" "$(bench_median "$(prep bsdtar)" "bsdtar -xf '$zip' -C '$out/bsdtar'")" base
fi
bench_row unpack "a2unpack" "$(bench_median "$(prep a2)" "a2unpack -d '$out/a2' '$zip'")"
bench_row unpack "a2unpack --no-sync" "$(bench_median "$(prep a2)" "a2unpack --no-sync -d '$out/a2' '$zip'")"
bench_row unpack "a2unpack -j 1" "$(bench_median "$(prep a2)" "a2unpack -j 1 -d '$out/a2' '$zip'")"
if command -v unzip >/dev/null; then
	bench_row unpack "unzip -q" "$(bench_median "$(prep unzip)" "unzip -q '$zip' -d '$out/unzip'")"
fi
rm -rf "$out"
