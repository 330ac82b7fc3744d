#!/usr/bin/env bash
# A short CUDA run of the PyTorch package in gpu-check/ (prepared by scripts/prepare-gpu-check.sh),
# for a machine with PyTorch + CUDA and no Node: the ISBI network, batch 4, float32 and --amp,
# one process and under torchrun --nproc_per_node 1. Writes $OUT/gpu-check.json (step times,
# throughput, losses, the GPU and versions) and each run's train.jsonl. About 2-3 minutes.
#   OUT=/tmp/out bash scripts/gpu-check.sh        STEPS=60 PYTHON=python3 by default
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
check="$root/gpu-check"
out="${OUT:-$root/gpu-check/out}"
py="${PYTHON:-python3}"
steps="${STEPS:-60}"
runs="$(mktemp -d)"
mkdir -p "$out"
[ -f "$check/pkg/train.py" ] || { echo "gpu-check/pkg is missing: run scripts/prepare-gpu-check.sh first" >&2; exit 2; }
"$py" -c 'import torch; assert torch.cuda.is_available(), "no CUDA GPU visible to torch"; print("torch", torch.__version__, torch.cuda.get_device_name(0))'

common=(--sources "$check/sources.json" --device cuda --steps "$steps" --batch 4 --workers 8)
run() { # name, then the launcher and its arguments
  local name="$1"; shift
  local t0; t0=$(date +%s%N)
  "$@" --out "$runs/$name" "${common[@]}" 2> "$out/$name.stderr" || echo "$name failed: see $out/$name.stderr" >&2
  echo "$name $(( ($(date +%s%N) - t0) / 1000000 ))" >> "$runs/wall.txt"
  cp "$runs/$name/train.jsonl" "$out/$name.train.jsonl" 2>/dev/null || true
}
run fp32 "$py" "$check/pkg/train.py"
run amp "$py" "$check/pkg/train.py" --amp
# --redirects/--tee 1: what unetc passes (Debian's torch 1.13 launcher cannot parse the default 0).
run torchrun-amp "$py" -m torch.distributed.run --nproc_per_node 1 --redirects 1 --tee 1 \
  --log_dir "$runs/torchrun-logs" "$check/pkg/train.py" --amp

"$py" - "$runs" "$out" "$steps" <<'PY'
import json, os, statistics, sys
import torch
runs, out, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
wall = dict(line.split() for line in open(os.path.join(runs, 'wall.txt')))
result = {'torch': torch.__version__, 'cuda': torch.version.cuda, 'gpu': torch.cuda.get_device_name(0),
          'network': 'examples/isbi2012/isbi.unet (252x252 tiles, batch 4)', 'steps': steps, 'runs': {}}
for name in ('fp32', 'amp', 'torchrun-amp'):
    path = os.path.join(runs, name, 'train.jsonl')
    if not os.path.exists(path):
        result['runs'][name] = {'ok': False}
        continue
    records = [json.loads(l) for l in open(path) if l.strip()]
    step = [r for r in records if r['type'] == 'step']
    warm = step[10:] or step  # the first steps include cuDNN autotuning and worker start-up
    ms = [r['ms'] for r in warm]
    result['runs'][name] = {
        'ok': any(r.get('event') == 'done' for r in records),
        'steps': len(step),
        'median_step_ms': statistics.median(ms) if ms else None,
        'mean_step_ms': statistics.mean(ms) if ms else None,
        'median_data_wait_ms': statistics.median(r['dataWaitMs'] for r in warm) if warm else None,
        'tiles_per_s': 4000 / statistics.median(ms) if ms else None,
        'first_loss': step[0]['loss'] if step else None,
        'last_loss': step[-1]['loss'] if step else None,
        'validation': next((r['metrics'] for r in reversed(records) if r['type'] == 'validation'), None),
        'wall_s': float(wall.get(name, 'nan')) / 1000,
    }
with open(os.path.join(out, 'gpu-check.json'), 'w') as f:
    json.dump(result, f, indent=1)
print(json.dumps(result, indent=1))
PY
