#!/usr/bin/env bash
# The publish benchmark (see bench/publish.py): `zusterstad publish` of about 10,000
# and 30,000 pages beside Hugo building as many. Usage:
#   bash bench/publish.sh [--pages N]... [--many]
# Needs Debian's hugo (apt-get install hugo). Results go in bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release -p zusterstad
python3 bench/publish.py --bin "$CARGO_TARGET_DIR/release/zusterstad" "$@"
