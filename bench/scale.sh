#!/usr/bin/env bash
# The scale benchmark (see bench/scale.py): shape A (one partnership with 20,000
# activities, 2,000 events, 2,000 news) and shape B (2,000 partnerships), each beside
# the demo. Usage: bash bench/scale.sh [A] [B]   (both when none is named)
# Results go in bench/RESULTS.md by hand, with the date and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release -p zusterstad
shapes=("$@")
[ ${#shapes[@]} -eq 0 ] && shapes=(A B)
args=()
for s in "${shapes[@]}"; do args+=(--shape "$s"); done
python3 bench/scale.py --bin "$CARGO_TARGET_DIR/release/zusterstad" "${args[@]}" ${PARTNERSHIPS:+--partnerships "$PARTNERSHIPS"}
