#!/usr/bin/env bash
# The project's single test command (`npm test`): lint, typecheck, build, the electronegativity
# gate, every Vitest project (with a real keychain), the Playwright e2e suites (under xvfb, with a
# keychain) and the packaging check, in that order, stopping at the first failure.
# A step is SKIPPED only while the file it needs does not exist yet (it says which).
# Ends with a summary per step (status, duration) and the test counts as "N passed, N failed".
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
results_dir=".tmp/test-results"
mkdir -p "$results_dir"
vitest_json="$results_dir/vitest.json"
e2e_log="$results_dir/e2e.log"
rm -f "$vitest_json" "$e2e_log"

step_names=()
step_status=()
step_seconds=()
run_started=$SECONDS

banner() {
  printf '\n==============================================================================\n'
  printf '== %s\n' "$1"
  printf '==============================================================================\n'
}

# Prints the test counts of the runners that ran (Vitest from its JSON report, Playwright from its log).
test_counts() {
  local passed=0 failed=0 skipped=0 line
  if [ -s "$vitest_json" ]; then
    line="$(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      // A file that fails before its tests run (import error) has no failed test: count it as one.
      const brokenFiles = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
      console.log(r.numPassedTests, r.numFailedTests + brokenFiles, (r.numPendingTests || 0) + (r.numTodoTests || 0));
    ' "$vitest_json" 2>/dev/null)" && {
      read -r p f s <<<"$line"
      passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    }
  fi
  if [ -s "$e2e_log" ]; then
    # Playwright's closing lines: "  12 passed (31.2s)", "  1 failed", "  2 skipped", "  1 flaky", "  1 did not run".
    local clean
    clean="$(sed 's/\x1b\[[0-9;]*m//g' "$e2e_log")"
    # A flaky test failed once and then passed on retry: it counts as passed, as Playwright's exit code does.
    p="$(grep -E '^ *[0-9]+ (passed|flaky)' <<<"$clean" | awk '{s += $1} END {print s + 0}')"
    f="$(grep -E '^ *[0-9]+ (failed|interrupted)' <<<"$clean" | awk '{s += $1} END {print s + 0}')"
    s="$(grep -E '^ *[0-9]+ (skipped|did not run)' <<<"$clean" | awk '{s += $1} END {print s + 0}')"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  fi
  echo "$passed $failed $skipped"
}

summary() {
  local total=$((SECONDS - run_started)) i ok=0 bad=0 skipped=0
  printf '\n==============================================================================\n'
  printf '== Summary (%ss)\n' "$total"
  printf '==============================================================================\n'
  for i in "${!step_names[@]}"; do
    printf '  %-8s %-22s %5ss\n' "${step_status[$i]}" "${step_names[$i]}" "${step_seconds[$i]}"
    case "${step_status[$i]}" in
      PASSED) ok=$((ok + 1)) ;;
      FAILED) bad=$((bad + 1)) ;;
      SKIPPED) skipped=$((skipped + 1)) ;;
    esac
  done
  read -r tp tf ts <<<"$(test_counts)"
  printf 'steps: %d of %d ok, %d failing, %d skipped\n' "$ok" "${#step_names[@]}" "$bad" "$skipped"
  printf 'tests: %d passed, %d failed, %d skipped\n' "$tp" "$tf" "$ts"
}

# run_step NAME COMMAND...: runs one step with a banner; on failure prints the summary and exits.
run_step() {
  local name="$1" started=$SECONDS rc
  shift
  banner "$name: $*"
  "$@"
  rc=$?
  step_names+=("$name")
  step_seconds+=($((SECONDS - started)))
  if [ "$rc" -eq 0 ]; then
    step_status+=("PASSED")
  else
    step_status+=("FAILED")
    echo "== $name FAILED (exit $rc)" >&2
    summary
    exit "$rc"
  fi
}

# skip_step NAME WHY: records a step that cannot run yet because what it needs does not exist.
skip_step() {
  banner "$1"
  echo "SKIPPED: $2"
  step_names+=("$1")
  step_status+=("SKIPPED")
  step_seconds+=(0)
}

# The Vitest run: every project, inside a private D-Bus session with an unlocked keyring.
vitest_step() {
  bash scripts/with-keyring.sh npx vitest run --reporter=default --reporter=json --outputFile.json="$vitest_json"
}

# The Playwright e2e suites: a virtual display and a keyring, output kept for the counts.
e2e_step() {
  xvfb-run -a --server-args="-screen 0 1280x1024x24" \
    bash scripts/with-keyring.sh npx playwright test -c e2e/playwright.config.ts 2>&1 | tee "$e2e_log"
  return "${PIPESTATUS[0]}"
}

run_step "lint" npm run --silent lint
run_step "typecheck" npm run --silent typecheck
run_step "build" npm run --silent build
run_step "electronegativity" npx tsx scripts/electronegativity.ts out
run_step "vitest" vitest_step
if [ -f e2e/playwright.config.ts ]; then
  run_step "e2e (playwright)" e2e_step
else
  skip_step "e2e (playwright)" "e2e/playwright.config.ts does not exist yet"
fi
run_step "dist:check" npm run --silent dist:check
summary
