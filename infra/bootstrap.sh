#!/usr/bin/env bash
# Entry point of `npm start` and `npm test` on a machine that has only Node.js and npm:
# installs the pinned pnpm and the dependencies, then runs the stack or the whole test suite.
set -euo pipefail

PNPM_VERSION=12.4.2
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[outloud]   %s\n' "$*"; }
fail() {
  printf '[outloud]   %s\n' "$@" >&2
  exit 1
}

usage() { fail "usage: bash infra/bootstrap.sh start|test"; }
[[ $# -eq 1 ]] || usage
command_name=$1
[[ $command_name == start || $command_name == test ]] || usage

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

check_node() {
  command -v node >/dev/null 2>&1 || fail "Node.js is not installed: install Node 20.19+ (https://nodejs.org)."
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1);
  ' || fail "Outloud needs Node.js 20.19 or newer; this is $(node --version)."
}

# Keep the exact pnpm of package.json#packageManager; other versions may resolve differently.
ensure_pnpm() {
  if [[ $(pnpm --version 2>/dev/null || true) == "$PNPM_VERSION" ]]; then
    return
  fi
  say "Installing pnpm $PNPM_VERSION…"
  if ! npm install -g "pnpm@$PNPM_VERSION" >/dev/null; then
    # No write access to npm's global prefix: install for this user instead.
    npm install -g --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null
  fi
  PATH="$(npm prefix -g)/bin:$HOME/.local/bin:$PATH"
  hash -r
  [[ $(pnpm --version 2>/dev/null || true) == "$PNPM_VERSION" ]] ||
    fail "Could not put pnpm $PNPM_VERSION on PATH; install it with: npm install -g pnpm@$PNPM_VERSION"
}

install_dependencies() {
  # confirmModulesPurge=false: never stop at an interactive question when run without a terminal.
  if [[ -f pnpm-lock.yaml ]]; then
    pnpm install --frozen-lockfile --config.confirmModulesPurge=false
  else
    pnpm install --config.confirmModulesPurge=false
  fi
}

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]]; then
    return
  fi
  say "Installing Debian's chromium for the browser tests…"
  if as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; then
    return
  fi
  fail "The browser tests need Chromium at /usr/bin/chromium, and it could not be installed." \
    "  Install it as root:  apt-get update && apt-get install -y chromium" \
    "  then run npm test again."
}

check_node
ensure_pnpm
install_dependencies

case $command_name in
  start)
    exec pnpm launch
    ;;
  test)
    ensure_chromium
    # Fails with instructions when PostgreSQL or NATS (with JetStream) is not reachable.
    pnpm exec tsx --conditions=development infra/src/preflight.ts
    exec pnpm verify
    ;;
esac
