#!/usr/bin/env bash
# Replaces the vendor Gateway spec with a new release and regenerates the SDK in the same change:
#   1. writes SPEC-DIFF.md (OpenAPI findings + C# SDK impact of the new spec against the current one),
#   2. replaces spec/gateway-<version>.openapi.yaml (git mv to the new version's name; exactly one stays),
#   3. rebuilds src/Fireworks.Generated from it,
#   4. runs the generator snapshot tests and accepts changed snapshots, so the generated-code diff is in the PR,
#   5. prints the next steps.
# See docs/spec-diff.md ("Updating the spec").
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/update-spec.sh [--diff-only] [--skip-tests] NEW_SPEC.yaml

  NEW_SPEC.yaml   the new vendor spec (OpenAPI 3.0/3.1, YAML or JSON)
  --diff-only     only write SPEC-DIFF.md; leave spec/ and the build alone
  --skip-tests    replace the spec and rebuild, but do not run the snapshot tests
USAGE
}

die() { echo "update-spec: error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

diff_only=false
skip_tests=false
new_spec=""
while (($# > 0)); do
  case "$1" in
    --diff-only) diff_only=true ;;
    --skip-tests) skip_tests=true ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option '$1'" ;;
    *) [[ -z "$new_spec" ]] || { usage >&2; die "more than one spec given"; }; new_spec="$1" ;;
  esac
  shift
done
[[ -n "$new_spec" ]] || { usage >&2; exit 2; }
[[ -f "$new_spec" ]] || die "$new_spec: file not found"

new_spec="$(cd "$(dirname "$new_spec")" && pwd)/$(basename "$new_spec")"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

shopt -s nullglob
current=()
for candidate in spec/gateway-*.openapi.yaml; do
  [[ "$repo_root/$candidate" == "$new_spec" ]] || current+=("$candidate")
done
if ((${#current[@]} == 0)) && [[ "$new_spec" == "$repo_root"/spec/gateway-*.openapi.yaml ]]; then
  die "$new_spec is already spec/'s vendor copy; pass the downloaded file instead (it is copied into spec/)"
fi
((${#current[@]} == 1)) || die "expected exactly one spec/gateway-*.openapi.yaml besides the new spec, found ${#current[@]}: ${current[*]:-none}"
old_spec="${current[0]}"
overlay="spec/gateway.overlay.yaml"

step "Building fireworks-specdiff"
dotnet build tools/Fireworks.SpecDiff/Fireworks.SpecDiff.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null \
  || { dotnet build tools/Fireworks.SpecDiff/Fireworks.SpecDiff.csproj -c Release --nologo -v quiet -clp:ErrorsOnly; die "the spec-diff tool does not build"; }
specdiff=(dotnet tools/Fireworks.SpecDiff/bin/Release/net10.0/fireworks-specdiff.dll)

step "Diffing $old_spec against $new_spec"
report_json="$(mktemp)"
trap 'rm -f "$report_json"' EXIT
# Exit code 2 (bad input) stops here with the tool's message; no --fail-on, so breaking changes do not.
"${specdiff[@]}" "$old_spec" "$new_spec" --overlay "$overlay" --format json --output "$report_json"
"${specdiff[@]}" "$old_spec" "$new_spec" --overlay "$overlay" --format markdown --output SPEC-DIFF.md
summary="$("${specdiff[@]}" "$old_spec" "$new_spec" --overlay "$overlay" --format summary)"
echo "$summary"
echo "Wrote SPEC-DIFF.md"

version="$(sed -n 's/^  "newVersion": "\(.*\)",$/\1/p' "$report_json")"
[[ -n "$version" ]] || die "$new_spec has no info.version; the spec file is named after it"
[[ "$version" =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || die "info.version '$version' cannot be used in a file name"

if $diff_only; then
  echo
  echo "--diff-only: spec/ and the build are unchanged."
  exit 0
fi

target="spec/gateway-${version}.openapi.yaml"
step "Replacing $old_spec with $target"
if [[ "$old_spec" != "$target" ]]; then
  # git mv keeps the file's history across versions; an untracked copy is simply moved.
  if git ls-files --error-unmatch "$old_spec" >/dev/null 2>&1; then
    git mv "$old_spec" "$target"
  else
    mv "$old_spec" "$target"
  fi
fi
[[ "$repo_root/$target" == "$new_spec" ]] || cp "$new_spec" "$target"
remaining=(spec/gateway-*.openapi.yaml)
((${#remaining[@]} == 1)) || die "spec/ should hold exactly one gateway-*.openapi.yaml, found: ${remaining[*]}"

step "Rebuilding src/Fireworks.Generated from $target"
dotnet build src/Fireworks.Generated/Fireworks.Generated.csproj --nologo -v quiet -clp:ErrorsOnly \
  || die "src/Fireworks.Generated does not build from the new spec; see SPEC-DIFF.md ('New generator diagnostics') and fix spec/gateway.overlay.yaml or the generator"

snapshots="tests/Fireworks.Generator.Tests/__snapshots__"
accepted=()
if $skip_tests; then
  echo
  echo "--skip-tests: run 'dotnet test tests/Fireworks.Generator.Tests' before opening the PR."
else
  step "Running the generator snapshot tests"
  if ! dotnet test tests/Fireworks.Generator.Tests --nologo -v quiet; then
    mismatches=("$snapshots"/__mismatch__/*.snap)
    ((${#mismatches[@]} > 0)) || die "the generator tests failed, and not because of snapshots; fix them before opening the PR"
    # The new spec changes generated code: accept it here so the diff is reviewed in the PR, not hidden.
    for mismatch in "${mismatches[@]}"; do
      mv "$mismatch" "$snapshots/$(basename "$mismatch")"
      accepted+=("$snapshots/$(basename "$mismatch")")
    done
    rmdir "$snapshots/__mismatch__" 2>/dev/null || true
    step "Accepted ${#accepted[@]} changed snapshot(s); running the tests again"
    dotnet test tests/Fireworks.Generator.Tests --nologo -v quiet \
      || die "the generator tests still fail with the new snapshots; more than generated code changed"
  fi
fi

cat <<NEXT

Done: $summary

Next steps:
  1. Read SPEC-DIFF.md. Breaking OpenAPI changes or source-breaking C# changes need a major (or, before 1.0, minor)
     version bump and a line in the release notes; new generator diagnostics need an overlay entry.
  2. Review the generated-code diff:
       git diff --stat -M
$(for file in "${accepted[@]}"; do echo "       git diff -- '$file'"; done)
  3. Commit the spec and the snapshots together (SPEC-DIFF.md is the PR description, not a repository file):
       git add -A spec $snapshots
       git commit -m "Update Gateway spec to $version"
  4. Open the pull request with the report as its description:
       gh pr create --title "Update Gateway spec to $version" --body-file SPEC-DIFF.md
NEXT
