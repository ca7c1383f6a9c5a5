#!/usr/bin/env bash
# Runs deploy/nginx.conf (its addresses changed to loopback) in front of two instances of the production
# jar, started from its extracted layers as the Dockerfile does, and checks what the deployment relies
# on: sticky sessions (and, as a control, that hashing JSESSIONID instead loses logins), the push
# WebSocket, unbuffered SSE, the drain on SIGTERM and the failover after it. Not part of
# `mvn verify`; run by hand after `mvn -Pproduction -DskipTests package`:
#
#     bash deploy/check-nginx.sh
#
# Needs java 21+, nginx, curl and python3 on this machine; with PostgreSQL's binaries
# (/usr/lib/postgresql/*/bin, Debian's `postgresql`) both instances share a throwaway PostgreSQL as in
# compose.yaml, otherwise each has its own H2 file (then a failover cannot find the answer). The model
# server is deploy/fake-ollama.py. Everything listens on 127.0.0.1 only and is stopped at the end.
# Ports: NGINX_PORT (18080), A_PORT (18081), B_PORT (18082), MODEL_PORT (11999), PG_PORT (15432).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/target/rivulet.jar}
NGINX_PORT=${NGINX_PORT:-18080}
A_PORT=${A_PORT:-18081}
B_PORT=${B_PORT:-18082}
MODEL_PORT=${MODEL_PORT:-11999}
PG_PORT=${PG_PORT:-15432}
PASSWORD=${RIVULET_ADMIN_PASSWORD:-tundra-Glacier-48-orbit}
WORK=$(mktemp -d /tmp/rivulet-nginx-check.XXXXXX)
chmod 755 "$WORK"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
N=http://127.0.0.1:$NGINX_PORT
passed=0
failed=0
declare -A PID=()

say() { printf '%s %s\n' "$(date -u +%T.%3N)" "$*"; }
pass() { passed=$((passed + 1)); say "PASS $*"; }
fail() { failed=$((failed + 1)); say "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
# X-Rivulet-Upstream (nginx's $upstream_addr): every instance tried, in order, the one that answered last.
upstream() { sed -n 's/^X-Rivulet-Upstream: *//Ip' "$1" | tr -d '\r' | tail -1; }
answered() { local last; last=$(upstream "$1" | awk -F', ' '{print $NF}'); echo "${NAME[$last]:-${last:-none}}"; }
status() { head -1 "$1" | awk '{print $2}'; }

cleanup() {
    for pidfile in "$WORK/nginx.pid" "$WORK/nginx-control.pid"; do
        [ -f "$pidfile" ] && kill -QUIT "$(cat "$pidfile")" 2>/dev/null
    done
    for name in "${!PID[@]}"; do kill -TERM "${PID[$name]}" 2>/dev/null; done
    for name in "${!PID[@]}"; do
        for _ in $(seq 1 80); do kill -0 "${PID[$name]}" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "${PID[$name]}" 2>/dev/null
    done
    [ -n "${PG_BIN:-}" ] && [ -d "$WORK/pg" ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1
    say "logs and files: $WORK"
}
trap cleanup EXIT

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

wait_ready() { # port seconds
    for _ in $(seq 1 "$2"); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/actuator/health/readiness")" = 200 ] && return 0
        sleep 1
    done
    return 1
}

for tool in nginx curl python3 "$JAVA"; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "no $JAR: run mvn -Pproduction -DskipTests package first" >&2; exit 2; }

# ---- the layers, as the Dockerfile's extract stage and its COPY lines lay them out --------------------------
say "extracting $JAR into layers"
(cd "$WORK" && "$JAVA" -Djarmode=tools -jar "$JAR" extract --layers --launcher --destination layers) >/dev/null || exit 2
mkdir -p "$WORK/app"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
    cp -a "$WORK/layers/$layer/." "$WORK/app/"
done

# ---- the database ----------------------------------------------------------------------------------------
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
declare -a DB_A DB_B
if [ -n "$PG_BIN" ] && id postgres >/dev/null 2>&1; then
    say "PostgreSQL from $PG_BIN on 127.0.0.1:$PG_PORT, shared by both instances"
    mkdir -p "$WORK/pg" && chown postgres "$WORK/pg" 2>/dev/null
    as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U rivulet --auth=trust >"$WORK/pg-init.log" 2>&1 || { cat "$WORK/pg-init.log"; exit 2; }
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
        -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null || exit 2
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U rivulet rivulet || exit 2
    DB_A=("SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/rivulet" SPRING_DATASOURCE_USERNAME=rivulet
          SPRING_DATASOURCE_PASSWORD=unused)
    DB_B=("${DB_A[@]}")
    SHARED=yes
else
    say "no PostgreSQL binaries: each instance gets its own H2 file"
    DB_A=("SPRING_DATASOURCE_URL=jdbc:h2:file:$WORK/a/data/rivulet;DB_CLOSE_ON_EXIT=FALSE")
    DB_B=("SPRING_DATASOURCE_URL=jdbc:h2:file:$WORK/b/data/rivulet;DB_CLOSE_ON_EXIT=FALSE")
    SHARED=no
fi

# ---- the model server and the two instances -----------------------------------------------------------------
python3 "$ROOT/deploy/fake-ollama.py" "$MODEL_PORT" 0.25 40 >"$WORK/model.log" 2>&1 &
PID[model]=$!

start_instance() { # name port env...
    local name=$1 port=$2; shift 2
    mkdir -p "$WORK/$name"
    (cd "$WORK/$name" && exec env "$@" RIVULET_ADMIN_PASSWORD="$PASSWORD" SERVER_FORWARD_HEADERS_STRATEGY=native \
        SERVER_PORT="$port" SPRING_AI_OLLAMA_BASE_URL="http://127.0.0.1:$MODEL_PORT" \
        JAVA_TOOL_OPTIONS="-Xmx768m -XX:+ExitOnOutOfMemoryError" \
        "$JAVA" -cp "$WORK/app" org.springframework.boot.loader.launch.JarLauncher >"$WORK/$name/app.log" 2>&1) &
    PID[$name]=$!
}
# One after the other, as compose.yaml does: the first start on an empty database creates the admin.
say "starting instance a on :$A_PORT"
start_instance a "$A_PORT" "${DB_A[@]}"
wait_ready "$A_PORT" 400 || { fail "instance a ready"; tail -30 "$WORK/a/app.log"; exit 1; }
say "starting instance b on :$B_PORT"
start_instance b "$B_PORT" "${DB_B[@]}"
wait_ready "$B_PORT" 400 || { fail "instance b ready"; tail -30 "$WORK/b/app.log"; exit 1; }
pass "both instances ready (/actuator/health/readiness 200)"
declare -A NAME=(["127.0.0.1:$A_PORT"]=a ["127.0.0.1:$B_PORT"]=b)
declare -A PORT_OF=([a]=$A_PORT [b]=$B_PORT)

check "the image's HEALTHCHECK command (curl -fsS .../actuator/health/liveness) succeeds" \
    curl -fsS -o /dev/null "http://127.0.0.1:$A_PORT/actuator/health/liveness"
curl -s -o /dev/null -D "$WORK/fwd.h" -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$A_PORT/login"
check "SERVER_FORWARD_HEADERS_STRATEGY=native is in effect (X-Forwarded-Proto: https gives a Secure session cookie)" \
    grep -qi '^Set-Cookie: JSESSIONID=.*Secure' "$WORK/fwd.h"

# ---- nginx with deploy/nginx.conf -----------------------------------------------------------------------------
mkdir -p "$WORK/nginx-tmp"
NGINX_USER="user www-data;"
if [ "$(id -u)" = 0 ]; then chown www-data "$WORK/nginx-tmp"; else NGINX_USER=""; fi
sed -e "s|^user  nginx;|$NGINX_USER|" \
    -e "s|/var/log/nginx/error.log|$WORK/nginx-error.log|" \
    -e "s|/var/log/nginx/access.log|$WORK/nginx-access.log|" \
    -e "s|/var/run/nginx.pid|$WORK/nginx.pid|" \
    -e "s|server rivulet1:8080|server 127.0.0.1:$A_PORT|" \
    -e "s|server rivulet2:8080|server 127.0.0.1:$B_PORT|" \
    -e "s|listen 8080;|listen 127.0.0.1:$NGINX_PORT;|" \
    -e "s|#add_header X-Rivulet-Upstream|add_header X-Rivulet-Upstream|" \
    -e "s|^http {|http {\n    client_body_temp_path $WORK/nginx-tmp/body; proxy_temp_path $WORK/nginx-tmp/proxy;\n    fastcgi_temp_path $WORK/nginx-tmp/fastcgi; uwsgi_temp_path $WORK/nginx-tmp/uwsgi; scgi_temp_path $WORK/nginx-tmp/scgi;|" \
    "$ROOT/deploy/nginx.conf" >"$WORK/nginx.conf"
check "nginx -t accepts the config" nginx -t -q -c "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" || exit 1

# ---- sticky sessions ------------------------------------------------------------------------------------
declare -A seen=()
for key in k1 k2 k3 k4 k5 k6 k7 k8; do
    curl -s -o /dev/null -D "$WORK/key.h" -b "rivulet_lb=$key" "$N/login"
    seen[$key]=$(answered "$WORK/key.h")
done
say "affinity keys k1..k8 -> ${seen[*]}"
check "affinity keys are spread over both instances" bash -c '[[ "$1" == *a* && "$1" == *b* ]]' _ "${seen[*]}"

login() { # jar [base URL]: the login form, as a browser fills it in
    local jar=$1 base=${2:-$N} csrf
    rm -f "$jar"
    curl -s -c "$jar" -b "$jar" -D "$WORK/login-form.h" -o "$WORK/login.html" "$base/login"
    csrf=$(sed -n 's/.*name="_csrf" content="\([^"]*\)".*/\1/p' "$WORK/login.html" | head -1)
    curl -s -c "$jar" -b "$jar" -D "$WORK/login.h" -o /dev/null --data-urlencode username=admin \
        --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$csrf" "$base/login"
}
JAR1=$WORK/browser.jar
login "$JAR1"
HOME_INSTANCE=$(answered "$WORK/login.h")
check "the first response sets the rivulet_lb cookie" grep -qi '^Set-Cookie: rivulet_lb=' "$WORK/login-form.h"
check "form login through nginx (302 to http://127.0.0.1:$NGINX_PORT/)" \
    grep -qi "^Location: http://127.0.0.1:$NGINX_PORT/" "$WORK/login.h"
answers=""
for _ in $(seq 1 10); do
    curl -s -o /dev/null -D "$WORK/get.h" -b "$JAR1" -c "$JAR1" "$N/"
    answers+="$(status "$WORK/get.h"):$(answered "$WORK/get.h") "
done
say "10 requests of the logged-in session: $answers"
check "all 10 reach instance $HOME_INSTANCE, logged in (200)" \
    bash -c '[ "$(echo $1 | tr " " "\n" | sort -u)" = "200:$2" ]' _ "$answers" "$HOME_INSTANCE"

# ---- Vaadin push WebSocket -----------------------------------------------------------------------------
curl -s -b "$JAR1" -c "$JAR1" -o "$WORK/init.json" "$N/?v-r=init&location="
PUSH_ID=$(json 'd["appConfig"]["uidl"]["Vaadin-Push-ID"]' <"$WORK/init.json")
UI_ID=$(json 'd["appConfig"]["v-uiId"]' <"$WORK/init.json")
Q="v-r=push&v-uiId=$UI_ID&v-pushId=$PUSH_ID&X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=3.1.5-javascript"
Q+="&X-Atmosphere-Transport=websocket&X-Atmosphere-TrackMessageSize=true&Content-Type=application/json;%20charset=UTF-8&X-atmo-protocol=true"
curl -s -i -N --http1.1 --max-time 3 -b "$JAR1" -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
    -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' -H "Origin: $N" \
    "$N/VAADIN/push?$Q" >"$WORK/push.out" 2>/dev/null
say "push: $(head -1 "$WORK/push.out" | tr -d '\r'), via $(upstream "$WORK/push.out"), first frame: $(tail -c 60 "$WORK/push.out" | tr -cd '[:print:]')"
check "WebSocket upgrade of /VAADIN/push through nginx (101 and Atmosphere's first frame)" \
    bash -c 'head -1 "$1" | grep -q " 101" && tail -c 80 "$1" | grep -aq "|"' _ "$WORK/push.out"

# ---- SSE through nginx, unbuffered ------------------------------------------------------------------------
# An API client that keeps nginx's cookie (not the session's), so it reaches the browser's instance.
LB=$(awk '$6 == "rivulet_lb" {print $7}' "$JAR1")
TOKEN=$(curl -s -b "rivulet_lb=$LB" -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
    -d '{"name":"check-nginx"}' "$N/api/tokens" | json 'd["token"]')
api() { # method path [body]
    curl -s -b "rivulet_lb=$LB" -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        ${3:+-d "$3"} -D "$WORK/api.h" "$N$2"
}
CONV=$(api POST /api/conversations '{"title":"nginx check"}' | json 'd["id"]')
CONV2=$(api POST /api/conversations '{"title":"nginx check, during the drain"}' | json 'd["id"]')
follow() { # run file: each line of the stream with its arrival time in ms since the start
    curl -s -N -b "rivulet_lb=$LB" -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' -D "$2.h" \
        "$N/api/runs/$1/events?flush=token" | python3 -c '
import sys, time
t0 = time.monotonic()
for line in sys.stdin:
    if line.strip():
        print("%6d %s" % ((time.monotonic() - t0) * 1000, line.rstrip()[:100]), flush=True)' >"$2"
}
RUN1=$(api POST "/api/conversations/$CONV/messages" '{"content":"Hello through nginx"}' | json 'd["runId"]')
follow "$RUN1" "$WORK/sse1.txt"
grep ' event:token' "$WORK/sse1.txt" | awk '{print $1}' >"$WORK/sse1.times"
say "SSE: $(wc -l <"$WORK/sse1.times") token events; ms after the stream opened: $(tr '\n' ' ' <"$WORK/sse1.times")"
say "     (the first ones at once: the run had started before the stream opened, so they are replayed)"
check "SSE token events arrive one by one (20+ events, each gap under 1.5 s, first to last over 5 s)" python3 -c '
import sys
t = [int(x) for x in open(sys.argv[1])]
gaps = [b - a for a, b in zip(t, t[1:])]
sys.exit(0 if len(t) >= 20 and max(gaps) < 1500 and t[-1] - t[0] > 5000 else 1)' "$WORK/sse1.times"
check "the stream ends with done: completed" grep -q '"status":"completed"' "$WORK/sse1.txt"
check "SSE is not compressed (Accept-Encoding: gzip sent) and is text/event-stream" \
    bash -c '! grep -qi "^Content-Encoding" "$1" && grep -qi "^Content-Type: text/event-stream" "$1"' _ "$WORK/sse1.txt.h"

# ---- a real browser (optional: Debian's chromium and Playwright for Java in ~/.m2) ------------------------------
PW=${PLAYWRIGHT_REPO:-$HOME/.m2/repository/com/microsoft/playwright}
PW_CP=$(ls "$PW"/playwright/*/playwright-*.jar "$PW"/driver/*/driver-*.jar "$PW"/driver-bundle/*/driver-bundle-*.jar \
    2>/dev/null | grep -v -- '-sources' | tr '\n' :)
GSON=$(ls "$HOME"/.m2/repository/com/google/code/gson/gson/*/gson-*.jar 2>/dev/null | grep -v -- '-sources' | sort -V | tail -1)
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ -n "$PW_CP" ] && [ -n "$GSON" ]; then
    say "a browser: headless chromium logs in through nginx and sends a message"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$JAVA" -cp "$PW_CP$GSON" "$ROOT/deploy/BrowserCheck.java" "$N" "$PASSWORD" word40 \
        >"$WORK/browser.txt" 2>&1
    sed 's/^/    /' "$WORK/browser.txt" | cut -c1-400
    check "in a browser, the answer streams onto the screen over the push WebSocket through nginx" \
        grep -q '^BROWSER OK' "$WORK/browser.txt"
else
    say "no chromium or Playwright jars: the browser check is skipped"
fi

# ---- control: the alternative deploy/nginx.conf rejects, hashing the session cookie ---------------------------
CONTROL_PORT=$((NGINX_PORT + 10))
sed -e 's|hash $rivulet_affinity consistent;|hash $cookie_JSESSIONID consistent;|' \
    -e "s|listen 127.0.0.1:$NGINX_PORT;|listen 127.0.0.1:$CONTROL_PORT;|" -e "s|$WORK/nginx.pid|$WORK/nginx-control.pid|" \
    -e "s|nginx-access.log|nginx-control-access.log|" -e "s|nginx-error.log|nginx-control-error.log|" \
    "$WORK/nginx.conf" >"$WORK/nginx-control.conf"
nginx -c "$WORK/nginx-control.conf" || exit 1
kept=0
for i in 1 2 3 4 5 6 7 8; do
    login "$WORK/control$i.jar" "http://127.0.0.1:$CONTROL_PORT"
    [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/control$i.jar" "http://127.0.0.1:$CONTROL_PORT/")" = 200 ] \
        && kept=$((kept + 1))
done
kill -QUIT "$(cat "$WORK/nginx-control.pid")"
say "with hash \$cookie_JSESSIONID instead: $kept of 8 fresh browsers are logged in after the login form"
check "hashing JSESSIONID (the rejected alternative) loses logins" [ "$kept" -lt 8 ]

# ---- drain: SIGTERM the instance this browser is pinned to ---------------------------------------------------
OTHER=$([ "$HOME_INSTANCE" = a ] && echo b || echo a)
RUN2=$(api POST "/api/conversations/$CONV/messages" '{"content":"A long answer, please"}' | json 'd["runId"]')
follow "$RUN2" "$WORK/sse2.txt" &
FOLLOW=$!
sleep 1.5
say "SIGTERM to instance $HOME_INSTANCE (pid ${PID[$HOME_INSTANCE]}) while its answer streams"
T0=$(date +%s%N)
kill -TERM "${PID[$HOME_INSTANCE]}"
readiness=""
for _ in $(seq 1 40); do
    readiness=$(curl -s -m 1 -w ' %{http_code}' "http://127.0.0.1:${PORT_OF[$HOME_INSTANCE]}/actuator/health/readiness")
    [[ "$readiness" == *503 ]] && break
    sleep 0.05
done
say "readiness of $HOME_INSTANCE after $(( ($(date +%s%N) - T0) / 1000000 )) ms: $readiness"
check "readiness is OUT_OF_SERVICE (503) at once" bash -c '[[ "$1" == *OUT_OF_SERVICE*503 ]]' _ "$readiness"
curl -s -o /dev/null -D "$WORK/drain-get.h" -b "$JAR1" "$N/"
say "the session's page during the drain: $(status "$WORK/drain-get.h") from $(answered "$WORK/drain-get.h")"
check "the logged-in session is still served by the draining instance (200 from $HOME_INSTANCE)" \
    bash -c '[ "$1 $2" = "200 $3" ]' _ "$(status "$WORK/drain-get.h")" "$(answered "$WORK/drain-get.h")" "$HOME_INSTANCE"
api POST "/api/conversations/$CONV2/messages" '{"content":"sent during the drain"}' >"$WORK/drain-post.json"
say "new message during the drain: $(status "$WORK/api.h") via $(upstream "$WORK/api.h"): $(head -c 160 "$WORK/drain-post.json")"
check "the draining instance's 503 for a new message is retried on the other instance" \
    bash -c '[ "$1" = "127.0.0.1:$2, 127.0.0.1:$3" ]' _ "$(upstream "$WORK/api.h")" "${PORT_OF[$HOME_INSTANCE]}" "${PORT_OF[$OTHER]}"
if [ "$SHARED" = yes ]; then
    check "with one PostgreSQL, the other instance starts that answer (202)" \
        bash -c '[ "$(head -1 "$1" | cut -d" " -f2)" = 202 ]' _ "$WORK/api.h"
fi
wait "$FOLLOW" # the stream of the answer that was running on the draining instance
say "running answer's stream: $(grep -c ' event:token' "$WORK/sse2.txt") tokens, ends $(grep -o '"status":"[a-z]*"' "$WORK/sse2.txt" | tail -1)"
check "the running answer finished on the draining instance, streamed through nginx to the end" \
    grep -q '"status":"completed"' "$WORK/sse2.txt"
for _ in $(seq 1 120); do kill -0 "${PID[$HOME_INSTANCE]}" 2>/dev/null || break; sleep 0.5; done
check "instance $HOME_INSTANCE has exited after its drain" bash -c '! kill -0 "$1" 2>/dev/null' _ "${PID[$HOME_INSTANCE]}"
grep -h 'RunShutdown\|GracefulShutdown' "$WORK/$HOME_INSTANCE/app.log" | sed 's/^/    /' | cut -c1-200

# ---- failover: the person logs in again on the other instance ---------------------------------------------------
curl -s -o /dev/null -D "$WORK/after.h" -b "$JAR1" "$N/"
say "the old session after the drain: $(status "$WORK/after.h") from $(answered "$WORK/after.h"), $(sed -n 's/^Location: *//Ip' "$WORK/after.h" | tr -d '\r')"
check "requests of that browser now reach instance $OTHER, which sends it to the login" \
    bash -c 'grep -qi "^Location: .*/login" "$1" && [ "$2" = "$3" ]' _ "$WORK/after.h" "$(answered "$WORK/after.h")" "$OTHER"
curl -s -o /dev/null -D "$WORK/new.h" "$N/login"
check "a new browser reaches instance $OTHER" bash -c '[ "$1" = "$2" ]' _ "$(answered "$WORK/new.h")" "$OTHER"
JAR2=$WORK/browser-again.jar
login "$JAR2"
check "logging in again through nginx works (on $OTHER)" \
    bash -c 'grep -qi "^Location: http://127.0.0.1:$2/" "$1" && [ "$3" = "$4" ]' _ "$WORK/login.h" "$NGINX_PORT" \
    "$(answered "$WORK/login.h")" "$OTHER"
if [ "$SHARED" = yes ]; then
    curl -s -H "Authorization: Bearer $TOKEN" "$N/api/conversations/$CONV" >"$WORK/history.json"
    say "history on $OTHER: $(json '[(m["role"], m["status"], len(m["content"])) for m in d["messages"]]' <"$WORK/history.json")"
    check "the answer written on $HOME_INSTANCE is in the history, completed with its full text" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["messages"]
a = [x for x in m if x["role"] == "assistant"]
sys.exit(0 if len(a) == 2 and all(x["status"] == "completed" and x["content"].startswith("word1 ") and "word40" in x["content"] for x in a) else 1)' "$WORK/history.json"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
