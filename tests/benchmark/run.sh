#!/usr/bin/env bash
# The benchmark: the service against nginx serving the same article bytes from disk.
#   bash tests/benchmark/run.sh                    10,000 articles
#   bash tests/benchmark/run.sh --articles 100000  100,000 articles
#   bash tests/benchmark/run.sh --compare          both, and how each figure changes
#   options: --duration SECONDS per side of a scenario (default 9, in --rounds runs of 3 s), --rounds N (default 3),
#            --connections N (default 32),
#            --no-micro-cache (the service without its one-second delivery cache),
#            --service DIR (benchmark another checkout's service, e.g. an older commit, for before/after)
# Starts its own PostgreSQL (durability on: fsync, synchronous commit, full page writes, as in
# production) and the service (Release, Production, rate limits off) on loopback, installs wrk
# and nginx from Debian's packages when missing, prints Markdown tables, leaves nothing running.
# Reads pick articles at random from the whole corpus (uniform and Zipf), and nginx is asked for
# the very same bytes with the very same picks; writes go through HTTP.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
ARTICLES=10000 DURATION=9 ROUNDS=3 CONNECTIONS=32 COMPARE=0 MICRO_CACHE=1 SERVICE_DIR=$ROOT
while [[ $# -gt 0 ]]; do
  case "$1" in
    --articles) ARTICLES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --compare) COMPARE=1; shift ;;
    --no-micro-cache) MICRO_CACHE=0; shift ;;
    --service) SERVICE_DIR=$(cd "$2" && pwd); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

log() { printf '[benchmark %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
# the ETag of a GET, from its headers
etag_of() { curl -sf -D - -o /dev/null "$1" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r'; }
need() { command -v "$1" > /dev/null || { log "installing $2"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null 2>&1 \
  || { apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null; }; }; }
need wrk wrk
need nginx nginx
need jq jq
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
WORK=$(mktemp -d /tmp/ozd-benchmark.XXXXXX)
chmod 755 "$WORK"
SERVICE_PID="" NGINX_PID=""
cleanup() {
  [[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [[ -f "$WORK/pg/data/postmaster.pid" ]] && (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop > /dev/null) || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log "publishing the service (Release) from $SERVICE_DIR"
dotnet publish "$SERVICE_DIR/src/OzdContentApi/OzdContentApi.csproj" -c Release -o "$WORK/app" --nologo -v quiet > "$WORK/publish.log"

# shared_buffers: a quarter of the memory, as production guides set it (6 GB here, more than the
# 100,000-article database). With 512 MB, most of the database lived in the kernel's page cache,
# and this machine (a VM) drops page-cache pages nobody touched for a minute (a DAMON "pageout"
# scheme, /sys/kernel/mm/damon): rows read again after that came from a disk whose reads are
# throttled, and the scenarios after the first one reading old rows (a random person's articles)
# measured the disk — p99 490 ms, and the writes after it waited behind those reads.
SHARED_BUFFERS_MB=$(awk '/^MemTotal/ {print int($2 / 1024 / 4)}' /proc/meminfo)
start_postgres() {
  mkdir -p "$WORK/pg" && chown postgres: "$WORK/pg"
  PG_PORT=$(free_port)
  (cd "$WORK" && runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync > /dev/null)
  (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
     -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c shared_buffers=${SHARED_BUFFERS_MB}MB -c max_wal_size=4GB" start > /dev/null)
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres bench
}
stop_postgres() {
  (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop > /dev/null)
  rm -rf "$WORK/pg"
}
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d bench -qAt "$@"; }

start_service() {
  APP_PORT=$(free_port)
  # exec: the background job is the service itself, so its pid is the one to stop
  (cd "$WORK/app" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" \
     ConnectionStrings__Content="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench;Maximum Pool Size=64" \
     Protection__RateLimiting=false Logging__LogLevel__Default=Warning Caching__DeliverySeconds="$MICRO_CACHE" \
     dotnet OzdContentApi.dll > "$WORK/service.log" 2>&1) &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$APP_PORT/health/ready" > /dev/null && return 0
    sleep 0.5
  done
  cat "$WORK/service.log" >&2; exit 1
}
stop_service() { kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=""; }

start_nginx() {
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/www"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    location / { default_type "application/json; charset=utf-8"; }
  }
}
CONF
  nginx -c "$WORK/nginx.conf"
}

# wrk URL [extra args...] -> "requests/s p50_ms p99_ms non2xx"
measure() {
  local url=$1; shift
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" "$@" 2>&1)
  echo "$out" > "$WORK/last-wrk.txt"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1=="50%" {print $2}' <<< "$out")
  p99=$(awk '$1=="99%" {print $2}' <<< "$out")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<< "$out"); bad=${bad:-0}
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $bad"
}
to_ms() { python3 -c "import re,sys; v=sys.argv[1]; m=re.match(r'([\d.]+)(us|ms|s)',v); print(round(float(m[1])*{'us':0.001,'ms':1,'s':1000}[m[2]],2))" "$1"; }

run_size() {
  local articles=$1 results=$2
  # the same figures unrounded, one scenario a line (tab-separated), for the targets check
  local figures="${results%.md}.tsv"
  : > "$figures"
  start_postgres
  start_service
  log "loading $articles articles"
  local t0=$SECONDS
  psql_ -v articles="$articles" -f tests/benchmark/corpus.sql > /dev/null
  # Bulk-loaded rows have no stored bytes yet; build them now rather than on first read. (An
  # older build, --service, has no such command and would start serving instead: it is not asked.)
  if python3 -c 'import sys; sys.exit("rebuild-representations".encode("utf-16-le") not in open(sys.argv[1], "rb").read())' "$WORK/app/OzdContentApi.dll"; then
    (cd "$WORK/app" && ConnectionStrings__Content="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench" \
       ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
       dotnet OzdContentApi.dll rebuild-representations > "$WORK/rebuild.log" 2>&1)
  else
    log "this build has no rebuild-representations (it reads articles from the tables)"
  fi
  # Vacuumed and checkpointed like a database that has been running: otherwise autovacuum of the
  # freshly loaded tables and the checkpointer flushing them run during the first scenarios.
  psql_ -c "vacuum (analyze) articles" -c "vacuum (analyze) sections" -c "vacuum (analyze) article_persons" -c "checkpoint" > /dev/null
  log "corpus loaded in $((SECONDS - t0)) s: database $(psql_ -c "select pg_size_pretty(pg_database_size('bench'))"), shared_buffers ${SHARED_BUFFERS_MB} MB"
  local key="ozd_benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz"
  psql_ -c "insert into api_keys (id, name, prefix, secret_hash, scopes) values (gen_random_uuid(), 'benchmark', 'ozd_benchmar', sha256(convert_to('$key', 'UTF8')), '{write}')"

  local base="http://127.0.0.1:$APP_PORT"
  local slug="bench-artikel-$((articles / 2))"
  start_nginx
  log "copying every article's bytes for nginx"
  python3 tests/benchmark/fetch-articles.py "$base" "$WORK/www" "$WORK/slugs.txt" > /dev/null
  cp "$WORK/www/articles/$slug.json" "$WORK/www/article.json"
  local ceiling="http://127.0.0.1:$NGINX_PORT/article.json"
  local nginx_base="http://127.0.0.1:$NGINX_PORT"
  local etag
  etag=$(etag_of "$base/v1/articles/$slug")
  # a list page deep in the cursor: follow nextCursor up to 40 pages of 100
  local cursor="" next depth=0
  for _ in $(seq 1 40); do
    next=$(curl -sf "$base/v1/articles?limit=100${cursor:+&cursor=$cursor}" | jq -r .nextCursor)
    [[ "$next" == "null" ]] && break
    cursor=$next; depth=$((depth + 100))
  done
  # persons and their ETags for the write mix
  psql_ -c "select row_number() over (), id from persons where slug like 'person-%' order by slug limit 400" -F ' ' \
    | while read -r n id; do echo "$n $id $(etag_of "$base/v1/persons/$id")"; done > "$WORK/etags.txt"
  psql_ -c "select id from persons where slug like 'person-%' order by slug" > "$WORK/person-ids.txt"

  log "warming up"
  wrk -t2 -c"$CONNECTIONS" -d3s "$base/v1/articles/$slug" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d2s "$ceiling" > /dev/null

  {
    echo "| scenario ($articles articles, $CONNECTIONS connections$(if [[ $MICRO_CACHE == 0 ]]; then echo ', no micro-cache'; fi)) | requests/s | p50 ms | p99 ms | nginx requests/s | ratio to nginx | non-2xx/3xx |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
  } > "$results"
  # scenario NAME NGINX_URL [NGINX_ARGS...] :: SERVICE_URL [SERVICE_ARGS...]   (wrk's own "--" may appear in either)
  # nginx and the service take turns, --rounds times each (this machine's speed drifts by a
  # quarter within a minute); the figures are the medians, the ratio the median of each turn's.
  scenario() {
    local name=$1; shift
    local nginx_args=() service_args=()
    while [[ $# -gt 0 && "$1" != "::" ]]; do nginx_args+=("$1"); shift; done
    shift
    service_args=("$@")
    local duration=$DURATION turns=""
    DURATION=$(( (DURATION + ROUNDS - 1) / ROUNDS ))
    for _ in $(seq 1 "$ROUNDS"); do
      turns+="$(measure "${nginx_args[@]}") $(measure "${service_args[@]}")"$'\n'
    done
    DURATION=$duration
    local nrps rps p50 p99 bad exact ratio
    read -r nrps rps p50 p99 bad exact ratio <<< "$(python3 -c '
import statistics as s, sys
turns = [list(map(float, line.split())) for line in sys.stdin if line.strip()]
m = lambda i: s.median(t[i] for t in turns)
r = s.median(t[4] / t[0] for t in turns) * 100
print(m(0), m(4), m(5), m(6), int(sum(t[7] for t in turns)), f"{r:.2f}", f"{r:.0f} %")' <<< "$turns")"
    log "$name: $rps req/s (p50 $p50 ms, p99 $p99 ms), nginx $nrps req/s, $ratio"
    log "  turns (nginx req/s, service req/s p99 ms): $(awk 'NF {printf "%s%.0f, %.0f %s", (NR > 1 ? "; " : ""), $1, $5, $7}' <<< "$turns")"
    echo "| $name | $(printf '%.0f' "$rps") | $p50 | $p99 | $(printf '%.0f' "$nrps") | $ratio | $bad |" >> "$results"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "$nrps" "$exact" "$bad" >> "$figures"
  }
  local random=tests/benchmark/random-article.lua
  scenario "one article, the same URL every time" "$ceiling" :: "$base/v1/articles/$slug"
  scenario "a random article (uniform)" "$nginx_base" -s $random -- "$WORK/slugs.txt" /articles/ .json uniform \
    :: "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ "" uniform
  scenario "a random article (Zipf, s = 1.1)" "$nginx_base" -s $random -- "$WORK/slugs.txt" /articles/ .json zipf 1.1 \
    :: "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ "" zipf 1.1
  # A format costs what the JSON it is built from costs: these two rows are measured against the
  # service's own JSON of the same picks (their "nginx" column is that JSON), not against nginx.
  # Like the JSON before them, the formats are read once first: this measures them cached.
  wrk -t2 -c"$CONNECTIONS" -d6s "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ /jsonld uniform > /dev/null
  scenario "JSON-LD of a random article (Zipf, s = 1.1), ratio to its JSON" "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ "" zipf 1.1 \
    :: "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ /jsonld zipf 1.1
  scenario "JSON-LD of a random article (uniform), ratio to its JSON" "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ "" uniform \
    :: "$base" -s $random -- "$WORK/slugs.txt" /v1/articles/ /jsonld uniform
  scenario "Atom feed, first page (20 whole articles)" "$ceiling" :: "$base/v1/feeds/articles.atom"
  scenario "first list page" "$ceiling" :: "$base/v1/articles"
  scenario "list page $depth deep" "$ceiling" :: "$base/v1/articles?limit=20&cursor=$cursor"
  scenario "a person's articles" "$ceiling" :: "$base/v1/persons/person-250/articles"
  scenario "a random person's articles (of $(wc -l < "$WORK/person-ids.txt"))" "$ceiling" :: "$base" -s tests/benchmark/random-person.lua -- "$WORK/person-ids.txt"
  scenario "search (1 % of articles match)" "$ceiling" :: "$base/v1/search?q=Stichwort7"
  # The broad search's own code is still being compiled when its scenario starts: the search before it
  # is one URL, answered from the kept answer nearly every time. Tiered compilation (with its
  # profiling tier) takes about 15 s of broad searches to reach full speed; a fresh service's 3 s
  # turns on the experiments' database ran 745, 871, 867, 1,007 and then 1,190-1,440 searches/s
  # (with tiering off: 845-1,041 from the first turn on, and no faster later). A running service
  # has met broad searches before, as the creates below have met writes: 15 s of them first.
  wrk -t2 -c"$CONNECTIONS" -d15s "$base" -s tests/benchmark/broad-search.lua > /dev/null
  scenario "search, every article matches (random word triples)" "$ceiling" :: "$base" -s tests/benchmark/broad-search.lua
  scenario "conditional GET answered 304" "$ceiling" :: "$base/v1/articles/$slug" -H "If-None-Match: $etag"
  # One turn: the persons' ETags the writes send are read once, before it.
  ROUNDS=1 scenario "write mix (10 % PUT with If-Match)" "$ceiling" :: "$base" -s tests/benchmark/write-mix.lua -- "/v1/articles/$slug" "$key" "$WORK/etags.txt"

  # Creates through HTTP: 8 writers, each article shaped like the sample (five sections, three persons).
  # No scenario before this one creates articles, so the create path's code is still being
  # compiled (tiered JIT) when it starts: 3 s of the same writes first, as a service that has been
  # running meets them, and the 9 s after them are measured.
  local connections=$CONNECTIONS
  CONNECTIONS=8
  wrk -t2 -c8 -d3s "$base" -s tests/benchmark/create-articles.lua -- "$key" "$WORK/person-ids.txt" tests/benchmark/article-input.json 1 > /dev/null
  read -r crps cp50 cp99 cbad <<< "$(measure "$base" -s tests/benchmark/create-articles.lua -- "$key" "$WORK/person-ids.txt" tests/benchmark/article-input.json)"
  CONNECTIONS=$connections
  log "creates: $crps/s (p50 $cp50 ms, p99 $cp99 ms), $cbad failed"
  # An archive through import-ozd-text (the same build, its own process, 8 writers): 3000 texts
  # laid out like the sample, each its own headline. Skipped for a build without the command.
  local import_rate="-" import_wall="-" import_parse="-"
  if python3 -c 'import sys; sys.exit("import-ozd-text".encode("utf-16-le") not in open(sys.argv[1], "rb").read())' "$WORK/app/OzdContentApi.dll"; then
    rm -rf "$WORK/archive"
    python3 tests/benchmark/make-ozd-texts.py db/seed/ozd-miami-talks.txt "$WORK/archive" 3000
    local summary
    summary=$(cd "$WORK/app" && ConnectionStrings__Content="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench" \
      ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning dotnet OzdContentApi.dll import-ozd-text "$WORK/archive" | tail -1)
    import_rate=$(sed -E 's/.*\(([0-9]+) articles\/s.*/\1/' <<< "$summary")
    import_parse=$(sed -E 's/.*parsing ([0-9.]+) ms per text.*/\1/' <<< "$summary")
    import_wall=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<< "$summary")
    log "import: $summary"
  fi
  local rss peak db_size
  db_size=$(psql_ -c "select pg_size_pretty(pg_database_size('bench'))")
  rss=$(awk '/^VmRSS/ {print int($2/1024)}' "/proc/$SERVICE_PID/status")
  peak=$(awk '/^VmHWM/ {print int($2/1024)}' "/proc/$SERVICE_PID/status")
  {
    echo ""
    echo "| writes ($articles articles, durability on) | creates/s | p50 ms | p99 ms | failed |"
    echo "|---|---:|---:|---:|---:|"
    echo "| create an article like the sample, 8 writers | $(printf '%.0f' "$crps") | $cp50 | $cp99 | $cbad |"
    echo ""
    echo "| import-ozd-text, 3000 texts like the sample, 8 writers | articles/s | seconds | parsing ms per text (wall clock, 8 writers sharing the cores) |"
    echo "|---|---:|---:|---:|"
    echo "| one run | $import_rate | $import_wall | $import_parse |"
    echo ""
    echo "Service memory after the runs: $rss MiB resident, $peak MiB at peak. PostgreSQL: database $db_size, shared_buffers ${SHARED_BUFFERS_MB} MB."
    echo "nginx: every article's bytes as the service answers them, from disk; each row's ceiling measured just before it."
  } >> "$results"
  printf 'creates\t%s\t%s\t%s\t\t\t%s\n' "$crps" "$cp50" "$cp99" "$cbad" >> "$figures"
  printf 'memory\t%s\n' "$rss" >> "$figures"
  if [[ $articles -ge 100000 ]]; then
    { echo ""; python3 tests/benchmark/targets.py "$figures"; } >> "$results"
  fi

  kill "$(cat "$WORK/nginx.pid")"; rm -f "$WORK/nginx.pid"
  stop_service
  stop_postgres
}

if [[ $COMPARE == 1 ]]; then
  run_size 10000 "$WORK/small.md"
  run_size 100000 "$WORK/large.md"
  cat "$WORK/small.md"; echo; cat "$WORK/large.md"; echo
  echo "| scenario | p50 ms 10k → 100k | p99 ms 10k → 100k | p99 change |"
  echo "|---|---:|---:|---:|"
  paste -d'\n' <(grep '^| [a-z]' "$WORK/small.md" | grep -v '^| scenario\|^| writes\|^| create') <(grep '^| [a-z]' "$WORK/large.md" | grep -v '^| scenario\|^| writes\|^| create') | paste - - | \
    awk -F'|' '{ printf "| %s | %s → %s | %s → %s | %.2f× |\n", $2, $4+0, $12+0, $5+0, $13+0, ($13+0)/($5+0.0001) }'
else
  run_size "$ARTICLES" "$WORK/results.md"
  cat "$WORK/results.md"
fi
