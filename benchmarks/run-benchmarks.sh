#!/usr/bin/env bash
# Runs the benchmark suite and regenerates docs/benchmarks.md from BenchmarkDotNet's exported results.
#
#   benchmarks/run-benchmarks.sh                 full run (several minutes); the numbers docs/benchmarks.md quotes
#   benchmarks/run-benchmarks.sh --short         smoke run (well under a minute); the report is marked as such
#   benchmarks/run-benchmarks.sh --filter '*Deserialize*'   any other argument goes to BenchmarkDotNet
#
# Set BENCHMARKS_REPORT to write the report somewhere other than docs/benchmarks.md.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo_root/benchmarks/Fireworks.Benchmarks"
artifacts="$repo_root/benchmarks/BenchmarkDotNet.Artifacts"
report="${BENCHMARKS_REPORT:-$repo_root/docs/benchmarks.md}"

cd "$repo_root"
# Stale results from an earlier run must not leak into the report.
rm -rf "$artifacts"

dotnet build "$project" -c Release --nologo -v:q
dotnet run -c Release --no-build --project "$project" -- --artifacts "$artifacts" "$@"
dotnet run -c Release --no-build --project "$project" -- report \
  --results "$artifacts/results" \
  --output "$report" \
  --command "benchmarks/run-benchmarks.sh${*:+ $*}"
