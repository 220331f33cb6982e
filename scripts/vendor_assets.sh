#!/usr/bin/env bash
# Vendor Tremplin's front-end assets from the npm registry, so that no CDN is
# needed at run time.
#
# Output: tremplin/common/static/vendor/{bootstrap,bootstrap-icons,leaflet,chartjs}/
#         tremplin/common/static/vendor/VERSIONS.md (generated, do not edit)
#
# Upgrading: change a version below, run this script, review `git diff`
# (VERSIONS.md records the tarball integrity and the sha256 of every file).
#
# htmx is NOT vendored here: it ships with the django-htmx Python package.
#
# Requirements: bash, npm (with node), tar, sha256sum.
# Only `npm pack` is used: it downloads the published tarball, checks it against
# the registry's integrity hash, and runs no install scripts.
set -euo pipefail

# ---- pinned versions ---------------------------------------------------------
BOOTSTRAP_VERSION="5.3.8"
BOOTSTRAP_ICONS_VERSION="1.13.2"   # latest 1.x at time of vendoring
LEAFLET_VERSION="1.9.4"
CHARTJS_VERSION="4.6.1"            # latest 4.x at time of vendoring

# Minified files end with a `sourceMappingURL` comment pointing at a .map file
# that we do not ship. Django's ManifestStaticFilesStorage (and WhiteNoise's
# CompressedManifestStaticFilesStorage) rewrite those references during
# `collectstatic` and abort with "The file '....map' could not be found".
# So the comment line is removed (this is the only change made to upstream files).
# Set STRIP_SOURCEMAP_COMMENTS=0 to copy files byte-for-byte instead.
STRIP_SOURCEMAP_COMMENTS="${STRIP_SOURCEMAP_COMMENTS:-1}"

# ---- paths -------------------------------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
DEST="$REPO_ROOT/tremplin/common/static/vendor"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tremplin-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

for cmd in npm node tar sha256sum; do
    command -v "$cmd" >/dev/null || { echo "error: '$cmd' not found" >&2; exit 1; }
done

# ---- helpers -----------------------------------------------------------------
# fetch NAME VERSION -> unpacks into $WORK/NAME/package, records integrity
declare -A INTEGRITY=()
fetch() {
    local name="$1" version="$2" out="$WORK/$1"
    mkdir -p "$out"
    echo ">> npm pack $name@$version" >&2
    npm pack "$name@$version" --pack-destination "$out" --ignore-scripts --json --silent >"$out/pack.json"
    local tgz integrity got_version
    tgz="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$out/pack.json")"
    integrity="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].integrity' "$out/pack.json")"
    tar -xzf "$out/$tgz" -C "$out"
    got_version="$(node -p 'require(process.argv[1]).version' "$out/package/package.json")"
    if [[ "$got_version" != "$version" ]]; then
        echo "error: expected $name@$version, got $got_version" >&2
        exit 1
    fi
    INTEGRITY["$name"]="$integrity"
}

# put SRC DST -> copy one file, creating parent dirs, refusing missing sources
put() {
    local src="$1" dst="$2"
    [[ -f "$src" ]] || { echo "error: missing upstream file $src" >&2; exit 1; }
    mkdir -p "$(dirname "$dst")"
    cp "$src" "$dst"
    chmod 0644 "$dst"
}

strip_sourcemap() {
    [[ "$STRIP_SOURCEMAP_COMMENTS" == "1" ]] || return 0
    local f="$1"
    sed -E -i '/^[[:space:]]*(\/\/|\/\*)[#@][[:space:]]*sourceMappingURL=[^[:space:]]*([[:space:]]*\*\/)?[[:space:]]*$/d' "$f"
    if grep -q 'sourceMappingURL=' "$f"; then
        echo "error: sourceMappingURL still present in $f" >&2
        exit 1
    fi
}

license_of() {
    node -p 'require(process.argv[1]).license' "$WORK/$1/package/package.json"
}

# ---- fetch -------------------------------------------------------------------
fetch bootstrap "$BOOTSTRAP_VERSION"
fetch bootstrap-icons "$BOOTSTRAP_ICONS_VERSION"
fetch leaflet "$LEAFLET_VERSION"
fetch chart.js "$CHARTJS_VERSION"

# ---- install into the static tree ----------------------------------------------
# Only the directories managed by this script are replaced.
mkdir -p "$DEST"
rm -rf "$DEST/bootstrap" "$DEST/bootstrap-icons" "$DEST/leaflet" "$DEST/chartjs"

# Bootstrap (CSS has no relative url() references, only data: URIs)
P="$WORK/bootstrap/package"
put "$P/dist/css/bootstrap.min.css"       "$DEST/bootstrap/bootstrap.min.css"
put "$P/dist/js/bootstrap.bundle.min.js"  "$DEST/bootstrap/bootstrap.bundle.min.js"
put "$P/LICENSE"                          "$DEST/bootstrap/LICENSE"
strip_sourcemap "$DEST/bootstrap/bootstrap.min.css"
strip_sourcemap "$DEST/bootstrap/bootstrap.bundle.min.js"

# Bootstrap Icons: the CSS references url("fonts/bootstrap-icons.woff2?...")
# relative to itself, so fonts/ must sit next to the CSS file.
P="$WORK/bootstrap-icons/package"
put "$P/font/bootstrap-icons.min.css"           "$DEST/bootstrap-icons/bootstrap-icons.min.css"
put "$P/font/fonts/bootstrap-icons.woff2"       "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff2"
put "$P/font/fonts/bootstrap-icons.woff"        "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff"
put "$P/LICENSE"                                "$DEST/bootstrap-icons/LICENSE"

# Leaflet: the CSS references url(images/...) relative to itself.
P="$WORK/leaflet/package"
put "$P/dist/leaflet.js"   "$DEST/leaflet/leaflet.js"
put "$P/dist/leaflet.css"  "$DEST/leaflet/leaflet.css"
shopt -s nullglob
imgs=("$P"/dist/images/*)
shopt -u nullglob
(( ${#imgs[@]} > 0 )) || { echo "error: no leaflet images found" >&2; exit 1; }
for img in "${imgs[@]}"; do
    put "$img" "$DEST/leaflet/images/$(basename "$img")"
done
put "$P/LICENSE"           "$DEST/leaflet/LICENSE"
strip_sourcemap "$DEST/leaflet/leaflet.js"

# Chart.js: dist/chart.umd.js is the minified UMD build (bundles @kurkle/color).
P="$WORK/chart.js/package"
put "$P/dist/chart.umd.js"  "$DEST/chartjs/chart.umd.js"
put "$P/LICENSE.md"         "$DEST/chartjs/LICENSE.md"
strip_sourcemap "$DEST/chartjs/chart.umd.js"

# ---- verify relative url() references in vendored CSS resolve -----------------
check_css_urls() {
    local css="$1" dir url path
    dir="$(dirname "$css")"
    while IFS= read -r url; do
        case "$url" in data:*|http:*|https:*|//*|\#*) continue ;; esac
        path="${url%%[?#]*}"
        if [[ ! -f "$dir/$path" ]]; then
            echo "error: $css references missing file '$url'" >&2
            exit 1
        fi
    done < <(grep -oE 'url\([^)]*\)' "$css" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//')
}
check_css_urls "$DEST/bootstrap/bootstrap.min.css"
check_css_urls "$DEST/bootstrap-icons/bootstrap-icons.min.css"
check_css_urls "$DEST/leaflet/leaflet.css"

# ---- VERSIONS.md ---------------------------------------------------------------
file_table() {
    local sub="$1" f rel
    echo
    echo "| File | Bytes | SHA-256 |"
    echo "|------|------:|---------|"
    while IFS= read -r f; do
        rel="${f#"$DEST"/}"
        printf '| `%s` | %s | `%s` |\n' "$rel" "$(wc -c <"$f" | tr -d ' ')" "$(sha256sum "$f" | cut -d' ' -f1)"
    done < <(find "$DEST/$sub" -type f | LC_ALL=C sort)
}

{
    echo "# Vendored front-end assets"
    echo
    echo "Generated by \`scripts/vendor_assets.sh\` from the npm registry. Do not edit by hand:"
    echo "change the pinned version in the script and re-run it."
    echo
    echo "htmx is not vendored here; it is served from the \`django-htmx\` Python package."
    echo
    echo "| Package | Version | Licence | Directory | npm tarball integrity |"
    echo "|---------|---------|---------|-----------|-----------------------|"
    echo "| bootstrap | $BOOTSTRAP_VERSION | $(license_of bootstrap) | \`bootstrap/\` | \`${INTEGRITY[bootstrap]}\` |"
    echo "| bootstrap-icons | $BOOTSTRAP_ICONS_VERSION | $(license_of bootstrap-icons) | \`bootstrap-icons/\` | \`${INTEGRITY[bootstrap-icons]}\` |"
    echo "| leaflet | $LEAFLET_VERSION | $(license_of leaflet) | \`leaflet/\` | \`${INTEGRITY[leaflet]}\` |"
    echo "| chart.js | $CHARTJS_VERSION | $(license_of chart.js) | \`chartjs/\` | \`${INTEGRITY[chart.js]}\` |"
    echo
    echo "## Files"
    echo
    echo "Upstream source path in the npm package → vendored path (relative to this directory)."
    echo
    echo "### bootstrap $BOOTSTRAP_VERSION"
    echo
    echo "- \`dist/css/bootstrap.min.css\` → \`bootstrap/bootstrap.min.css\`"
    echo "- \`dist/js/bootstrap.bundle.min.js\` → \`bootstrap/bootstrap.bundle.min.js\` (includes Popper)"
    echo "- \`LICENSE\` → \`bootstrap/LICENSE\`"
    file_table bootstrap
    echo
    echo "### bootstrap-icons $BOOTSTRAP_ICONS_VERSION"
    echo
    echo "- \`font/bootstrap-icons.min.css\` → \`bootstrap-icons/bootstrap-icons.min.css\`"
    echo "- \`font/fonts/bootstrap-icons.woff2\` → \`bootstrap-icons/fonts/bootstrap-icons.woff2\`"
    echo "- \`font/fonts/bootstrap-icons.woff\` → \`bootstrap-icons/fonts/bootstrap-icons.woff\`"
    echo "- \`LICENSE\` → \`bootstrap-icons/LICENSE\`"
    echo
    echo "The CSS loads \`url(\"fonts/bootstrap-icons.woff2?…\")\`, relative to the CSS file, so the"
    echo "\`fonts/\` directory must stay next to \`bootstrap-icons.min.css\`."
    file_table bootstrap-icons
    echo
    echo "### leaflet $LEAFLET_VERSION"
    echo
    echo "- \`dist/leaflet.js\` → \`leaflet/leaflet.js\`"
    echo "- \`dist/leaflet.css\` → \`leaflet/leaflet.css\`"
    echo "- \`dist/images/*\` → \`leaflet/images/\`"
    echo "- \`LICENSE\` → \`leaflet/LICENSE\`"
    file_table leaflet
    echo
    echo "### chart.js $CHARTJS_VERSION"
    echo
    echo "- \`dist/chart.umd.js\` → \`chartjs/chart.umd.js\` (minified UMD build, global \`Chart\`)"
    echo "- \`LICENSE.md\` → \`chartjs/LICENSE.md\`"
    file_table chartjs
    echo
    echo "## Changes from upstream"
    echo
    if [[ "$STRIP_SOURCEMAP_COMMENTS" == "1" ]]; then
        echo "The trailing \`sourceMappingURL\` comment line was removed from \`bootstrap.min.css\`,"
        echo "\`bootstrap.bundle.min.js\`, \`leaflet.js\` and \`chart.umd.js\`, because the \`.map\` files"
        echo "are not vendored and Django's \`ManifestStaticFilesStorage\` fails \`collectstatic\` on"
        echo "references to missing files. No other byte is changed; every other file is identical"
        echo "to the one in the npm tarball."
    else
        echo "None: every file is byte-identical to the one in the npm tarball."
    fi
} > "$DEST/VERSIONS.md"

echo ">> vendored into $DEST" >&2
du -sh "$DEST" >&2
