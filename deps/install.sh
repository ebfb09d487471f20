#!/bin/sh
# deps/install.sh: finds the build dependencies (LLVM 19, libuv, utf8proc, a C compiler, libdl from libc);
# installs the Debian packages when they are missing and we are root, else prints the apt-get line and stops.
set -e
PKGS="llvm-19-dev libuv1-dev libutf8proc-dev gcc make"
missing=""
command -v llvm-config-19 >/dev/null 2>&1 || missing="$missing llvm-19-dev"
[ -f /usr/include/uv.h ] || missing="$missing libuv1-dev"
[ -f /usr/include/utf8proc.h ] || missing="$missing libutf8proc-dev"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "deps: missing$missing. Install them with:" >&2
    echo "    sudo apt-get install -y $PKGS" >&2
    exit 1
fi
