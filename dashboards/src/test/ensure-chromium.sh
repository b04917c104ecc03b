#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboards' browser tests when it is missing. Never downloads a
# browser from anywhere else. Without root or apt the tests skip and say so; the build goes on.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get);" \
       "the browser tests will be skipped. Install it with: sudo apt-get install -y chromium" >&2
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium package for the browser tests ..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q chromium >/tmp/countersign-chromium-install.log 2>&1; then
  apt-get update -q >>/tmp/countersign-chromium-install.log 2>&1 && apt-get install -y -q chromium >>/tmp/countersign-chromium-install.log 2>&1 \
    || echo "ensure-chromium: installing chromium failed (see /tmp/countersign-chromium-install.log); the browser tests will be skipped." >&2
fi
exit 0
