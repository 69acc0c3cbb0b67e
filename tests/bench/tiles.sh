# tests/bench/tiles.sh (sourced by tests/bench/run): a2tiles against
# gdal_translate + gdal2tiles on a realistic 10000x10000 dual-pol L2.1
# scene (a2synth --size bench); see tiles.inc.
bench=tiles
synth_args="--size bench"
. "$A2_TOP/tests/bench/tiles.inc"
