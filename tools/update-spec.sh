#!/usr/bin/env bash
# Replaces one vendor spec (any entry of spec/sources.yaml: the Gateway spec, the inference spec…) with a new
# release and regenerates the SDK in the same change:
#   1. writes SPEC-DIFF.md (OpenAPI findings + C# SDK impact of the new spec against the current one),
#   2. replaces the vendor copy in spec/ (git mv to the new version's name where the name carries it; exactly one stays),
#   3. rebuilds src/Fireworks.Generated from it,
#   4. runs the generator snapshot tests and accepts changed snapshots, so the generated-code diff is in the PR,
#   5. regenerates the public-API listings (docs/api/*.txt), so the PR shows the generated API's diff line by line,
#   6. prints the next steps.
# See docs/spec-diff.md ("Updating the spec").
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/update-spec.sh [--spec NAME] [--diff-only] [--skip-tests] NEW_SPEC.yaml

  NEW_SPEC.yaml   the new vendor spec (OpenAPI 3.0/3.1, YAML or JSON)
  --spec NAME     which spec of spec/sources.yaml it replaces (default: the one with the same info.title)
  --diff-only     only write SPEC-DIFF.md; leave spec/ and the build alone
  --skip-tests    replace the spec and rebuild, but do not run the snapshot tests
USAGE
}

die() { echo "update-spec: error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

diff_only=false
skip_tests=false
new_spec=""
spec_name=""
while (($# > 0)); do
  case "$1" in
    --spec) shift; [[ $# -gt 0 ]] || die "--spec needs a name"; spec_name="$1" ;;
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

# shellcheck source=tools/spec/specs.sh
source "$repo_root/tools/spec/specs.sh"
if [[ -z "$spec_name" ]]; then
  spec_name="$(spec_for_document "$new_spec")" || die "cannot tell which spec $new_spec updates"
fi
file_pattern="$(spec_field "$spec_name" file)" || die "unknown spec '$spec_name' (see spec/sources.yaml)"
overlay="spec/$(spec_field "$spec_name" overlay)" || die "spec '$spec_name' has no overlay in spec/sources.yaml"
old_spec="$(spec_current "$spec_name")" || die "cannot find the current $spec_name spec"
if [[ "$repo_root/$old_spec" == "$new_spec" ]]; then
  die "$new_spec is already spec/'s vendor copy; pass the downloaded file instead (it is copied into spec/)"
fi

specdiff_command specdiff || die "the spec-diff tool is not available"

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

target="spec/${file_pattern//\{version\}/$version}"
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
spec_current "$spec_name" >/dev/null || die "spec/ should hold exactly one $file_pattern after the update"

step "Rebuilding src/Fireworks.Generated from $target"
dotnet build src/Fireworks.Generated/Fireworks.Generated.csproj --nologo -v quiet -clp:ErrorsOnly \
  || die "src/Fireworks.Generated does not build from the new spec; see SPEC-DIFF.md ('New generator diagnostics') and fix $overlay or the generator"

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

  step "Regenerating the public-API listings (docs/api)"
  FIREWORKS_UPDATE_API=1 dotnet test tests/Fireworks.PublicApi.Tests --nologo -v quiet \
    || die "the public-API listing could not be regenerated"
fi

cat <<NEXT

Done: $summary

Next steps:
  1. Read SPEC-DIFF.md. Breaking OpenAPI changes or source-breaking C# changes need a major (or, before 1.0, minor)
     version bump and a line in the release notes; new generator diagnostics need an overlay entry.
  2. Review the generated-code diff and the public API it changes:
       git diff --stat -M
       git diff -- docs/api
$(for file in "${accepted[@]}"; do echo "       git diff -- '$file'"; done)
  3. Commit the spec and the snapshots together (SPEC-DIFF.md is the PR description, not a repository file):
       git add -A spec $snapshots docs/api
       git commit -m "Update $spec_name spec to $version"
  4. Open the pull request with the report as its description:
       gh pr create --title "Update $spec_name spec to $version" --body-file SPEC-DIFF.md
NEXT
