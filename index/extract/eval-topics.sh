#!/bin/sh
# Cross-validates the topic model: trains and calibrates one model per
# fold (go run ./internal/traintopics -cv), which prints each fold's top-1
# per corpus, per-slug precision and recall, and the calibration of the
# held-out probabilities (expected calibration error and a reliability
# table); then runs the shared scorer, topic-eval, on each held-out BBC
# and News Category fold with that fold's model and prints the per-fold
# and mean top-1 accuracy. (topic-eval reads no Reuters-21578 layout; the
# trainer's own figure for it is computed the same way.)
#
# usage: index/extract/eval-topics.sh [FOLDS [WORKDIR]]
set -eu
k=${1:-5}
work=${2:-/tmp/topics-cv}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
cd "$root"
go run ./index/extract/internal/traintopics -corpora "$shared/corpora" -cv "$k" -dir "$work"
go build -o "$work/newsarchive" ./cmd/newsarchive
echo
echo "topic-eval on the held-out folds:"
sumb=0
sumh=0
for i in $(seq 1 "$k"); do
	d=$work/fold$i
	b=$("$shared/tools/topic-eval" "$d/bbc" -- "$work/newsarchive" extract --jsonl --topic-model "$d/topics.model.gz" | sed -n 's/^top-1 accuracy //p')
	h=$("$shared/tools/topic-eval" "$d/huffpost.jsonl" -- "$work/newsarchive" extract --jsonl --topic-model "$d/topics.model.gz" | sed -n 's/^top-1 accuracy //p')
	echo "fold $i: bbc $b  huffpost $h"
	sumb=$(echo "$sumb + $b" | bc -l)
	sumh=$(echo "$sumh + $h" | bc -l)
done
printf 'mean: bbc %.4f  huffpost %.4f\n' "$(echo "$sumb / $k" | bc -l)" "$(echo "$sumh / $k" | bc -l)"
