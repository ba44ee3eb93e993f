#!/usr/bin/env bash
# Validates prometheus/prometheus.yml with promtool (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v promtool > /dev/null; then
  echo "promtool not found: install Prometheus (Debian/Ubuntu: apt-get install -y prometheus)" >&2
  exit 1
fi
promtool check config prometheus.yml
