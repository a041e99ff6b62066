"""Fetches every published article from the service into WWW/articles/<slug>.json (what nginx
serves as the ceiling: the very bytes the service answers) and writes the slugs to SLUGS.
usage: fetch-articles.py BASE_URL WWW SLUGS"""
import http.client, json, os, sys, threading, urllib.parse
from concurrent.futures import ThreadPoolExecutor

base, www, slugs_file = sys.argv[1], sys.argv[2], sys.argv[3]
url = urllib.parse.urlparse(base)
local = threading.local()

def get(path):
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    local.conn.request("GET", path)
    response = local.conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path}: {response.status}")
    return body

slugs, cursor = [], None
while True:
    page = json.loads(get("/v1/articles?limit=100" + (f"&cursor={cursor}" if cursor else "")))
    slugs += [a["slug"] for a in page["items"]]
    cursor = page["nextCursor"]
    if not cursor:
        break

os.makedirs(os.path.join(www, "articles"), exist_ok=True)
def save(slug):
    with open(os.path.join(www, "articles", slug + ".json"), "wb") as f:
        f.write(get("/v1/articles/" + slug))
with ThreadPoolExecutor(4) as pool:
    list(pool.map(save, slugs))
with open(slugs_file, "w") as f:
    f.write("\n".join(slugs) + "\n")
print(len(slugs))
