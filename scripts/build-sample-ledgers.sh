#!/usr/bin/env bash
# Rebuilds the sample ledgers in events/ from their source scripts, appending through fundledger itself so
# that every event passes validation, then snapshots them. Existing ledgers are kept unless --force is given.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fundledger >/dev/null
bin=.build/release/fundledger
for name in xinjiang-sme-2023 changji-sme-bureau-2023 xj-sme-center-2024; do
  ledger="events/$name.jsonl"
  # The ledger is append-only: an existing one gets only the events it does not have yet (appending an
  # identical event again is a no-op). --force starts a new file instead.
  if [ -e "$ledger" ] && [ "${1:-}" = "--force" ]; then rm -f "$ledger" "snapshots/$name"-*.snap "snapshots/$name"-*.query "snapshots/$name"-*.summary; fi
  [ -e "$ledger" ] || "$bin" init "$ledger"
  python3 "scripts/$name.py" | "$bin" --ledger "$ledger" append -
  "$bin" --ledger "$ledger" verify
  "$bin" --ledger "$ledger" snapshot
done
