#!/usr/bin/env bash
# Copies Leaflet's built files from the npm package into crates/web/static/vendor, so
# the binary serves the map script itself (no CDN) and `cargo build` needs no npm.
# Run it to change the Leaflet version; the result is committed.
set -euo pipefail
version="${1:-1.9.4}"
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "leaflet@$version" --silent >/dev/null && tar xzf "leaflet-$version.tgz")
dest=crates/web/static/vendor/leaflet
rm -rf "$dest"
mkdir -p "$dest/images"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$tmp/package/LICENSE" "$dest/"
# The source map is not shipped; drop the comment that points to it.
sed -i '/sourceMappingURL/d' "$dest/leaflet.js"
cp "$tmp/package/dist/images/marker-icon.png" "$tmp/package/dist/images/marker-icon-2x.png" \
   "$tmp/package/dist/images/marker-shadow.png" "$dest/images/"
echo "leaflet $version" > "$dest/VERSION"
echo "vendored Leaflet $version into $dest"
