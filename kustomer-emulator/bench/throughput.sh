#!/usr/bin/env bash
# Measures the emulator's requests per second with wrk (Debian package `wrk`), faults off and the rate limit
# lifted: one read-heavy run (customer lookup by externalId) and one write-heavy run (KObject creates).
# Usage: kustomer-emulator/bench/throughput.sh [seconds]   (after ./mvnw -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
jar=ingest-app/target/ingest-app.jar
port=${EMULATOR_BENCH_PORT:-18089}
key=emulator-api-key
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
[ -f "$jar" ] || { echo "$jar is missing: run ./mvnw -B package -DskipTests first" >&2; exit 2; }

java -jar "$jar" emulator --port "$port" --rate-limit 1000000000 \
  --object-updates-per-minute 1000000000 --customer-creates-per-minute 1000000000 >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$base/__emulator/health" >/dev/null && break; sleep 0.2; done
auth=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
curl -sf "${auth[@]}" -X POST "$base/v1/klasses" -d '{"name":"order"}' >/dev/null
curl -sf "${auth[@]}" -X POST "$base/v1/customers" -d '{"externalId":"c-1"}' >/dev/null

script=$(mktemp --suffix=.lua)
cat >"$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
local n = 0
request = function()
  n = n + 1
  local body = '{"title":"Order ' .. n .. '","externalId":"W-' .. n .. '","custom":{"totalNum":12.5,"statusStr":"paid","placedAt":"2026-11-20T10:00:00Z"},"data":{"items":[{"sku":"A","qty":1}]}}'
  return wrk.format(nil, "/v1/klasses/order", nil, body)
end
LUA
wrk -t2 -c32 -d3s -H "Authorization: Bearer $key" "$base/v1/customers/externalId=c-1" >/dev/null # JIT warm-up
read_rps=$(wrk -t2 -c32 -d"${secs}s" -H "Authorization: Bearer $key" "$base/v1/customers/externalId=c-1" | awk '/Requests\/sec/ {print $2}')
write_rps=$(wrk -t2 -c32 -d"${secs}s" -s "$script" "$base" | awk '/Requests\/sec/ {print $2}')
rm -f "$script"
errors=$(curl -sf "$base/__emulator/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin)["byStatus"]; print(sum(v for k,v in s.items() if int(k)>=400))')
echo "emulator throughput on $(nproc) cores, ${secs}s each, wrk -t2 -c32 on the same machine:"
echo "  GET /v1/customers/externalId={id}: ${read_rps} requests/s"
echo "  POST /v1/klasses/order (create):   ${write_rps} requests/s"
echo "  responses >= 400 during the runs:  ${errors}"
