#!/usr/bin/env bash
# The load test, start to end: prepare the logins, start gunicorn on 127.0.0.1, run Locust
# headless for a bounded time, print the per-page figures, stop gunicorn. See README.md.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/btxh_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
#       benchmarks/load/run.sh 50 10m
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${1:-50}
RUN_TIME=${2:-10m}
SPAWN_RATE=${SPAWN_RATE:-1}  # officers starting (and logging in) per second
PORT=${PORT:-8765}
WORKERS=${GUNICORN_WORKERS:-3}
THREADS=${GUNICORN_THREADS:-4}
if [ -z "${PYTHON:-}" ]; then
    PYTHON=python
    [ -x .venv/bin/python ] && PYTHON=.venv/bin/python
fi
if [ -z "${LOCUST:-}" ]; then
    LOCUST=locust
    [ -x /tmp/locust/bin/locust ] && LOCUST=/tmp/locust/bin/locust
    [ -x .venv/bin/locust ] && LOCUST=.venv/bin/locust
fi
OUT=${OUT:-benchmarks/out/load}
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=load_settings
export PYTHONWARNINGS="ignore:No directory at"  # whitenoise: the load test fetches no static file
START=$(date +%s)
"$PYTHON" benchmarks/load/prepare.py > "$OUT/prepare.txt"
grep -v '^export ' "$OUT/prepare.txt" || true
eval "$(grep '^export ' "$OUT/prepare.txt")"
echo "prepared in $(( $(date +%s) - START )) s"
rm -f "$OUT/access.log" "$OUT/steady_from"
"$PYTHON" -m gunicorn btxh.wsgi:application --pythonpath benchmarks/load --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --threads "$THREADS" --keep-alive "${KEEP_ALIVE:-10}" --timeout 60 --log-level warning \
    --access-logfile "$OUT/access.log" --access-logformat '%(t)s|%(m)s|%(U)s|%(q)s|%(s)s|%(D)s' &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/dang-nhap/" && break
    sleep 1
done
# One request to each worker's first page is not part of the test: the first one imports the views.
for _ in $(seq "$WORKERS"); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/dang-nhap/"; done
echo "gunicorn: $WORKERS workers x $THREADS threads (gthread), keep-alive ${KEEP_ALIVE:-10} s; $USERS officers" \
    "starting $SPAWN_RATE a second, then the steady state, $RUN_TIME in all"
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" benchmarks/load/cpu.py save "$OUT/cpu.json" "$GUNICORN"
BTXH_LOAD_STEADY_FILE="$OUT/steady_from" /usr/bin/time -f "Locust itself: %U s user + %S s system CPU" \
    "$LOCUST" -f benchmarks/load/locustfile.py --host "http://127.0.0.1:$PORT" --headless \
    -u "$USERS" -r "$SPAWN_RATE" --run-time "$RUN_TIME" --stop-timeout 10 --only-summary --loglevel WARNING \
    --csv "$OUT/locust" 2>&1 | grep -v -e '^Type ' -e '^-----' | tee "$OUT/locust.txt" || true
"$PYTHON" benchmarks/load/cpu.py report "$OUT/cpu.json" "$GUNICORN" | tee -a "$OUT/locust.txt"
"$PYTHON" benchmarks/load/server_times.py "$OUT/access.log" "$(cat "$OUT/steady_from" 2>/dev/null || true)" \
    | tee -a "$OUT/locust.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/locust.txt"
