#!/usr/bin/env bash
# The whole test suite, on a fresh Debian 12 machine with Node 20, as root:
# installs what it needs, builds, and runs unit and integration tests against real
# daemons (private instances under a temp root on loopback ports).
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "the test suite runs as root (it creates Linux users and runs the agent)" >&2; exit 1; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
. deploy/lib/packages.sh
. deploy/lib/npm.sh
install_debian_packages
npm_install_locked
npm run build
# The tests and the benchmarks are type-checked too (jest and bench/ts-hook.js only strip their types).
npx tsc --noEmit -p tsconfig.test.json
npx jest --runInBand --ci "$@"
