#!/usr/bin/env python3
"""Deterministic, seedable synthetic corpus for galley benchmarks (issue #6).

Writes N articles (600 to 1,500 words of prose each, with headings, lists, tables, inline code,
links, and 2 to 4 unique code blocks of 10 to 40 lines in javascript, python, rust, go, bash,
json or typescript) as a galley site, and optionally the same articles as a Hugo site with a
minimal theme that renders the same pages (article, home, category and tag lists) and emits
highlighting classes (markup.highlight.noClasses = false).

Article i depends only on (seed, i): the 1,000-article corpus is the first 1,000 articles of
the 10,000-article one.

    scripts/gen-corpus.py --articles 10000 --seed 1 --galley /tmp/c10k/galley --hugo /tmp/c10k/hugo

With --images (galley only), each article is a folder `content/articles/<slug>/index.md` with
two 1600x1000 PNGs beside it, shown in its body (issue 15's image benchmark):

    scripts/gen-corpus.py --articles 1000 --images --galley /tmp/c1k-img/galley
"""

import argparse
import os
import random
import shutil
import struct
import sys
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

WORDS = """request response server client token session cookie header payload signature
cache latency throughput build compile deploy release version module package import export
function method class interface type value string number array object field record index
query database table column row schema migration transaction commit rollback lock queue
worker thread process memory buffer stream file path folder network socket port address
route handler middleware error result option config setting secret key hash encode decode
parse render template layout page site article draft preview test benchmark profile metric
log trace event message channel retry timeout backoff limit quota user account role permission
scope claim issuer audience expiry refresh rotate verify sign encrypt decrypt base64 binary
text unicode byte character line block paragraph heading link image table list item""".split()

GLUE = """the a an this that every each some most many few of in on for with to from by as at
into over under between without about is are was be can will should must may might often
usually rarely then so but and or when while because although""".split()

CATEGORIES = ["JWT", "Sessions", "Base64", "HTTP", "Caching", "Databases", "Testing", "Security",
              "Performance", "Tooling", "Frontend", "Backend", "DevOps", "Rust", "Go", "Python"]
TAGS = sorted({f"{a}-{b}" for a in WORDS[:30] for b in ("basics", "tips", "howto", "deep-dive", "pitfalls")})[:150]
LANGS = ["javascript", "python", "rust", "go", "bash", "json", "typescript"]


def sentence(r, words=None):
    n = words or r.randint(8, 20)
    out = []
    for k in range(n):
        w = r.choice(WORDS) if r.random() < 0.6 else r.choice(GLUE)
        roll = r.random()
        if roll < 0.03:
            w = f"`{w}_{r.randint(1, 99)}`"
        elif roll < 0.05:
            w = f"**{w}**"
        elif roll < 0.06:
            w = f"[{w}](https://example.com/{w}/{r.randint(1, 999)})"
        out.append(w)
    s = " ".join(out)
    return s[0].upper() + s[1:] + "."


def paragraph(r):
    return " ".join(sentence(r) for _ in range(r.randint(2, 5)))


def ident(r, n, style="snake"):
    a, b = r.choice(WORDS), r.choice(WORDS)
    if style == "camel":
        return f"{a}{b.capitalize()}{n}"
    if style == "pascal":
        return f"{a.capitalize()}{b.capitalize()}{n}"
    return f"{a}_{b}_{n}"


def code_block(r, lang, uid):
    """A unique block of 10 to 40 lines in `lang`."""
    target = r.randint(10, 40)
    lines = []
    q = lambda: f"{r.choice(WORDS)} {r.choice(WORDS)} {uid}"
    if lang in ("javascript", "typescript"):
        ts = lang == "typescript"
        fn = ident(r, uid, "camel")
        if ts:
            lines.append(f"interface {ident(r, uid, 'pascal')} {{ id: number; name?: string; tags: string[] }}")
        lines.append(f"// {sentence(r, 8)}")
        lines.append(f"export async function {fn}(input{': string' if ts else ''}, limit = {r.randint(1, 500)}){': Promise<number>' if ts else ''} {{")
        body = [
            lambda: f"  const {ident(r, uid, 'camel')} = await fetch(`/api/{r.choice(WORDS)}/${{input}}?limit=${{limit}}`);",
            lambda: f"  if (limit > {r.randint(1, 99)} && input.length !== {r.randint(0, 9)}) {{ throw new Error('{q()}'); }}",
            lambda: f"  let {ident(r, uid, 'camel')} = [{r.randint(0, 9)}, {r.randint(10, 99)}, {r.randint(100, 999)}].map((x) => x * {r.randint(2, 9)});",
            lambda: f"  // {sentence(r, 7)}",
            lambda: f"  console.log(\"{q()}\", {{ limit, ok: {r.choice(['true', 'false'])} }});",
            lambda: f"  for (const {r.choice(WORDS)}Item of Object.keys({{ a: {r.randint(0, 9)} }})) {{ limit -= 1; }}",
            lambda: f"  const re = /{r.choice(WORDS)}[0-9]+/g; /* {r.choice(WORDS)} */",
        ]
        while len(lines) < target - 2:
            lines.append(r.choice(body)())
        lines.append(f"  return limit + {r.randint(0, 1000)};")
        lines.append("}")
    elif lang == "python":
        lines.append(f"import {r.choice(['os', 'json', 're', 'time', 'hashlib'])}")
        lines.append("")
        lines.append(f"def {ident(r, uid)}(path: str, limit: int = {r.randint(1, 500)}) -> dict:")
        lines.append(f'    """{sentence(r, 8)}"""')
        body = [
            lambda: f"    {ident(r, uid)} = [x * {r.randint(2, 9)} for x in range(limit) if x % {r.randint(2, 7)}]",
            lambda: f"    if limit > {r.randint(1, 99)} and not path.endswith('.{r.choice(WORDS)}'):",
            lambda: f"        raise ValueError(f\"{q()}: {{path!r}}\")",
            lambda: f"    # {sentence(r, 7)}",
            lambda: f"    result = {{'{r.choice(WORDS)}': limit, 'path': path, 'ok': {r.choice(['True', 'False', 'None'])}}}",
            lambda: f"    with open(path, encoding='utf-8') as {r.choice(WORDS)}_file:",
            lambda: f"        limit -= len({r.choice(WORDS)}_file.read({r.randint(1, 4096)}))",
        ]
        while len(lines) < target - 1:
            lines.append(r.choice(body)())
        lines.append(f"    return {{'limit': limit, 'id': {uid}}}")
    elif lang == "rust":
        lines.append("use std::collections::HashMap;")
        lines.append("")
        lines.append(f"/// {sentence(r, 8)}")
        lines.append(f"pub fn {ident(r, uid)}(input: &str, limit: usize) -> Result<HashMap<String, usize>, String> {{")
        lines.append("    let mut map = HashMap::new();")
        body = [
            lambda: f"    let {ident(r, uid)}: Vec<u32> = (0..{r.randint(1, 99)}).map(|x| x * {r.randint(2, 9)}).collect();",
            lambda: f"    if limit > {r.randint(1, 99)} && input.is_empty() {{ return Err(format!(\"{q()}: {{}}\", limit)); }}",
            lambda: f"    // {sentence(r, 7)}",
            lambda: f"    map.insert(\"{r.choice(WORDS)}\".to_string(), input.len() + {r.randint(0, 99)});",
            lambda: f"    for (i, c) in input.chars().enumerate().take({r.randint(1, 64)}) {{ map.entry(c.to_string()).or_insert(i); }}",
            lambda: f"    let {r.choice(WORDS)}_ref: &Option<&'static str> = &Some(\"{r.choice(WORDS)}\");",
        ]
        while len(lines) < target - 2:
            lines.append(r.choice(body)())
        lines.append("    Ok(map)")
        lines.append("}")
    elif lang == "go":
        lines.append("package main")
        lines.append("")
        lines.append('import "fmt"')
        lines.append("")
        lines.append(f"// {ident(r, uid, 'pascal')} {sentence(r, 6).lower()}")
        lines.append(f"func {ident(r, uid, 'pascal')}(input string, limit int) (int, error) {{")
        body = [
            lambda: f"\t{ident(r, uid, 'camel')} := []int{{{r.randint(0, 9)}, {r.randint(10, 99)}, {r.randint(100, 999)}}}",
            lambda: f"\tif limit > {r.randint(1, 99)} && len(input) == {r.randint(0, 9)} {{\n\t\treturn 0, fmt.Errorf(\"{q()}: %d\", limit)\n\t}}",
            lambda: f"\t// {sentence(r, 7)}",
            lambda: f"\tfor i := 0; i < {r.randint(1, 64)}; i++ {{\n\t\tlimit -= i\n\t}}",
            lambda: f"\tfmt.Println(\"{q()}\", limit, input)",
        ]
        while len(lines) < target - 2:
            lines.extend(r.choice(body)().split("\n"))
        lines.append(f"\treturn limit + {r.randint(0, 1000)}, nil")
        lines.append("}")
    elif lang == "bash":
        lines.append("#!/usr/bin/env bash")
        lines.append("set -euo pipefail")
        lines.append(f"# {sentence(r, 8)}")
        body = [
            lambda: f"{r.choice(WORDS).upper()}_DIR=\"${{{r.choice(WORDS).upper()}:-/var/lib/{r.choice(WORDS)}-{uid}}}\"",
            lambda: f"for f in ./{r.choice(WORDS)}/*.{r.choice(['md', 'json', 'log'])}; do\n  echo \"{q()}: $f\" >&2\ndone",
            lambda: f"if [[ -n \"${{{r.choice(WORDS).upper()}:-}}\" ]]; then\n  curl -fsS \"https://example.com/{r.choice(WORDS)}/{uid}\" | jq '.{r.choice(WORDS)}'\nfi",
            lambda: f"# {sentence(r, 7)}",
            lambda: f"count=$(grep -c '{r.choice(WORDS)}' \"{r.choice(WORDS)}.log\" || true)",
        ]
        while len(lines) < target:
            lines.extend(r.choice(body)().split("\n"))
    else:  # json
        lines.append("{")
        lines.append(f'  "id": {uid},')
        body = [
            lambda: f'  "{r.choice(WORDS)}_{r.randint(1, 999)}": "{q()}",',
            lambda: f'  "{r.choice(WORDS)}_{r.randint(1, 999)}": {r.randint(0, 99999)},',
            lambda: f'  "{r.choice(WORDS)}_{r.randint(1, 999)}": [{r.randint(0, 9)}, {r.random():.3f}, {r.choice(["true", "false", "null"])}],',
            lambda: f'  "{r.choice(WORDS)}_{r.randint(1, 999)}": {{ "enabled": {r.choice(["true", "false"])}, "ttl": {r.randint(1, 3600)} }},',
        ]
        while len(lines) < target - 2:
            lines.append(r.choice(body)())
        lines.append(f'  "end": "{uid}"')
        lines.append("}")
    return "\n".join(lines)


def table(r):
    cols = r.randint(2, 4)
    head = [r.choice(WORDS).capitalize() for _ in range(cols)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * cols]
    for _ in range(r.randint(2, 5)):
        rows.append("| " + " | ".join(f"{r.choice(WORDS)} {r.randint(1, 99)}" for _ in range(cols)) + " |")
    return "\n".join(rows)


def bullet_list(r):
    ordered = r.random() < 0.4
    return "\n".join(f"{f'{k + 1}.' if ordered else '-'} {sentence(r, r.randint(5, 12))}" for k in range(r.randint(3, 6)))


def article(seed, i):
    r = random.Random(seed * 1_000_003 + i)
    title = " ".join(r.choice(WORDS).capitalize() for _ in range(r.randint(3, 6))) + f" {i}"
    words_target = r.randint(600, 1500)
    n_code = r.randint(2, 4)
    langs = [r.choice(LANGS) for _ in range(n_code)]
    sections = r.randint(4, 7)
    parts = [paragraph(r)]
    words = len(parts[0].split())
    code_at = sorted(r.sample(range(sections), min(n_code, sections)))
    extra_code = langs[len(code_at):]
    block = 0
    for s in range(sections):
        parts.append(f"## {' '.join(r.choice(WORDS).capitalize() for _ in range(r.randint(2, 5)))}")
        budget = (words_target - words) // max(1, sections - s)
        used = 0
        while used < budget:
            roll = r.random()
            if roll < 0.12:
                chunk = bullet_list(r)
            elif roll < 0.2:
                chunk = table(r)
            elif roll < 0.26:
                parts.append(f"### {' '.join(r.choice(WORDS).capitalize() for _ in range(r.randint(2, 4)))}")
                chunk = paragraph(r)
            else:
                chunk = paragraph(r)
            parts.append(chunk)
            used += len(chunk.split())
        words += used
        here = [langs[block]] if s in code_at else []
        if s == sections - 1:
            here += extra_code
        for lang in here:
            parts.append(f"```{lang}\n{code_block(r, lang, i * 10 + block)}\n```")
            parts.append(paragraph(r))
            block += 1
    date = f"20{r.randint(18, 26)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    return {
        "slug": f"article-{i:06d}",
        "title": title,
        "description": sentence(r, 14).rstrip("."),
        "date": date,
        "category": r.choice(CATEGORIES),
        "tags": sorted(set(r.sample(TAGS, r.randint(2, 5)))),
        "body": "\n\n".join(parts) + "\n",
    }


def yq(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


GALLEY_CONFIG = """title: "Bench corpus"
base_url: "https://example.com/"
description: "Synthetic articles for galley benchmarks."
language: "en"
output_dir: "public"
related_count: 3
highlight:
  light_theme: "InspiredGithub"
  dark_theme: "OneHalfDark"
# Hugo draws no social cards; without them the two build the same pages, and the figures in
# docs/performance.md (measured before cards) still compare.
images:
  cards: false
"""

HUGO_CONFIG = """baseURL = "https://example.com/"
title = "Bench corpus"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT"]

[taxonomies]
category = "categories"
tag = "tags"

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3

[related]
includeNewer = true
threshold = 0
toLower = true
[[related.indices]]
name = "tags"
weight = 100
[[related.indices]]
name = "categories"
weight = 50
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title><meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="/css/site.css"><link rel="stylesheet" href="/css/chroma.css"></head>
<body><header class="site-header"><a href="/">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>© {{ site.Title }}</footer></body></html>
""",
    "_partials/card.html": """<article class="card"><h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="card-desc">{{ .Description }}</p><p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time></p></article>
""",
    "single.html": """{{ define "main" }}<article class="article"><header>
{{ with .GetTerms "categories" }}{{ range . }}<p class="label"><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></p>{{ end }}{{ end }}
<h1>{{ .Title }}</h1><p class="lede">{{ .Description }}</p>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .ReadingTime }} min read</p>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a></li>{{ end }}</ul></header>
<nav class="toc"><details open><summary>Contents</summary>{{ .TableOfContents }}</details></nav>
<div class="prose">{{ .Content }}</div></article>
{{ with site.RegularPages.Related . | first 3 }}<section class="related"><h2>Related articles</h2><div class="cards">{{ range . }}{{ partial "card.html" . }}{{ end }}</div></section>{{ end }}
{{ end }}
""",
    "list.html": """{{ define "main" }}<header class="list-header"><h1>{{ .Title }}</h1><p class="lede">{{ .Description }}</p></header>
<div class="cards">{{ range .RegularPages }}{{ partial "card.html" . }}{{ end }}</div>
{{ end }}
""",
    "home.html": """{{ define "main" }}<section class="hero"><h1>{{ site.Title }}</h1></section>
<nav class="chips">{{ range site.Taxonomies.categories }}<a class="chip" href="{{ .Page.RelPermalink }}">{{ .Page.Title }} <span class="count">{{ .Count }}</span></a>{{ end }}</nav>
<h2>Latest articles</h2><div class="cards">{{ range site.RegularPages }}{{ partial "card.html" . }}{{ end }}</div>
{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
}


def png(seed, i, n, width=1600, height=1000):
    """A deterministic width x height RGB PNG: diagonal colour bands unique to (seed, i, n)."""
    r = random.Random(seed * 7_919 + i * 13 + n)
    colours = [bytes(r.randrange(256) for _ in range(3)) for _ in range(8)]
    band = r.randint(20, 80)
    base = b"".join(colours[(x // band) % len(colours)] for x in range(width + height))
    raw = b"".join(b"\x00" + base[3 * y : 3 * (y + width)] for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def with_figures(body, i):
    """The body with a figure after its first paragraph and another at its end."""
    first, _, rest = body.partition("\n\n")
    fig = lambda n: f"![Figure {n} of article {i}: coloured bands](figure-{n}.png)"
    return f"{first}\n\n{fig(1)}\n\n{rest.rstrip()}\n\n{fig(2)}\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


AUTHORS = 40


def write_structure(root, n):
    """Author and series declarations for --structure."""
    for k in range(AUTHORS):
        kind = "organization" if k % 10 == 0 else "person"
        write(os.path.join(root, f"content/authors/author-{k:02d}.md"),
              f"---\nname: \"{WORDS[k].capitalize()} {WORDS[-k - 1].capitalize()}\"\ntype: {kind}\n"
              f"links:\n  Site: https://example.com/people/{k}\n---\nWrites about {WORDS[k]} and {WORDS[-k - 1]}.\n")
    for g in range((n + 9) // 10):
        write(os.path.join(root, f"content/series/series-{g:05d}.md"),
              f"---\ntitle: \"Series {g}\"\ndescription: \"Five parts about {WORDS[g % len(WORDS)]}.\"\n---\nRead them in order.\n")


def structure_front_matter(seed, i):
    """An article's `authors:` (one or two) and, for the first 5 of every 10, its series part.
    Its own random stream, so the article's text is the same with and without --structure."""
    r = random.Random(seed * 7_000_003 + i)
    ids = sorted({f"author-{r.randrange(AUTHORS):02d}" for _ in range(r.randint(1, 2))})
    fm = f"authors: [{', '.join(ids)}]\n"
    if i % 10 < 5:
        fm += f"series: series-{i // 10:05d}\nseries_order: {i % 10 + 1}\n"
    return fm


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--galley", help="folder for the galley site (replaced)")
    ap.add_argument("--hugo", help="folder for the Hugo site (replaced)")
    ap.add_argument("--structure", action="store_true",
                    help="galley only: add 40 authors (each article by one or two) and a series of "
                         "5 parts for every 10 articles (the first 5 of each ten)")
    ap.add_argument("--images", action="store_true", help="galley: two 1600x1000 PNGs beside each article")
    a = ap.parse_args()
    if not a.galley and not a.hugo:
        sys.exit("give --galley and/or --hugo")
    for d in (a.galley, a.hugo):
        if d and os.path.exists(d):
            shutil.rmtree(d)
    if a.galley:
        write(os.path.join(a.galley, "config.yaml"), GALLEY_CONFIG)
        shutil.copytree(os.path.join(REPO, "templates"), os.path.join(a.galley, "templates"))
        shutil.copytree(os.path.join(REPO, "static"), os.path.join(a.galley, "static"))
    if a.hugo:
        write(os.path.join(a.hugo, "hugo.toml"), HUGO_CONFIG)
        for name, text in HUGO_LAYOUTS.items():
            write(os.path.join(a.hugo, "layouts", name), text)
        write(os.path.join(a.hugo, "static/css/site.css"), open(os.path.join(REPO, "static/css/site.css")).read())
    if a.galley and a.structure:
        write_structure(a.galley, a.articles)
    for i in range(a.articles):
        art = article(a.seed, i)
        tags = ", ".join(yq(t) for t in art["tags"])
        common = f"title: {yq(art['title'])}\ndescription: {yq(art['description'])}\ndate: {art['date']}\n"
        if a.galley:
            fm = f"---\n{common}category: {yq(art['category'])}\ntags: [{tags}]\n"
            if a.structure:
                fm += structure_front_matter(a.seed, i)
            fm += "---\n\n"
            if a.images:
                folder = os.path.join(a.galley, "content/articles", art["slug"])
                write(os.path.join(folder, "index.md"), fm + with_figures(art["body"], i))
                for n in (1, 2):
                    with open(os.path.join(folder, f"figure-{n}.png"), "wb") as f:
                        f.write(png(a.seed, i, n))
            else:
                write(os.path.join(a.galley, "content/articles", art["slug"] + ".md"), fm + art["body"])
        if a.hugo:
            fm = f"---\n{common}categories: [{yq(art['category'])}]\ntags: [{tags}]\n---\n\n"
            write(os.path.join(a.hugo, "content/articles", art["slug"] + ".md"), fm + art["body"])


if __name__ == "__main__":
    main()
