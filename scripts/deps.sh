#!/usr/bin/env bash
# Installs the npm dependencies when a fresh clone has none yet (`npm start` and `npm test` both begin here), so
# the README's two commands work with nothing installed. The repo's .npmrc keeps ignore-scripts=true: no
# dependency runs an install script (the native modules n8n needs are rebuilt on purpose in scripts/n8n/install.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Besides the three tools: the scanner and n8n's node CLI (npm run scan) and the link to the CLI workspace, which
# an install made before the repository became two workspace packages lacks.
if [[ ! -x node_modules/.bin/ts-node || ! -x node_modules/.bin/tsc || ! -x node_modules/.bin/jest
	|| ! -f node_modules/@n8n/scan-community-package/package.json || ! -f node_modules/@n8n/node-cli/package.json
	|| ! -e node_modules/talent-pipeline-cli/package.json ]]; then
	echo "[deps] installing npm dependencies (npm ci)" >&2
	npm ci --no-audit --no-fund
fi
