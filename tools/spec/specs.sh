#!/usr/bin/env bash
# Shared helpers for the spec scripts: read spec/sources.yaml and the info block of an OpenAPI document.
# Sourced, not run. Every function prints to stdout and returns non-zero with a message on stderr when it cannot answer.

spec_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
spec_sources="$spec_repo_root/spec/sources.yaml"

# spec_names: the name of every vendor spec, one per line.
spec_names() {
  sed -n 's/^  - name: *\([A-Za-z0-9._-]*\) *$/\1/p' "$spec_sources"
}

# spec_field NAME KEY: the KEY (file, overlay, url) of the spec NAME.
spec_field() {
  local name="$1" key="$2"
  awk -v name="$name" -v key="$key" '
    /^  - name:/ { current = $3 }
    current == name && $1 == key ":" { sub(/^[^:]*: */, ""); print; found = 1; exit }
    END { exit found ? 0 : 1 }' "$spec_sources" \
    || { echo "spec/sources.yaml: spec '$name' has no '$key'" >&2; return 1; }
}

# spec_info FILE KEY: info.title or info.version of an OpenAPI document (YAML or JSON), unquoted.
spec_info() {
  local file="$1" key="$2" value
  if [[ "$(head -c 1 "$file")" == "{" ]]; then
    value="$(tr -d '\n' < "$file" | grep -o "\"info\" *: *{[^}]*}" | grep -o "\"$key\" *: *\"[^\"]*\"" | head -1 | sed 's/.*: *"\(.*\)"/\1/')"
  else
    value="$(awk -v key="$key" '
      /^info:/ { inside = 1; next }
      inside && /^[^ #]/ { exit }
      inside && $1 == key ":" { sub(/^ *[^:]*: */, ""); print; exit }' "$file" | sed "s/^['\"]\(.*\)['\"]\$/\1/")"
  fi
  [[ -n "$value" ]] || { echo "$file: no info.$key" >&2; return 1; }
  printf '%s\n' "$value"
}

# spec_matches NAME: every file of spec/ named like the vendor copy of NAME (relative to the repo root), one per line.
spec_matches() {
  local pattern file
  pattern="$(spec_field "$1" file)" || return 1
  shopt -s nullglob
  for file in "$spec_repo_root"/spec/${pattern//\{version\}/*}; do printf 'spec/%s\n' "$(basename "$file")"; done
  shopt -u nullglob
}

# spec_current NAME: the path (relative to the repo root) of the vendor copy of NAME in spec/.
spec_current() {
  local pattern matches
  pattern="$(spec_field "$1" file)" || return 1
  mapfile -t matches < <(spec_matches "$1")
  if ((${#matches[@]} != 1)); then
    echo "spec/ should hold exactly one $pattern, found ${#matches[@]}${matches[*]:+: ${matches[*]}}" >&2
    return 1
  fi
  printf '%s\n' "${matches[0]}"
}

# spec_for_document FILE: the name of the vendor spec whose current copy has the same info.title as FILE.
spec_for_document() {
  local title name current
  title="$(spec_info "$1" title)" || return 1
  while read -r name; do
    # The first copy: a new release dropped into spec/ next to the current one has the same title.
    current="$(spec_matches "$name" | head -1)"
    [[ -n "$current" ]] || { spec_current "$name" >/dev/null; return 1; }
    if [[ "$(spec_info "$spec_repo_root/$current" title)" == "$title" ]]; then
      printf '%s\n' "$name"
      return 0
    fi
  done < <(spec_names)
  echo "$1: its title '$title' is not the title of any spec in spec/sources.yaml; pass --spec NAME" >&2
  return 1
}

# specdiff_command ARRAY_NAME: sets the named array to the fireworks-specdiff command line. FIREWORKS_SPECDIFF (a
# command, e.g. an installed tool) wins; otherwise the repository's tool is built once (quietly) and run with dotnet.
specdiff_command() {
  local -n command_ref="$1"
  if [[ -n "${FIREWORKS_SPECDIFF:-}" ]]; then
    read -r -a command_ref <<<"$FIREWORKS_SPECDIFF"
    return 0
  fi
  local project="$spec_repo_root/tools/Fireworks.SpecDiff/Fireworks.SpecDiff.csproj"
  echo "building fireworks-specdiff" >&2
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || { echo "the spec-diff tool does not build" >&2; return 1; }
  command_ref=(dotnet "$spec_repo_root/tools/Fireworks.SpecDiff/bin/Release/net10.0/fireworks-specdiff.dll")
}
