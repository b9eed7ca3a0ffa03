#!/usr/bin/env bash
# Runs the benchmark suites and regenerates docs/benchmarks.md from their exported results.
#
#   benchmarks/run-benchmarks.sh                 full run (the better part of an hour); the numbers docs/benchmarks.md quotes
#   benchmarks/run-benchmarks.sh --short         smoke run (about a minute); the report is marked as such
#   benchmarks/run-benchmarks.sh --filter '*Deserialize*'   any other argument goes to BenchmarkDotNet (main suite only)
#
# A full run also times our generator inside a clean `dotnet build` of src/Fireworks.Generated, and runs the AIP-160,
# streaming-inference (vs the OpenAI .NET SDK) and delta-codec suites next to it (each only if its project exists and
# builds; --short runs the AIP and inference ones briefly).
# Set BENCHMARKS_REPORT to write the report somewhere other than docs/benchmarks.md, and
# BENCHMARKS_SKIP_EXTRAS=1 to run only the main suite.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo_root/benchmarks/Fireworks.Benchmarks"
artifacts="$repo_root/benchmarks/BenchmarkDotNet.Artifacts"
report="${BENCHMARKS_REPORT:-$repo_root/docs/benchmarks.md}"

short=false
for argument in "$@"; do
  [ "$argument" = "--short" ] && short=true
done

cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Stale results from an earlier run must not leak into the report.
rm -rf "$artifacts"

status=0
dotnet build "$project" -c Release --nologo -v:q
dotnet run -c Release --no-build --project "$project" -- --artifacts "$artifacts" "$@" || status=$?

now_ms() { date +%s%3N; }

# Our generator inside a real build: a clean build of the SDK (its own artifacts path, so nothing is up to date and
# no other build's output is touched) with the compiler's per-generator timing; the report parses the log.
if [ "$short" = false ] && [ "${BENCHMARKS_SKIP_EXTRAS:-0}" != 1 ]; then
  build_dir="$artifacts/sdk-build"
  build_command="dotnet build src/Fireworks.Generated/Fireworks.Generated.csproj -c Release --artifacts-path <fresh dir> -p:ReportAnalyzer=true -v:d"
  echo "== generator time inside dotnet build: $build_command"
  started=$(now_ms)
  if dotnet build src/Fireworks.Generated/Fireworks.Generated.csproj -c Release --artifacts-path "$build_dir" \
      -p:ReportAnalyzer=true -v:d --nologo > "$artifacts/sdk-build.log" 2>&1; then
    elapsed=$(( $(now_ms) - started ))
    printf '{"command": "%s", "wallSeconds": %d.%03d}\n' "$build_command" $((elapsed / 1000)) $((elapsed % 1000)) > "$artifacts/sdk-build.json"
  else
    echo "The SDK build failed; see $artifacts/sdk-build.log" >&2
    status=1
  fi
  rm -rf "$build_dir"
fi

# The other suites of the repository, each into suites/NAME/ (their BenchmarkDotNet exports are quoted in the report).
run_suite() {
  local name="$1" suite_project="$2"; shift 2
  local suite_dir="$artifacts/suites/$name"
  [ -f "$suite_project" ] || return 0
  mkdir -p "$suite_dir"
  echo "== suite $name: $suite_project $*"
  if ! dotnet build "$suite_project" -c Release --nologo -v:q > "$suite_dir/build.log" 2>&1; then
    echo "its project did not build (see BenchmarkDotNet.Artifacts/suites/$name/build.log)" > "$suite_dir/status.txt"
    return 0
  fi
  local code=0
  dotnet run -c Release --no-build --project "$suite_project" -- "$@" --artifacts "$suite_dir" || code=$?
  if [ "$code" -ne 0 ]; then
    echo "it exited with code $code" > "$suite_dir/status.txt"
    status=1
  fi
}

if [ "${BENCHMARKS_SKIP_EXTRAS:-0}" != 1 ]; then
  if [ "$short" = true ]; then
    run_suite aip benchmarks/Fireworks.Benchmarks.Aip/Fireworks.Benchmarks.Aip.csproj --short
    run_suite inference benchmarks/Fireworks.Benchmarks.Inference/Fireworks.Benchmarks.Inference.csproj --short
  else
    run_suite aip benchmarks/Fireworks.Benchmarks.Aip/Fireworks.Benchmarks.Aip.csproj
    # Streaming chat completions against the OpenAI .NET SDK (issue 13); the report adds per-chunk figures and targets.
    run_suite inference benchmarks/Fireworks.Benchmarks.Inference/Fireworks.Benchmarks.Inference.csproj
    # The codec's end-to-end numbers live in docs/codec-benchmarks.md; here its kernel micro-benchmarks, short job.
    run_suite codec benchmarks/Fireworks.Benchmarks.Codec/Fireworks.Benchmarks.Codec.csproj micro --filter '*' --job short
  fi
fi

dotnet run -c Release --no-build --project "$project" -- report \
  --results "$artifacts/results" \
  --output "$report" \
  --command "benchmarks/run-benchmarks.sh${*:+ $*}"
exit "$status"
