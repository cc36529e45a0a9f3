#!/bin/sh
# Runs the PHI detection benchmark and its peers in one go, on one generated corpus.
#
#   Benchmarks/peers/run_phi_benchmark.sh [SIZE_MB]
#
# Builds phi-benchmark in release mode and writes SIZE_MB (default 100) of generated mail
# text and the dictionary terms under Benchmarks/results/. Then it measures tlsguard: the
# whole pass five times, each kind of message, each stage alone, and short prose. It
# writes every assessment to Benchmarks/results/phi-findings.txt and runs
# Benchmarks/peers/phi_peers.py. The peers are installed from PyPI into the virtual
# environment PHI_PEERS_VENV (default /opt/phi-peers) when it does not exist yet.
set -eu

size="${1:-100}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
results="$root/Benchmarks/results"
venv="${PHI_PEERS_VENV:-/opt/phi-peers}"
mkdir -p "$results"

cd "$root"
swift build -c release --product phi-benchmark
benchmark="$root/.build/release/phi-benchmark"
"$benchmark" generate "$size" "$results/phi-corpus.bin"
"$benchmark" terms "$results/phi-terms.txt"

echo "machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$benchmark" run "$results/phi-corpus.bin" 5
"$benchmark" kinds 20
"$benchmark" stages "$results/phi-corpus.bin"
"$benchmark" prose
"$benchmark" table-walk "$results/phi-corpus.bin"
"$benchmark" findings "$results/phi-corpus.bin" "$results/phi-findings.txt"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet hyperscan pyahocorasick presidio-analyzer
fi
"$venv/bin/python" "$root/Benchmarks/peers/phi_peers.py" \
    "$results/phi-corpus.bin" "$results/phi-terms.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
