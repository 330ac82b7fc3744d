#!/usr/bin/env python3
"""Train this compiled network as its spec's train { } section says (plan.json), with PyTorch.

  python train.py --out run                                  one process (GPU if there is one)
  torchrun --nproc_per_node 4 train.py --out run             4 GPUs, DistributedDataParallel
  python train.py --out run --resume                         continue from the newest checkpoint

The run directory gets train.jsonl (one JSON object per step, validation and event, the format
'unetc train' writes, so 'unetc report' draws from it), checkpoints/ (weights, optimizer, RNG
state, progress), best/ and, at the end, weights.safetensors (the selected weights). Ctrl-C or
SIGTERM finishes the step, writes a checkpoint and exits 130; a second one exits at once.
Exit status: 0 trained, 1 the loss diverged, 2 bad input, 130 interrupted.
"""
import argparse
import json
import math
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402
from torch.utils.data.distributed import DistributedSampler  # noqa: E402

import data as pipeline  # noqa: E402
import losses  # noqa: E402
import metrics  # noqa: E402
import weights as weights_io  # noqa: E402
from model import UNet  # noqa: E402
from run_state import Checkpoints, RunLog, StopFlag, learning_rate, write_validation_samples  # noqa: E402

INTERRUPTED = 130
# Validation tiles kept (with their latest predictions) for the run's report.
REPORT_SAMPLES = 3


class UsageError(Exception):
    pass


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', default='run', help='run directory (default: ./run)')
    p.add_argument('--data-root', default=None,
                   help="directory the spec's data paths are relative to (default: the current directory)")
    p.add_argument('--sources', default=None, help='sources.json listing the training/validation pairs')
    p.add_argument('--resume', action='store_true', help='continue the run in --out from its newest checkpoint')
    p.add_argument('--steps', type=int, help='stop after this many steps in total')
    p.add_argument('--epochs', type=int, help="override the spec's epochs")
    p.add_argument('--batch', type=int, help="global batch size (split over the processes)")
    p.add_argument('--seed', type=int, help="override the spec's seed")
    p.add_argument('--checkpoint-every', type=int, help="override the spec's checkpoint interval (steps)")
    p.add_argument('--device', default='auto', help='auto, cpu, cuda or cuda:N (default auto)')
    p.add_argument('--amp', action='store_true', help='mixed precision (float16 autocast) on CUDA')
    p.add_argument('--workers', type=int, default=None, help='data loader processes per rank (default: up to 4)')
    p.add_argument('--no-augment', action='store_true', help='train on plain tiles (deterministic data)')
    p.add_argument('--init', default=None, help='start from these weights (.safetensors; default: the package\'s)')
    p.add_argument('--jsonl-stdout', action='store_true', help='also print every log record on stdout')
    return p.parse_args(argv)


def settings_of(args, plan, resumed):
    """Effective settings: a resume reuses the interrupted run's unless given again."""
    t = plan['training']
    s = {'steps': None, 'epochs': t['epochs'], 'batch': t['batch'], 'seed': t['seed'],
         'checkpoint_every': t['checkpoint']['every'], 'augment': True}
    s.update(resumed or {})
    for key in ('steps', 'epochs', 'batch', 'seed', 'checkpoint_every'):
        value = getattr(args, key)
        if value is not None:
            if value < (0 if key == 'seed' else 1):
                raise UsageError(f'--{key.replace("_", "-")} must be a positive integer (got {value})')
            s[key] = value
    if args.no_augment:
        s['augment'] = False
    return s


class LogitsOf(torch.nn.Module):
    """The network with its heads' activations off: what the losses and DDP's forward see."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return tuple(self.net.logits(x))


def distributed(device):
    """(rank, world size, DDP?): under torchrun (even with one process, so a one-GPU torchrun run
    takes the DDP path too) the process group is initialised: NCCL on GPUs, gloo on CPUs."""
    if 'MASTER_ADDR' not in os.environ or 'RANK' not in os.environ:
        return 0, 1, False
    dist.init_process_group('nccl' if device.type == 'cuda' else 'gloo')
    return dist.get_rank(), dist.get_world_size(), True


def pick_device(name, local_rank):
    if name == 'auto':
        name = 'cuda' if torch.cuda.is_available() else 'cpu'
    if name == 'cuda':
        name = f'cuda:{local_rank}'
    if name.startswith('cuda') and not torch.cuda.is_available():
        raise UsageError('--device cuda: this PyTorch sees no CUDA GPU; use --device cpu')
    device = torch.device(name)
    if device.type == 'cuda':
        torch.cuda.set_device(device)
        torch.backends.cudnn.benchmark = True  # fixed tile sizes: let cuDNN pick its fastest kernels
    return device


def head_kinds(plan):
    head = plan['spec']['network']['head']
    kinds = []
    for out in plan['training']['outputs']:
        channels = out['shape'][-1]
        act = head['activation']
        kinds.append(act if act in ('softmax', 'sigmoid') else ('softmax' if channels > 1 else 'sigmoid'))
    return kinds


def predicted_classes(logits, head):
    if head == 'sigmoid' and logits.shape[1] == 1:
        return (logits[:, 0] > 0).long()
    return logits.argmax(1)


def validate(net, loss_fn, loader, device, head, classes, foreground, amp, keep=0):
    net.eval()
    total, batches, truths, preds, samples = 0.0, 0, [], [], []
    with torch.no_grad():
        for x, y, w in loader:
            x, y, w = x.to(device), y.to(device), w.to(device)
            with autocast(device, amp):
                logits = net.logits(x)
            total += float(loss_fn(logits, y, w))
            batches += 1
            p = predicted_classes(logits[0].float(), head).cpu().numpy()
            truths.extend(y.cpu().numpy())
            preds.extend(p)
            for i in range(min(len(p), keep - len(samples))):
                samples.append((x[i].float().cpu().numpy(), truths[-len(p) + i], p[i]))
    net.train()
    out = {'val_loss': total / batches if batches else None}
    out.update(metrics.scores(truths, preds, classes, foreground))
    return out, samples


def autocast(device, amp):
    if amp and device.type == 'cuda':
        return torch.autocast(device_type='cuda', dtype=torch.float16)
    return torch.autocast(device_type='cpu', enabled=False)


def _quiet_worker(_):
    # The main process turns Ctrl-C into a checkpoint; workers must not die of it first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def make_optimizer(spec, params):
    if spec['kind'] == 'sgd':
        return torch.optim.SGD(params, lr=spec['lr'], momentum=spec['momentum'], nesterov=spec['nesterov'],
                               weight_decay=spec['weightDecay'])
    return torch.optim.Adam(params, lr=spec['lr'], betas=(spec['beta1'], spec['beta2']), eps=spec['epsilon'],
                            weight_decay=spec['weightDecay'])


def make_scaler(enabled):
    if hasattr(torch, 'amp') and hasattr(torch.amp, 'GradScaler'):
        return torch.amp.GradScaler('cuda', enabled=enabled)
    return torch.cuda.amp.GradScaler(enabled=enabled)


def train(args):
    with open(os.path.join(HERE, 'plan.json')) as f:
        plan = json.load(f)
    t = plan['training']
    if t['data'] is None or t['loss'] is None:
        raise UsageError('this spec has no data { } or train { } section; add them to train it')
    device = pick_device(args.device, int(os.environ.get('LOCAL_RANK', '0')))
    rank, world, ddp = distributed(device)
    lead = rank == 0
    out = os.path.abspath(args.out)
    checkpoints = Checkpoints(os.path.join(out, 'checkpoints'), t['checkpoint']['keep'])
    resumed = checkpoints.newest(note=lambda m: lead and print(m, file=sys.stderr)) if args.resume else None
    if args.resume and resumed is None and lead:
        print(f'no checkpoint in {out}; starting from step 0', file=sys.stderr)
    s = settings_of(args, plan, resumed['settings'] if resumed else None)
    batch, seed = s['batch'], s['seed']
    if batch % world:
        raise UsageError(f'batch {batch} does not split over {world} processes; use a multiple of {world} (--batch)')
    steps_per_epoch = t['stepsPerEpoch']
    total = s['steps'] or s['epochs'] * steps_per_epoch
    select_by = t['selectBy']
    if select_by != 'last' and select_by not in metrics.DIRECTION:
        raise UsageError(f"select_by: '{select_by}' is not a validation metric")
    patience = t['earlyStop']['patience'] if t['earlyStop'] else None
    if select_by == 'last' and patience is not None:
        raise UsageError('early_stop watches the select_by metric, and select_by: last has none; pick a metric')

    torch.manual_seed(seed)
    net = UNet().to(device)
    init = args.init or os.path.join(HERE, 'weights.safetensors')
    if os.path.exists(init):
        weights_io.load_weights(net, init)
    optimizer = make_optimizer(t['optimizer'], net.parameters())
    scaler = make_scaler(args.amp and device.type == 'cuda')
    progress = {'step': 0, 'best': None, 'since_best': 0}
    if resumed:
        net.load_state_dict(resumed['model'])
        optimizer.load_state_dict(resumed['optimizer'])
        if 'scaler' in resumed and scaler.is_enabled():
            scaler.load_state_dict(resumed['scaler'])
        progress = resumed['progress']
        torch.set_rng_state(resumed['rng']['torch'])
        np.random.set_state(resumed['rng']['numpy'])
    start = progress['step']
    model = LogitsOf(net)
    if ddp:
        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == 'cuda' else None)

    root = args.data_root or os.getcwd()
    dims = len(plan['spec']['network']['inputSize'])
    train_pairs, val_pairs = pipeline.list_sources(t['data'], root, seed, dims, args.sources)
    if not train_pairs:
        raise UsageError('every sample went to validation; lower data.validation')
    input_size = plan['spec']['network']['inputSize']
    crop = t['labelCrop']
    workers = args.workers if args.workers is not None else min(4, max(0, (os.cpu_count() or 1) - 1))
    tiles = pipeline.TrainTiles(train_pairs, t, seed, start * batch, (total - start) * batch, input_size, crop,
                                augment=s['augment'])
    sampler = DistributedSampler(tiles, world, rank, shuffle=False) if ddp else None
    loader = DataLoader(tiles, batch_size=batch // world, sampler=sampler, shuffle=False, num_workers=workers,
                        worker_init_fn=_quiet_worker, pin_memory=device.type == 'cuda')
    per_image = min(4, max(1, math.ceil(8 / max(1, len(val_pairs)))))
    val_set = pipeline.ValidationTiles(val_pairs, t, seed, per_image, input_size, crop) if val_pairs else None
    val_loader = DataLoader(val_set, batch_size=batch) if val_set is not None and len(val_set) else None

    if ddp:
        def denominator_mean(d):
            d = d.clone()
            dist.all_reduce(d)
            return d / world
        losses.denominator_mean = denominator_mean
    heads = head_kinds(plan)
    loss_fn = losses.deep_supervision_loss([losses.make_loss(t['loss'], h) for h in heads], t['outputs'],
                                           (t['supervision'] or {}).get('resolution', 'native'))
    data_spec = t['data']
    classes = max(plan['spec']['network']['classes'], len(data_spec['classMap']), 2)
    foreground = (data_spec['weightMap'] or {}).get('foreground') or [
        c['classIndex'] for c in data_spec['classMap'] if c['classIndex'] > 0]

    os.makedirs(out, exist_ok=True)
    log = RunLog(os.path.join(out, 'train.jsonl'), start if args.resume else None, lead, args.jsonl_stdout)
    log.write({'type': 'event', 'step': start, 'event': 'resume' if start > 0 else 'start'})
    if lead:
        tmp = os.path.join(out, f'.settings.tmp-{os.getpid()}')
        with open(tmp, 'w') as f:
            json.dump(s, f)
        os.replace(tmp, os.path.join(out, 'settings.json'))
        print(f'training {plan["spec"]["name"]} on {device} ({world} process{"es" if world > 1 else ""}): '
              f'{len(train_pairs)} training / {len(val_pairs)} validation images, batch {batch}, {total} steps, '
              f'seed {seed} → {out}', file=sys.stderr)

    stop = StopFlag()
    lr_of = lambda step: learning_rate(t['schedule'], t['optimizer']['lr'], steps_per_epoch, total, step)  # noqa: E731

    def save(step):
        if lead:
            checkpoints.save(step, {'model': net.state_dict(), 'optimizer': optimizer.state_dict(),
                                    'scaler': scaler.state_dict(), 'progress': dict(progress), 'settings': s,
                                    'rng': {'torch': torch.get_rng_state(), 'numpy': np.random.get_state()}})
            log.write({'type': 'event', 'step': step, 'event': 'checkpoint'})
        if ddp:
            dist.barrier()

    def close_epoch(step):
        epoch = math.ceil(step / steps_per_epoch)
        if val_loader is None:
            return
        scores, samples = validate(net, loss_fn, val_loader, device, heads[0], classes, foreground, args.amp,
                                   keep=REPORT_SAMPLES if lead else 0)
        if lead:
            write_validation_samples(out, samples, crop)
        value = None if select_by == 'last' else scores.get(select_by)
        best = progress['best']
        better = value is not None and math.isfinite(value) and (
            best is None or (value > best['value'] if metrics.DIRECTION[select_by] == 'max' else value < best['value']))
        if better:
            progress['best'] = {'metric': select_by, 'value': value, 'epoch': epoch, 'step': step}
            progress['since_best'] = 0
            if lead:
                os.makedirs(os.path.join(out, 'best'), exist_ok=True)
                tmp = os.path.join(out, 'best', f'.weights.tmp-{os.getpid()}')
                weights_io.save_weights(net, tmp)
                os.replace(tmp, os.path.join(out, 'best', 'weights.safetensors'))
        else:
            progress['since_best'] += 1
        log.write({'type': 'validation', 'step': step, 'epoch': epoch, 'metrics': scores, 'best': bool(better)})
        if lead:
            shown = ', '.join(f'{k} {v:.4f}' for k, v in scores.items() if v is not None)
            print(f'epoch {epoch}: {shown}{" (best)" if better else ""}', file=sys.stderr)

    outcome = 'done'
    saved_at = start
    step = start
    net.train()
    batches = iter(loader)
    while step < total:
        if stop.agreed(ddp, device):
            outcome = 'interrupted'
            break
        t0 = time.perf_counter()
        x, y, w = next(batches)
        x, y, w = (v.to(device, non_blocking=True) for v in (x, y, w))
        wait = (time.perf_counter() - t0) * 1000
        torch.manual_seed(seed * 1_000_003 + step * 1009 + rank)  # dropout: per rank, per step
        lr = lr_of(step)
        for group in optimizer.param_groups:
            group['lr'] = lr
        optimizer.zero_grad(set_to_none=True)
        with autocast(device, args.amp):
            logits = model(x)
        loss = loss_fn(logits, y, w)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        value = float(loss.detach())
        if ddp:
            reduced = torch.tensor([value], device=device)
            dist.all_reduce(reduced)
            value = float(reduced) / world
        if not math.isfinite(value):
            log.write({'type': 'event', 'step': step, 'event': 'interrupted', 'detail': 'loss diverged'})
            print(f'the loss became {value} at step {step + 1} (learning rate {lr}); lower the learning rate '
                  f'or resume from an earlier checkpoint', file=sys.stderr)
            return 1
        step += 1
        progress['step'] = step
        log.write({'type': 'step', 'step': step, 'epoch': (step - 1) // steps_per_epoch + 1, 'loss': value,
                   'lr': lr, 'ms': (time.perf_counter() - t0) * 1000, 'dataWaitMs': wait})
        if step % steps_per_epoch == 0:
            close_epoch(step)
            if patience is not None and progress['since_best'] >= patience:
                outcome = 'early_stop'
                break
        if step % s['checkpoint_every'] == 0:
            save(step)
            saved_at = step
    if outcome == 'done' and step % steps_per_epoch != 0:
        close_epoch(step)
    if saved_at != step:
        save(step)
    log.write({'type': 'event', 'step': step, 'event': outcome,
               **({'detail': stop.reason} if stop.reason else {})})
    if outcome == 'interrupted':
        if lead:
            print(f'stopped at step {step} ({stop.reason}); checkpoint saved in {checkpoints.dir} — continue with '
                  f'--resume', file=sys.stderr)
        return INTERRUPTED
    if lead:
        best = progress['best']
        if best is not None:
            weights_io.load_weights(net, os.path.join(out, 'best', 'weights.safetensors'))
        tmp = os.path.join(out, f'.weights.tmp-{os.getpid()}')
        weights_io.save_weights(net, tmp)
        os.replace(tmp, os.path.join(out, 'weights.safetensors'))
        note = f'; best {best["metric"]} {best["value"]:.4f} at epoch {best["epoch"]}' if best else ''
        print(f'{"stopped early" if outcome == "early_stop" else "done"} after {step} steps{note}; '
              f'weights written to {os.path.join(out, "weights.safetensors")}', file=sys.stderr)
    return 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        code = train(args)
    except (UsageError, pipeline.DataError) as error:
        print(f'train.py: {error}', file=sys.stderr)
        code = 2
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
    return code


if __name__ == '__main__':
    sys.exit(main())
