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
PORT=${PORT:-8765}
WORKERS=${GUNICORN_WORKERS:-3}
THREADS=${GUNICORN_THREADS:-4}
PYTHON=${PYTHON:-python}
LOCUST=${LOCUST:-locust}
OUT=${OUT:-benchmarks/out/load}
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=load_settings
eval "$("$PYTHON" benchmarks/load/prepare.py | tee /dev/stderr | grep '^export ')"
"$PYTHON" -m gunicorn btxh.wsgi:application --pythonpath benchmarks/load --bind "127.0.0.1:$PORT" \
    --workers "$WORKERS" --threads "$THREADS" --keep-alive "${KEEP_ALIVE:-10}" --timeout 60 --log-level warning &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/dang-nhap/" && break
    sleep 1
done
echo "gunicorn: $WORKERS workers x $THREADS threads; $USERS users for $RUN_TIME; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$LOCUST" -f benchmarks/load/locustfile.py --host "http://127.0.0.1:$PORT" --headless \
    -u "$USERS" -r 5 --run-time "$RUN_TIME" --stop-timeout 10 --only-summary --csv "$OUT/locust" 2>&1 | tee "$OUT/locust.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
