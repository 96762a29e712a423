#!/bin/sh
# Cross-validates the topic model with the shared scorer: trains one model
# per fold (go run ./internal/traintopics -cv), then runs topic-eval on
# each held-out BBC and News Category fold with that fold's model, and
# prints the per-fold and mean top-1 accuracy.
#
# usage: index/extract/eval-topics.sh [FOLDS [WORKDIR]]
set -eu
k=${1:-5}
work=${2:-/tmp/topics-cv}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SHARED:-$root/../shared}
cd "$root"
go run ./index/extract/internal/traintopics -corpora "$shared/corpora" -cv "$k" -dir "$work" >/dev/null
go build -o "$work/newsarchive" ./cmd/newsarchive
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
