# tests/bench/tiles-5k.sh (sourced by tests/bench/run): the same as
# tiles.sh on a 5000x5000 single-polarisation (FBS, HH) L2.1 scene, where
# the costs that do not grow with the scene's pixels (start-up, the zoom 14
# tiles of the same 70 km footprint, writing them) weigh most; see
# tiles.inc.
bench=tiles-5k
synth_args="--size 5000x5000 --mode FBS"
. "$A2_TOP/tests/bench/tiles.inc"
