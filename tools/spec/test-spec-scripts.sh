#!/usr/bin/env bash
# Tests of the spec scripts (the two the GitHub workflows call, and tools/update-spec.sh), against local files only: a
# throw-away git repository holding a copy of spec/ and the scripts, and edited copies of the vendor spec standing in
# for new releases.
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

# tools/update-spec.sh as a maintainer runs it. The build and the tests are a stand-in 'dotnet' (first on PATH) that
# only the sandbox sees: 'build' succeeds unless FAKE_BUILD=fail; 'test' of the generator tests passes, changes a
# snapshot (FAKE_TESTS=snapshot: writes it to __mismatch__ and fails once) or fails for another reason (FAKE_TESTS=fail).
real_dotnet="$(command -v dotnet)"
export FIREWORKS_SPECDIFF="$real_dotnet $specdiff_dll"
mkdir -p "$work/bin" "$sandbox/tests/Fireworks.Generator.Tests/__snapshots__"
cat > "$work/bin/dotnet" <<'FAKE'
#!/usr/bin/env bash
snapshots=tests/Fireworks.Generator.Tests/__snapshots__
case "$1 $2" in
  "build "*) [[ "${FAKE_BUILD:-}" != fail ]] ;;
  "test tests/Fireworks.Generator.Tests")
    case "${FAKE_TESTS:-pass}" in
      snapshot) if [[ -f "$snapshots/Changed.snap" ]]; then exit 0; fi
                mkdir -p "$snapshots/__mismatch__"; echo changed > "$snapshots/__mismatch__/Changed.snap"; exit 1 ;;
      fail) exit 1 ;;
      *) exit 0 ;;
    esac ;;
  "test "*) exit 0 ;;
  *) echo "fake dotnet: unexpected '$*'" >&2; exit 3 ;;
esac
FAKE
chmod +x "$work/bin/dotnet"
update() { (cd "$work" && PATH="$work/bin:$PATH" "$sandbox/tools/update-spec.sh" "$@"); }
reset_sandbox() { git -C "$sandbox" reset -q --hard main; git -C "$sandbox" clean -qfdx; }
count_copies() { out="$(cd "$sandbox" && ls spec/gateway-*.openapi.yaml)"; echo "$out"; }

FAKE_TESTS=snapshot check "update: runs from another directory, with a relative path" 0 update compatible.yaml
contains "update: says it accepted the changed snapshot" "Accepted 1 changed snapshot(s)"
check "update: the vendor copy is renamed to the new version" 0 test -f "$sandbox/spec/gateway-9.9.9.openapi.yaml"
check "update: the old copy is gone" 1 test -e "$sandbox/$gateway"
check "update: the changed snapshot is accepted" 0 test -f "$sandbox/tests/Fireworks.Generator.Tests/__snapshots__/Changed.snap"
check "update: SPEC-DIFF.md compares the versions" 0 grep -q "9.9.9" "$sandbox/SPEC-DIFF.md"

# Running it again (say, after an overlay fix for a build that failed) still describes the whole change.
check "update: a second run succeeds" 0 update compatible.yaml
contains "update: the second run says the copy is in place" "spec/gateway-9.9.9.openapi.yaml already holds 9.9.9"
# The scheduled workflow commits what the script tells a maintainer to commit (the public-API listing included).
commits_all() {
  local path covered to_commit workflow_adds
  to_commit="$(sed -n 's/^ *git add -A //p' <<<"$out")"
  workflow_adds="$(sed -n 's/^ *git add -A //p' "$repo/.github/workflows/spec-update.yml")"
  [[ -n "$to_commit" && -n "$workflow_adds" ]] || { echo "no 'git add -A' line found"; return 1; }
  for path in $to_commit; do
    covered=false
    for added in $workflow_adds; do [[ "$path" == "$added" || "$path" == "$added"/* ]] && covered=true; done
    $covered || { echo "spec-update.yml does not commit $path"; return 1; }
  done
}
check "update: the scheduled workflow commits every path the script changes" 0 commits_all
check "update: a second run still diffs against the committed copy" 1 grep -q "No changes" "$sandbox/SPEC-DIFF.md"
check "update: ... and names both versions" 0 grep -q "$version.*9.9.9" "$sandbox/SPEC-DIFF.md"
reset_sandbox

# The new release dropped into spec/ next to the current one, and named to the script.
cp "$work/compatible.yaml" "$sandbox/spec/gateway-9.9.9.openapi.yaml"
check "update: a release dropped into spec/ is taken from there" 0 update "$sandbox/spec/gateway-9.9.9.openapi.yaml"
check "update: ... and one copy stays" 0 test "$(count_copies)" = "spec/gateway-9.9.9.openapi.yaml"
check "update: ... with the new content" 0 cmp -s "$work/compatible.yaml" "$sandbox/spec/gateway-9.9.9.openapi.yaml"
check "update: ... and SPEC-DIFF.md compares the versions" 0 grep -q "$version.*9.9.9" "$sandbox/SPEC-DIFF.md"
reset_sandbox

cp "$work/compatible.yaml" "$sandbox/spec/gateway-new.openapi.yaml"
check "update: a release dropped into spec/ under another name is renamed" 0 update "$sandbox/spec/gateway-new.openapi.yaml"
check "update: ... to its version, one copy" 0 test "$(count_copies)" = "spec/gateway-9.9.9.openapi.yaml"
reset_sandbox

# Mistakes.
cp "$work/compatible.yaml" "$sandbox/spec/gateway-9.9.9.openapi.yaml"
check "update: two copies in spec/ and a third file -> error" 1 update "$work/compatible.yaml"
contains "update: ... that names both copies" "spec/$(basename "$gateway") spec/gateway-9.9.9.openapi.yaml"
reset_sandbox
check "update: a missing file -> error" 1 update "$work/gateway-9.9.8.openapi.yaml"
contains "update: ... that names it" "gateway-9.9.8.openapi.yaml: file not found"
check "update: unknown --spec -> error" 1 update --spec gatway "$work/compatible.yaml"
contains "update: ... that points at sources.yaml" "unknown spec 'gatway' (see spec/sources.yaml)"
FAKE_BUILD=fail check "update: build failure -> error" 1 update compatible.yaml
contains "update: ... that points at the overlay" "fix spec/gateway.overlay.yaml or the generator"
reset_sandbox
FAKE_TESTS=fail check "update: tests failing for another reason -> error" 1 update compatible.yaml
contains "update: ... that says so" "the generator tests failed, and not because of snapshots"
reset_sandbox

echo "spec scripts: ${passed} passed, ${failed} failed"
((failed == 0))
