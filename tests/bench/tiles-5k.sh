# tests/bench/tiles-5k.sh (sourced by tests/bench/run): the same as
# tiles.sh on a 5000x5000 single-polarisation (FBS, HH) L2.1 scene, where
# the costs that do not grow with the scene's pixels (start-up, the zoom 14
# tiles of the same 70 km footprint, writing them) weigh most; see
# tiles.inc. Its 14 m pixels are larger than zoom 14's (9.5 m there), so
# zoom 14 upsamples: gdal2tiles (nearest into its 4x query, then 4x4
# averages) and a2tiles' area average differ there by about 5 in 8x8 block
# means, more than the agreement line's 2; zooms 0-13 agree within it.
bench=tiles-5k
synth_args="--size 5000x5000 --mode FBS"
. "$A2_TOP/tests/bench/tiles.inc"
