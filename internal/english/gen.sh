#!/bin/sh
# Rebuilds words.txt.gz from Debian's wamerican package (SCOWL), without
# possessives: apt-get install wamerican, then run this script here.
set -eu
grep -v "'" /usr/share/dict/american-english | LC_ALL=C sort -u | gzip -9 -n > words.txt.gz
cp /usr/share/doc/wamerican/copyright SCOWL-COPYRIGHT
