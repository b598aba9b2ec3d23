#!/bin/sh
# Install the session-recorder binary from its GitHub release:
#
#   curl -fsSL https://raw.githubusercontent.com/session-recorder/session-recorder/main/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --version 0.1.0 --prefix ~/opt --wire-hooks
#
# Options:
#   --version X    that release (default: the latest)
#   --prefix DIR   install to DIR/bin/session-recorder (default: ~/.local/bin/session-recorder)
#   --wire-hooks   then run `session-recorder install` (hooks into ~/.claude/settings.json);
#                  without it you are asked, when there is a terminal to ask on
# Environment:
#   SESSION_RECORDER_BASE_URL   the folder holding the release assets, instead of GitHub's:
#                               <url>/session-recorder-<os>-<arch>.tar.gz and <url>/SHA256SUMS
#                               (<os> linux|darwin, <arch> x64|arm64)
#   SESSION_RECORDER_OS, SESSION_RECORDER_ARCH   testing aids: stand in for `uname -s` / `uname -m`
#
# It never uses sudo; for a system-wide --prefix, run it with sudo yourself.

# The GitHub repository (owner/name) the releases come from: the one place to change it.
REPO="session-recorder/session-recorder"

set -eu

say() { printf 'session-recorder: %s\n' "$*"; }
die() {
  printf 'session-recorder: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<EOF
usage: install.sh [--version X] [--prefix DIR] [--wire-hooks]
  --version X    that release (default: the latest)
  --prefix DIR   install to DIR/bin/session-recorder (default: ~/.local/bin/session-recorder)
  --wire-hooks   then run \`session-recorder install\` (hooks into ~/.claude/settings.json)
Environment: SESSION_RECORDER_BASE_URL (a folder holding the release assets)
EOF
}

# Sets os and arch to release names, or stops with the reason.
detect_platform() {
  raw_os=${SESSION_RECORDER_OS:-$(uname -s)}
  raw_arch=${SESSION_RECORDER_ARCH:-$(uname -m)}
  case $raw_os in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) die "unsupported OS: $raw_os (release binaries exist for Linux and macOS; elsewhere build from source: https://github.com/$REPO#install)" ;;
  esac
  case $raw_arch in
    x86_64 | amd64) arch=x64 ;;
    arm64 | aarch64) arch=arm64 ;;
    *) die "unsupported CPU architecture: $raw_arch (release binaries exist for x86_64 and arm64; elsewhere build from source: https://github.com/$REPO#install)" ;;
  esac
  # A shell under Rosetta 2 reports x86_64 on Apple Silicon: install the native arm64 build.
  if [ "$os-$arch" = darwin-x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
    arch=arm64
  fi
}

download() { # url file
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 --connect-timeout 20 -o "$2" "$1" || die "download failed: $1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1" || die "download failed: $1"
  else
    die "neither curl nor wget is installed"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    die "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

# The checksum listed for a file name in SHA256SUMS (empty when it is not listed).
listed() {
  awk -v f="$1" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS"
}

wire_hooks() {
  "$target" install || die "\`$target install\` failed"
}

main() {
  version=""
  prefix="$HOME/.local"
  wire=""
  while [ $# -gt 0 ]; do
    case $1 in
      --version) [ $# -ge 2 ] || die "--version needs a value"; version=${2#v}; shift 2 ;;
      --version=*) version=${1#--version=}; version=${version#v}; shift ;;
      --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
      --prefix=*) prefix=${1#--prefix=}; shift ;;
      --wire-hooks) wire=yes; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done

  detect_platform
  asset="session-recorder-$os-$arch"
  if [ -n "${SESSION_RECORDER_BASE_URL:-}" ]; then
    base=${SESSION_RECORDER_BASE_URL%/}
  elif [ -n "$version" ]; then
    base="https://github.com/$REPO/releases/download/v$version"
  else
    base="https://github.com/$REPO/releases/latest/download"
  fi
  bindir="$prefix/bin"
  target="$bindir/session-recorder"

  tmp=$(mktemp -d 2>/dev/null || mktemp -d -t session-recorder)
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 1' HUP INT TERM

  download "$base/SHA256SUMS" "$tmp/SHA256SUMS"
  # The same binary already installed (SHA256SUMS lists the bare binaries too): nothing to do.
  want_bin=$(listed "$asset")
  if [ -n "$want_bin" ] && [ -f "$target" ] && [ "$(sha256 "$target")" = "$want_bin" ]; then
    say "$("$target" --version 2>/dev/null || echo "this version") is already installed at $target: nothing to do"
    [ -z "$wire" ] || wire_hooks
    exit 0
  fi

  say "downloading $asset.tar.gz from $base"
  download "$base/$asset.tar.gz" "$tmp/$asset.tar.gz"
  want=$(listed "$asset.tar.gz")
  [ -n "$want" ] || die "$asset.tar.gz is not listed in $base/SHA256SUMS: nothing installed"
  got=$(sha256 "$tmp/$asset.tar.gz")
  [ "$got" = "$want" ] || die "checksum mismatch for $asset.tar.gz (expected $want, got $got): nothing installed"
  tar -xzf "$tmp/$asset.tar.gz" -C "$tmp" session-recorder || die "$asset.tar.gz has no session-recorder in it: nothing installed"
  chmod 755 "$tmp/session-recorder"
  new_version=$("$tmp/session-recorder" --version 2>/dev/null) || die "the downloaded binary does not run on this machine ($raw_os $raw_arch): nothing installed"
  [ -z "$version" ] || [ "$new_version" = "$version" ] || die "asked for $version but the download is $new_version: nothing installed"

  if [ -f "$target" ] && cmp -s "$tmp/session-recorder" "$target"; then
    say "session-recorder $new_version is already installed at $target: nothing to do"
    [ -z "$wire" ] || wire_hooks
    exit 0
  fi
  mkdir -p "$bindir" 2>/dev/null || true
  if [ ! -w "$bindir" ]; then
    die "cannot write to $bindir: choose another --prefix (or run this script with sudo if you mean a system-wide install)"
  fi
  # Copy beside the target, then rename: a running hook sees the old binary or the new one.
  cp "$tmp/session-recorder" "$bindir/.session-recorder.$$"
  mv -f "$bindir/.session-recorder.$$" "$target"
  say "installed session-recorder $new_version at $target"

  case ":$PATH:" in
    *":$bindir:"*) ;;
    *) say "note: $bindir is not on your PATH; add it, e.g.: export PATH=\"$bindir:\$PATH\"" ;;
  esac

  if [ -n "$wire" ]; then
    wire_hooks
  elif [ -t 1 ] && (: </dev/tty) 2>/dev/null; then
    # With `curl | sh` stdin is this script: ask on the terminal instead.
    printf '%s' "Add its hooks to ~/.claude/settings.json now (runs: session-recorder install)? [y/N] "
    answer=""
    read -r answer </dev/tty || true
    case $answer in
      [yY] | [yY][eE][sS]) wire_hooks ;;
      *) say "later: run \`$target install\` (or use the Claude Code plugin instead; see https://github.com/$REPO#install)" ;;
    esac
  else
    say "to record sessions, run \`$target install\` (or use the Claude Code plugin instead; see https://github.com/$REPO#install)"
  fi
}

main "$@"
