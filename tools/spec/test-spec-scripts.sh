#!/usr/bin/env bash
# Tests of the spec scripts that the GitHub workflows call, against local files only: a throw-away git repository
# holding a copy of spec/ and the scripts, and edited copies of the vendor spec standing in for new releases.
# Run by .ci/smoke after the solution build (it uses the built fireworks-specdiff). Prints 'N passed, N failed'.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
specdiff_dll="$repo/tools/Fireworks.SpecDiff/bin/Release/net10.0/fireworks-specdiff.dll"
[[ -f "$specdiff_dll" ]] || dotnet build "$repo/tools/Fireworks.SpecDiff" -c Release --nologo -v quiet -clp:ErrorsOnly
export FIREWORKS_SPECDIFF="dotnet $specdiff_dll"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() { # check NAME EXPECTED_EXIT COMMAND... : runs the command, compares the exit code, keeps its output in $out
  local name="$1" expected="$2"; shift 2
  local status=0
  out="$("$@" 2>&1)" || status=$?
  if [[ "$status" == "$expected" ]]; then passed=$((passed + 1)); echo "ok   $name";
  else failed=$((failed + 1)); echo "FAIL $name: exit $status, expected $expected"; echo "$out" | sed 's/^/     /'; fi
}
contains() { # contains NAME TEXT : the last output contains TEXT
  if grep -qF -- "$2" <<<"$out"; then passed=$((passed + 1)); echo "ok   $1";
  else failed=$((failed + 1)); echo "FAIL $1: output lacks '$2'"; echo "$out" | sed 's/^/     /'; fi
}

# A throw-away repository: spec/ and the scripts, committed as the pull request's base.
sandbox="$work/repo"
mkdir -p "$sandbox/tools/spec"
cp -r "$repo/spec" "$sandbox/spec"
cp "$repo"/tools/spec/*.sh "$sandbox/tools/spec/"
cp "$repo/tools/update-spec.sh" "$sandbox/tools/"
git -C "$sandbox" init -q -b main
git -C "$sandbox" -c user.name=ci -c user.email=ci@localhost add -A
git -C "$sandbox" -c user.name=ci -c user.email=ci@localhost commit -q -m base
source "$sandbox/tools/spec/specs.sh"
gateway="$(spec_current gateway)"
version="$(spec_info "$sandbox/$gateway" version)"

check "pr: nothing changed -> passes" 0 "$sandbox/tools/spec/pr-spec-diff.sh" --base main --output "$work/none.md"
contains "pr: says no vendor spec changed" "No vendor spec changed."

# A compatible release: new version and a changed description.
sed -e "0,/^  version: .*/s//  version: 9.9.9/" -e "0,/description: The maximum number of accounts/s//description: At most this many accounts/" \
  "$sandbox/$gateway" > "$work/compatible.yaml"
cp "$work/compatible.yaml" "$sandbox/$gateway"
check "pr: compatible change -> passes" 0 "$sandbox/tools/spec/pr-spec-diff.sh" --base main --output "$work/compatible.md"
contains "pr: reports the new version" "9.9.9"
check "pr: report file written" 0 grep -q "Spec \`gateway\`" "$work/compatible.md"

# A breaking release: an optional parameter becomes required.
sed -e "0,/required: false/s//required: true/" "$work/compatible.yaml" > "$sandbox/$gateway"
check "pr: breaking change -> fails" 1 "$sandbox/tools/spec/pr-spec-diff.sh" --base main --output "$work/breaking.md"
contains "pr: says why it fails" "Breaking changes in 1 spec(s)"
check "pr: breaking change accepted by label -> passes" 0 "$sandbox/tools/spec/pr-spec-diff.sh" --base main --allow-breaking --output "$work/accepted.md"
check "pr: unknown base -> usage error" 2 "$sandbox/tools/spec/pr-spec-diff.sh" --base no-such-ref
git -C "$sandbox" checkout -q -- spec

# The scheduled update, with the published documents in a local folder.
published="$work/published"
mkdir -p "$published"
url_name="$(spec_field gateway url)"; url_name="${url_name##*/}"
cp "$sandbox/$gateway" "$published/$url_name"
check "schedule: same document -> up to date" 0 env GITHUB_OUTPUT="$work/out1" "$sandbox/tools/spec/check-published.sh" --from "$published"
contains "schedule: says up to date" "gateway: up to date ($version)"
check "schedule: output says unchanged" 0 grep -qx "changed=false" "$work/out1"

cp "$work/compatible.yaml" "$published/$url_name"
check "schedule: new release -> update in dry run" 0 env GITHUB_OUTPUT="$work/out2" "$sandbox/tools/spec/check-published.sh" --from "$published" --update --dry-run
contains "schedule: names the versions" "gateway: $version -> 9.9.9"
check "schedule: output says changed" 0 grep -qx "changed=true" "$work/out2"
check "schedule: pull-request title" 0 grep -qx "title=Update specs: gateway 9.9.9" "$work/out2"
check "schedule: SPEC-DIFF.md for the pull request" 0 grep -q "9.9.9" "$sandbox/SPEC-DIFF.md"
check "schedule: dry run leaves spec/ alone" 0 git -C "$sandbox" diff --quiet -- spec

printf 'not: an openapi document\n' > "$published/$url_name"
check "schedule: a page that is not a spec -> clear error" 1 "$sandbox/tools/spec/check-published.sh" --from "$published"
contains "schedule: the error points at sources.yaml" "correct its url in spec/sources.yaml"

echo "spec scripts: ${passed} passed, ${failed} failed"
((failed == 0))
