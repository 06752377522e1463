#!/usr/bin/env bash
# `npm start`: a local n8n 2.x with this package loaded and the example workflows imported.
#   1. installs what is missing: npm dependencies, Node 24 and n8n@2.41.1 (scripts/n8n/install.sh, cached in .cache/)
#   2. builds the package (npm run build) and packs it (npm pack)
#   3. installs the tarball into .n8n-local/.n8n/nodes as a community package, starts n8n on 127.0.0.1 with
#      embedded SQLite, creates the owner and an API key on first start, imports and activates the workflows
#   4. prints the editor URL, the webhook URL and the owner login, and runs until Ctrl-C.
# Environment: TP_N8N_PORT (default 5678), TP_N8N_USER_FOLDER (default .n8n-local), TP_N8N_CACHE (install dir),
# TP_SMTP_HOST / TP_SMTP_PORT (where the example SMTP credential points; default 127.0.0.1:1025).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh
bash scripts/n8n/install.sh
echo "[start] building the package" >&2
npm run build --silent
# exec: Ctrl-C reaches the node process, which stops n8n before it exits.
exec node node_modules/ts-node/dist/bin.js --transpile-only scripts/n8n/start.ts "$@"
