#!/usr/bin/env bash
# Rebuilds the sample ledgers in events/ from their source scripts, appending through fundledger itself so
# that every event passes validation, then snapshots them. Existing ledgers are kept unless --force is given.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fundledger >/dev/null
bin=.build/release/fundledger
for name in xinjiang-sme-2023; do
  ledger="events/$name.jsonl"
  if [ -e "$ledger" ]; then
    if [ "${1:-}" != "--force" ]; then echo "$ledger exists; use --force to rebuild"; continue; fi
    rm -f "$ledger" "snapshots/$name"-*.snap
  fi
  "$bin" init "$ledger"
  python3 "scripts/$name.py" | "$bin" --ledger "$ledger" append -
  "$bin" --ledger "$ledger" verify
  "$bin" --ledger "$ledger" snapshot
done
