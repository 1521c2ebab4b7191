#!/usr/bin/env bash
# Copy from web/node_modules exactly the front-end files the site needs into
# web/vendor/ (committed to git, embedded in the binary by crates/web/build.rs,
# so a Rust build never needs node or npm).
#
#   cd web && npm ci && ./vendor.sh          # (re)populate web/vendor/
#   cd web && npm ci && ./vendor.sh --check  # CI: fail if web/vendor/ differs
#
# Layout of web/vendor/ (served under /static/vendor/…): the DSFR dist/ tree is
# kept as is below dsfr/, so the url(fonts/…), url(icons/…) and
# url(../../../icons/…) references of the CSS files resolve. Besides the CSS, JS
# and favicons, only the files that the copied CSS references through url(…)
# are shipped (fonts and icon SVGs), found by reading the CSS itself.
set -euo pipefail

usage() {
  echo "usage: $0 [--check]" >&2
  exit 2
}

check=0
case "$#:${1:-}" in
  0:) ;;
  1:--check) check=1 ;;
  *) usage ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
vendor="$here/vendor"
modules="$here/node_modules"
dsfr_pkg="$modules/@gouvfr/dsfr"
dsfr="$dsfr_pkg/dist"
htmx_pkg="$modules/htmx.org"

# DSFR icon categories whose utility CSS is shipped (dsfr.min.css itself defines
# no .fr-icon-* class). Add a category here when a page uses an icon of it; see
# node_modules/@gouvfr/dsfr/dist/utility/icons/ for the list.
#   system: logout-box-r, check, add, search, info, warning, error, success…
#   user: account…   arrows: arrow-…   design: edit…   business: archive…
icon_categories=(system user arrows design business)

die() {
  echo "vendor.sh: $*" >&2
  exit 1
}

# version NAME: the version package-lock.json pins for NAME, checked against
# the one installed in node_modules.
version() {
  local name="$1" locked installed
  [[ -f "$here/package-lock.json" ]] || die "web/package-lock.json is missing"
  locked="$(node -e '
    const lock = require(process.argv[1]);
    const p = (lock.packages || {})["node_modules/" + process.argv[2]];
    if (!p || !p.version) process.exit(1);
    process.stdout.write(p.version);
  ' "$here/package-lock.json" "$name")" || die "$name is not in web/package-lock.json"
  [[ -f "$modules/$name/package.json" ]] ||
    die "$name is not installed: run \`npm ci\` in web/ first"
  installed="$(node -e 'process.stdout.write(require(process.argv[1]).version)' \
    "$modules/$name/package.json")"
  [[ "$installed" == "$locked" ]] ||
    die "node_modules has $name@$installed but package-lock.json pins $locked: run \`npm ci\` in web/"
  printf '%s' "$locked"
}

# normalize PATH: PATH with its "." and ".." segments resolved (no file system
# access, unlike GNU realpath -m, which macOS lacks).
normalize() {
  local IFS=/ part n
  local -a parts=() segs=()
  read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    n=${#segs[@]}
    case "$part" in
      '' | .) ;;
      ..)
        if ((n > 0)) && [[ "${segs[n - 1]}" != .. ]]; then
          segs=("${segs[@]:0:n-1}")
        else
          segs+=(..)
        fi
        ;;
      *) segs+=("$part") ;;
    esac
  done
  printf '%s' "${segs[*]}"
}

# copy SRC_ROOT REL DEST_ROOT: copy SRC_ROOT/REL to DEST_ROOT/REL.
copy() {
  local src="$1/$2" dst="$3/$2"
  [[ -f "$src" ]] || die "missing file in the package: $src"
  mkdir -p "$(dirname "$dst")"
  cp "$src" "$dst"
}

# copy_css_refs CSS_REL DEST_ROOT: copy every local file that the CSS file
# dsfr/CSS_REL references through url(…), resolved against the CSS's folder.
copy_css_refs() {
  local css_rel="$1" out="$2" css_dir ref target
  css_dir="$(dirname "$css_rel")"
  while IFS= read -r ref; do
    ref="${ref#url(}"
    ref="${ref%)}"
    ref="${ref#[\"\']}"
    ref="${ref%[\"\']}"
    case "$ref" in
      data:* | http:* | https:* | //* | '#'* | '') continue ;;
    esac
    ref="${ref%%[?#]*}"
    target="$(normalize "$css_dir/$ref")"
    case "$target" in
      .. | ../* | /* | '') die "$css_rel references $ref, outside the DSFR dist folder" ;;
    esac
    copy "$dsfr" "$target" "$out/dsfr"
  done < <(grep -oE 'url\([^)]*\)' "$dsfr/$css_rel" | sort -u || true)
}

# populate OUT: write the whole vendored tree into the empty folder OUT.
populate() {
  local out="$1" dsfr_version htmx_version css c
  dsfr_version="$(version @gouvfr/dsfr)"
  htmx_version="$(version htmx.org)"

  local css_files=(dsfr.min.css)
  for c in "${icon_categories[@]}"; do
    css_files+=("utility/icons/icons-$c/icons-$c.min.css")
  done

  for css in "${css_files[@]}"; do
    copy "$dsfr" "$css" "$out/dsfr"
    copy_css_refs "$css" "$out"
  done
  copy "$dsfr" dsfr.module.min.js "$out/dsfr"
  copy "$dsfr" dsfr.nomodule.min.js "$out/dsfr"
  # favicon.svg, favicon.ico, apple-touch-icon.png, manifest.webmanifest and
  # the android-chrome-*.png icons that the manifest references.
  local f
  for f in "$dsfr"/favicon/*; do
    copy "$dsfr" "favicon/$(basename "$f")" "$out/dsfr"
  done
  # The CSS header names License-Filename: LICENSE.md.
  copy "$dsfr_pkg" LICENSE.md "$out/dsfr"

  copy "$htmx_pkg/dist" htmx.min.js "$out/htmx"
  copy "$htmx_pkg" LICENSE "$out/htmx"

  printf '@gouvfr/dsfr@%s\nhtmx.org@%s\n' "$dsfr_version" "$htmx_version" >"$out/VERSIONS"
}

command -v node >/dev/null || die "node is needed (it comes with npm)"

tmp="$(mktemp -d "$here/.vendor.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
populate "$tmp/vendor"

if ((check)); then
  if ! diff -r "$vendor" "$tmp/vendor" >"$tmp/diff" 2>&1; then
    echo "vendor.sh --check: web/vendor/ does not match web/package-lock.json:" >&2
    diff -rq "$vendor" "$tmp/vendor" 2>&1 | sed "s#$tmp/vendor#(expected) web/vendor#g; s#$here/#web/#g" | head -50 >&2 || true
    echo "Run \`npm ci && ./vendor.sh\` in web/ and commit web/vendor/." >&2
    exit 1
  fi
  echo "web/vendor/ matches package-lock.json ($(tr '\n' ' ' <"$tmp/vendor/VERSIONS"))"
else
  rm -rf "$vendor"
  mv "$tmp/vendor" "$vendor"
  echo "web/vendor/ written: $(find "$vendor" -type f | wc -l) files, $(find "$vendor" -type f -exec cat {} + | wc -c | tr -d ' ') bytes ($(tr '\n' ' ' <"$vendor/VERSIONS"))"
fi
