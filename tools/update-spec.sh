#!/usr/bin/env bash
# Replaces one vendor spec (any entry of spec/sources.yaml: the Gateway spec, the inference spec…) with a new
# release and regenerates the SDK in the same change:
#   1. writes SPEC-DIFF.md (OpenAPI findings + C# SDK impact of the new spec against the committed one),
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

  NEW_SPEC.yaml   the new vendor spec (OpenAPI 3.0/3.1, YAML or JSON), from anywhere or dropped into spec/
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
# The current vendor copy: the one file of spec/ named like it, other than the new release itself, which may have
# been dropped into spec/ next to it (or already replaced it, when the script runs again after an overlay fix).
mapfile -t others < <(spec_matches "$spec_name" | grep -vxF "${new_spec#"$repo_root/"}" || true)
if ((${#others[@]} > 1)); then
  die "spec/ holds ${#others[@]} copies of the $spec_name spec (${others[*]}) besides the new one; keep the current one and pass the new release"
elif ((${#others[@]} == 1)); then
  old_spec="${others[0]}"
elif [[ "$new_spec" == "$repo_root/spec/"* ]]; then
  old_spec="${new_spec#"$repo_root/"}"
else
  die "cannot find the current $spec_name spec: spec/ holds no $file_pattern"
fi

specdiff_command specdiff || die "the spec-diff tool is not available"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The report compares the new release with the committed copy, not with spec/'s: running the script again (after an
# overlay fix for a build that failed) must not turn SPEC-DIFF.md into "no changes" because spec/ already holds it.
base_spec="$old_spec"
base_file="$(git ls-tree --name-only HEAD spec/ 2>/dev/null | grep -E "^spec/${file_pattern//\{version\}/[^/]*}\$" | head -1 || true)"
if [[ -n "$base_file" ]]; then
  mkdir "$work/base"
  base_spec="$work/base/$(basename "$base_file")"
  git show "HEAD:$base_file" > "$base_spec"
fi

step "Diffing ${base_file:+the committed }${base_file:-$old_spec} against $new_spec"
report_json="$work/report.json"
# Exit code 2 (bad input) stops here with the tool's message; no --fail-on, so breaking changes do not.
"${specdiff[@]}" "$base_spec" "$new_spec" --overlay "$overlay" --format json --output "$report_json"
"${specdiff[@]}" "$base_spec" "$new_spec" --overlay "$overlay" --format markdown --output SPEC-DIFF.md
summary="$("${specdiff[@]}" "$base_spec" "$new_spec" --overlay "$overlay" --format summary)"
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
tracked() { git ls-files --error-unmatch "$1" >/dev/null 2>&1; }
if [[ "$old_spec" == "$target" ]] && cmp -s "$new_spec" "$target"; then
  step "$target already holds $version"
else
  step "Replacing $old_spec with $target"
  if [[ "$old_spec" != "$target" && "$repo_root/$target" == "$new_spec" ]]; then
    # Dropped into spec/ under its final name: the current copy goes (git still pairs the two as a rename).
    if tracked "$old_spec"; then git rm -q "$old_spec"; else rm "$old_spec"; fi
  elif [[ "$old_spec" != "$target" ]]; then
    # git mv keeps the file's history across versions; an untracked copy is simply moved.
    if tracked "$old_spec"; then git mv "$old_spec" "$target"; else mv "$old_spec" "$target"; fi
  fi
  if [[ "$repo_root/$target" != "$new_spec" && "$new_spec" != "$repo_root/$old_spec" ]]; then
    cp "$new_spec" "$target"
    # A release dropped into spec/ under another name has been copied to its versioned name: one copy stays.
    if [[ "$new_spec" == "$repo_root/spec/"* ]]; then
      if tracked "$new_spec"; then git rm -q "$new_spec"; else rm "$new_spec"; fi
    fi
  fi
fi
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
    shopt -s nullglob
    mismatches=("$snapshots"/__mismatch__/*.snap)
    shopt -u nullglob
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
