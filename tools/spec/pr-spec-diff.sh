#!/usr/bin/env bash
# Pull-request check of the vendor specs: for every spec of spec/sources.yaml whose vendor copy differs between the
# base revision and the working tree, writes the spec-diff report (OpenAPI findings + C# SDK impact) and fails when a
# change is breaking, unless the pull request accepted it. The GitHub workflow (.github/workflows/spec-diff.yml) only
# calls this script and publishes its report; .ci/run exercises it against local files (tools/spec/test-spec-scripts.sh).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/spec/pr-spec-diff.sh --base REV [--allow-breaking] [--output FILE]

  --base REV        the revision the pull request merges into (e.g. origin/main)
  --allow-breaking  report breaking changes but exit 0 (the PR carries the label that accepts them)
  --output FILE     where the Markdown report goes (default SPEC-DIFF.md); also appended to $GITHUB_STEP_SUMMARY
Exit codes: 0 no breaking change (or accepted), 1 breaking change, 2 bad usage or input.
USAGE
}

base=""; allow_breaking=false; output="SPEC-DIFF.md"
while (($# > 0)); do
  case "$1" in
    --base) shift; base="${1:-}" ;;
    --allow-breaking) allow_breaking=true ;;
    --output) shift; output="${1:-}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$base" && -n "$output" ]] || { usage >&2; exit 2; }

# shellcheck source=tools/spec/specs.sh
source "$(dirname "${BASH_SOURCE[0]}")/specs.sh"
cd "$spec_repo_root"
git rev-parse --verify --quiet "$base^{commit}" >/dev/null || { echo "pr-spec-diff: unknown revision '$base'" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: > "$work/report.md"
changed=0; breaking=0
while read -r name; do
  pattern="$(spec_field "$name" file)"
  overlay="spec/$(spec_field "$name" overlay)"
  head_file="$(spec_current "$name")" || exit 2
  # The base may name the file after an older version: find it by the same pattern.
  base_file="$(git ls-tree --name-only "$base" spec/ | grep -E "^spec/${pattern//\{version\}/[^/]*}\$" | head -1 || true)"
  if [[ -z "$base_file" ]]; then
    echo "$name: new in this change ($head_file); nothing to compare"
    continue
  fi
  git show "$base:$base_file" > "$work/base-$name"
  if cmp -s "$work/base-$name" "$head_file"; then
    echo "$name: unchanged"
    continue
  fi
  changed=$((changed + 1))
  [[ -n "${specdiff[*]:-}" ]] || specdiff_command specdiff || exit 2
  status=0
  "${specdiff[@]}" "$work/base-$name" "$head_file" --overlay "$overlay" --format markdown --output "$work/$name.md" --fail-on breaking || status=$?
  ((status <= 1)) || { echo "pr-spec-diff: fireworks-specdiff could not compare $base_file and $head_file" >&2; exit 2; }
  summary="$("${specdiff[@]}" "$work/base-$name" "$head_file" --overlay "$overlay" --format summary)"
  echo "$name: $base_file -> $head_file: $summary"
  if ((status == 1)); then breaking=$((breaking + 1)); fi
  { echo "# Spec \`$name\`: \`$base_file\` → \`$head_file\`"; echo; cat "$work/$name.md"; echo; } >> "$work/report.md"
done < <(spec_names)

if ((changed == 0)); then
  echo "No vendor spec changed." | tee "$work/report.md"
fi
if ((breaking > 0)); then
  if $allow_breaking; then
    note="**Breaking changes in $breaking spec(s): accepted by the pull request's label.**"
  else
    note="**Breaking changes in $breaking spec(s).** Add the label that accepts them once the version bump and release notes are in the PR."
  fi
  printf '%s\n\n' "$note" | cat - "$work/report.md" > "$work/final.md"
  mv "$work/final.md" "$work/report.md"
  echo "$note"
fi
cp "$work/report.md" "$output"
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  cat "$work/report.md" >> "$GITHUB_STEP_SUMMARY"
fi
echo "Wrote $output"
if ((breaking > 0)) && ! $allow_breaking; then exit 1; fi
exit 0
