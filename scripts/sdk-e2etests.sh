#!/usr/bin/env bash
# Run the Azure IoT SDK for Node's own end-to-end tests (its e2etests folder) against the emulator.
# See docs/sdk-e2etests.md. Nothing of the SDK is vendored: point this script at your clone.
#
#   scripts/sdk-e2etests.sh /path/to/azure-iot-sdk-node/e2etests [test/file.js ...]
#
# Binds 443, 8883 and 5671 on 127.0.0.1 (run as root or with CAP_NET_BIND_SERVICE), under
# `flock /tmp/iothub-fixed-ports.lock` so that other runs using those ports wait.
# Env: MOCHA_TIMEOUT_S (per test file, default 900), JOBS (files run at once, default 1),
# RESULTS_DIR (default /tmp/sdk-e2etests-results), MOCHA_ARGS (default: leave out the suites whose
# devices authenticate with X.509 certificates, which the emulator does not support:
# --grep createDeviceWithX509 --invert; MOCHA_ARGS= runs everything).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  sed -n 2,12p "$0"
  exit 2
fi
E2E_DIR=$(cd "$1" && pwd)
shift
REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
RESULTS_DIR=${RESULTS_DIR:-/tmp/sdk-e2etests-results}
FILE_TIMEOUT=${MOCHA_TIMEOUT_S:-900}
read -r -a EXTRA_ARGS <<<"${MOCHA_ARGS---grep createDeviceWithX509 --invert}"

# The files that use the transports the emulator serves (MQTT, MQTT-WS, AMQP, AMQP-WS, HTTPS, the
# Event Hubs-compatible endpoint). Left out: file_upload, upload_disconnect (Azure Storage),
# job_client (jobs), configurations (configurations). server_validation.js needs a hub whose
# certificate is not trusted: the same emulator, with its CA left out of NODE_EXTRA_CA_CERTS.
DEFAULT_FILES=(
  test/authentication.js test/c2d_disconnect.js test/d2c_disconnect.js
  test/device_acknowledge_tests.js test/device_method.js test/device_service.js
  test/empty_messages.js test/method_disconnect.js test/module_crud.js
  test/module_messaging.js test/module_methods.js test/module_twin.js test/registry.js
  test/sas_token_tests.js test/server_validation.js test/service.js test/twin_disconnect.js
  test/twin_e2e_tests.js
)
if [[ $# -gt 0 ]]; then FILES=("$@"); else FILES=("${DEFAULT_FILES[@]}"); fi

if [[ ! -x "$E2E_DIR/node_modules/.bin/mocha" ]]; then
  echo "Install the e2etests' dependencies first: (cd $E2E_DIR && npm install)" >&2
  exit 2
fi

mkdir -p "$RESULTS_DIR"
exec 9>/tmp/iothub-fixed-ports.lock
echo "waiting for /tmp/iothub-fixed-ports.lock ..."
flock 9

DATA_DIR=$(mktemp -d /tmp/sdk-e2etests-emulator.XXXXXX)
LOG="$RESULTS_DIR/emulator.log"
(cd "$REPO_DIR" && exec node --import tsx emulator/main.ts --tls --data-dir "$DATA_DIR" \
  --port 0 --mqtt-port 0 --amqp-port 0 --https-port 443 --mqtts-port 8883 --amqps-port 5671) \
  >"$LOG" 2>&1 &
EMU_PID=$!
cleanup() {
  kill "$EMU_PID" 2>/dev/null || true
  wait "$EMU_PID" 2>/dev/null || true
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

for _ in $(seq 1 60); do
  grep -q 'trust it in Node with' "$LOG" && break
  kill -0 "$EMU_PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.5
done
grep -q 'trust it in Node with' "$LOG" || { cat "$LOG" >&2; echo "emulator did not start" >&2; exit 1; }

# The line after each heading in the emulator's banner.
after() { grep -A1 -F "$1" "$LOG" | tail -n1 | sed 's/^ *//'; }
IOTHUB_CONNECTION_STRING=$(after 'Service (iothubowner) connection string:')
EVENTHUB_CONNECTION_STRING=$(after 'Event Hubs-compatible endpoint')
CA_PATH=$(grep -o 'NODE_EXTRA_CA_CERTS=.*' "$LOG" | head -n1 | cut -d= -f2-)
# device_identity_helper.js decodes these at load time; only the X.509 CA tests use them.
CA_B64=$(base64 -w0 "$CA_PATH")
export IOTHUB_CONNECTION_STRING EVENTHUB_CONNECTION_STRING
export IOTHUB_CA_ROOT_CERT="$CA_B64" IOTHUB_CA_ROOT_CERT_KEY="$CA_B64"
export NODE_EXTRA_CA_CERTS="$CA_PATH"
# server_validation.js: the emulator's strings, used by a process that does not trust its CA.
IOTHUB_CONN_STRING_INVALID_CERT=$IOTHUB_CONNECTION_STRING
IOTHUB_DEVICE_CONN_STRING_INVALID_CERT=$(after 'device-1 connection string:')
export IOTHUB_CONN_STRING_INVALID_CERT IOTHUB_DEVICE_CONN_STRING_INVALID_CERT
echo "IOTHUB_CONNECTION_STRING=$IOTHUB_CONNECTION_STRING"
echo "EVENTHUB_CONNECTION_STRING=$EVENTHUB_CONNECTION_STRING"
echo "NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS"

run_one() {
  local f=$1 name start rc summary
  name=$(basename "$f" .js)
  start=$(date +%s)
  rc=0
  local untrusted=()
  [[ $name == server_validation ]] && untrusted=(-u NODE_EXTRA_CA_CERTS)
  (cd "$E2E_DIR" && env "${untrusted[@]}" timeout --kill-after=10 "$FILE_TIMEOUT" node_modules/.bin/mocha --exit \
    --reporter json --reporter-option "output=$RESULTS_DIR/$name.json" "${EXTRA_ARGS[@]}" "$f") \
    >"$RESULTS_DIR/$name.out" 2>&1 || rc=$?
  if [[ -s "$RESULTS_DIR/$name.json" ]]; then
    summary=$(node -e '
      const r = require(process.argv[1]).stats;
      console.log(`passed ${r.passes}, failed ${r.failures}, pending ${r.pending}`);
    ' "$RESULTS_DIR/$name.json")
  else
    summary="no report (exit $rc)"
  fi
  printf '%-28s %-40s %4ss\n' "$name" "$summary" "$(($(date +%s) - start))"
  return "$rc"
}

# JOBS test files at a time (the SDK's own npm scripts run them in parallel too).
JOBS=${JOBS:-1}
STATUS=0
running=0
for f in "${FILES[@]}"; do
  rm -f "$RESULTS_DIR/$(basename "$f" .js).json"
  run_one "$f" &
  running=$((running + 1))
  if [[ $running -ge $JOBS ]]; then
    wait -n || STATUS=1
    running=$((running - 1))
  fi
done
while [[ $running -gt 0 ]]; do
  wait -n || STATUS=1
  running=$((running - 1))
done
exit $STATUS
