#!/usr/bin/env bash
# Installs what the web UI's browser test (crates/serve/tests/browser.rs) drives: Debian's
# chromium (and node/npm when absent) through apt, and the npm package playwright-core into
# ${PARALLAX_CACHE:-$HOME/.cache/parallax}/node, outside the clone. Idempotent: when all are
# present it only checks them, in well under a second.
set -euo pipefail

CACHE="${PARALLAX_CACHE:-$HOME/.cache/parallax}"
NODE_DIR="$CACHE/node"
PLAYWRIGHT_VERSION="1.65.1"

say() { echo "install-browser: $*" >&2; }

missing_apt=()
[ -x /usr/bin/chromium ] || missing_apt+=(chromium)
command -v node >/dev/null 2>&1 || missing_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || missing_apt+=(npm)
if [ "${#missing_apt[@]}" -gt 0 ]; then
    say "apt-get install ${missing_apt[*]}"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
fi

installed=""
if [ -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; then
    installed="$(node -p "require('$NODE_DIR/node_modules/playwright-core/package.json').version")"
fi
if [ "$installed" != "$PLAYWRIGHT_VERSION" ]; then
    say "npm install playwright-core@$PLAYWRIGHT_VERSION into $NODE_DIR"
    mkdir -p "$NODE_DIR"
    [ -f "$NODE_DIR/package.json" ] || echo '{"private": true}' > "$NODE_DIR/package.json"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION")
fi
say "chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $(node --version), playwright-core $PLAYWRIGHT_VERSION"
