#!/usr/bin/env bash
# Scheduled spec update: compares each published vendor spec (spec/sources.yaml) with spec/'s copy and, with
# --update, runs tools/update-spec.sh for each one that changed, leaving one combined SPEC-DIFF.md for the pull request.
# The GitHub workflow (.github/workflows/spec-update.yml) calls this and opens the pull request; .ci/run exercises it
# against local files (tools/spec/test-spec-scripts.sh).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/spec/check-published.sh (--from DIR | --fetch) [--update] [--dry-run]

  --from DIR   read the published documents from DIR (the file named as the last segment of each spec's url)
  --fetch      download them from each spec's url (curl)
  --update     run tools/update-spec.sh for every spec that changed
  --dry-run    with --update: only write SPEC-DIFF.md (tools/update-spec.sh --diff-only)
Prints one line per spec. When $GITHUB_OUTPUT is set, writes changed=true|false and title=… to it.
USAGE
}

source_dir=""; fetch=false; update=false; dry_run=false
while (($# > 0)); do
  case "$1" in
    --from) shift; source_dir="${1:-}" ;;
    --fetch) fetch=true ;;
    --update) update=true ;;
    --dry-run) dry_run=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
# Exactly one source: a folder or the network.
if { [[ -n "$source_dir" ]] && $fetch; } || { [[ -z "$source_dir" ]] && ! $fetch; }; then usage >&2; exit 2; fi

# shellcheck source=tools/spec/specs.sh
source "$(dirname "${BASH_SOURCE[0]}")/specs.sh"
cd "$spec_repo_root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

changed=()
while read -r name; do
  url="$(spec_field "$name" url)"
  current="$(spec_current "$name")"
  published="$work/$name.published"
  if $fetch; then
    curl --fail --silent --show-error --location --max-time 120 --output "$published" "$url" \
      || { echo "$name: could not fetch $url (correct its url in spec/sources.yaml)" >&2; exit 1; }
  else
    [[ -f "$source_dir/${url##*/}" ]] || { echo "$name: $source_dir/${url##*/} not found" >&2; exit 1; }
    cp "$source_dir/${url##*/}" "$published"
  fi
  new_version="$(spec_info "$published" version)" \
    || { echo "$name: $url did not serve an OpenAPI document with info.version (correct its url in spec/sources.yaml)" >&2; exit 1; }
  old_version="$(spec_info "$current" version)"
  if cmp -s "$published" "$current"; then
    echo "$name: up to date ($old_version)"
  elif [[ "$new_version" == "$old_version" ]]; then
    # Same version, other bytes: still an update to review (vendors re-publish without bumping).
    echo "$name: $old_version re-published with changes"
    changed+=("$name")
  else
    echo "$name: $old_version -> $new_version"
    changed+=("$name")
  fi
  cp "$published" "$work/$name.yaml"
done < <(spec_names)

title=""
if ((${#changed[@]} > 0)); then
  for name in "${changed[@]}"; do
    title+="${title:+, }$name $(spec_info "$work/$name.yaml" version)"
  done
  title="Update specs: $title"
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  { echo "changed=$(((${#changed[@]} > 0)) && echo true || echo false)"; echo "title=$title"; } >> "$GITHUB_OUTPUT"
fi

if $update && ((${#changed[@]} > 0)); then
  : > "$work/SPEC-DIFF.md"
  for name in "${changed[@]}"; do
    flags=(--spec "$name")
    $dry_run && flags+=(--diff-only)
    tools/update-spec.sh "${flags[@]}" "$work/$name.yaml"
    { echo "# Spec \`$name\`"; echo; cat SPEC-DIFF.md; echo; } >> "$work/SPEC-DIFF.md"
  done
  cp "$work/SPEC-DIFF.md" SPEC-DIFF.md
  echo "$title: wrote SPEC-DIFF.md"
fi
