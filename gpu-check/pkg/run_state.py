"""Run-directory state of train.py: the JSONL log, checkpoints, the schedule and the stop flag."""
import glob
import json
import math
import os
import signal
import sys

import torch


def learning_rate(spec, base, steps_per_epoch, total, step):
    """The rate of 0-based step t, a pure function so a resumed run gets the same rates
    (src/runtime/train/schedule.ts)."""
    total = max(1, total)
    t = min(max(0, step), total)
    kind = spec['kind']
    if kind == 'constant':
        return base
    if kind == 'step':
        epoch = step // max(1, steps_per_epoch)
        return base * spec['factor'] ** (epoch // max(1, spec['every']))
    if kind == 'poly':
        return base * (1 - t / total) ** spec['power']
    if kind == 'cosine':
        return spec['minLr'] + (base - spec['minLr']) * 0.5 * (1 + math.cos(math.pi * t / total))
    raise ValueError(f'unknown schedule {kind}')


class RunLog:
    """train.jsonl, as 'unetc train' writes it; a resume drops the records after its checkpoint.
    Only rank 0 writes; every line is flushed, so a killed run's log is complete to its last step."""

    def __init__(self, path, keep_up_to=None, lead=True, echo=False):
        self.lead, self.echo, self.file = lead, echo, None
        if not lead:
            return
        if keep_up_to is not None and os.path.exists(path):
            kept = []
            with open(path) as f:
                for line in f:
                    try:
                        if json.loads(line).get('step', 0) <= keep_up_to:
                            kept.append(line if line.endswith('\n') else line + '\n')
                    except ValueError:
                        pass  # a line cut short by the kill
            tmp = f'{path}.tmp-{os.getpid()}'
            with open(tmp, 'w') as f:
                f.writelines(kept)
            os.replace(tmp, path)
        self.file = open(path, 'a')

    def write(self, record):
        if not self.lead:
            return
        line = json.dumps(record, allow_nan=False, default=float, separators=(',', ':'))
        self.file.write(line + '\n')
        self.file.flush()
        if self.echo:
            sys.stdout.write(line + '\n')
            sys.stdout.flush()


class Checkpoints:
    """checkpoints/step-NNNNNNNN.pt, each written to a temporary file and renamed (a kill never
    leaves a torn one under the final name); the newest that loads is used, older ones are kept
    as fallbacks up to 'keep'."""

    def __init__(self, directory, keep):
        self.dir, self.keep = directory, max(1, keep)

    def _all(self):
        return sorted(glob.glob(os.path.join(self.dir, 'step-*.pt')))

    def save(self, step, contents):
        os.makedirs(self.dir, exist_ok=True)
        final = os.path.join(self.dir, f'step-{step:08d}.pt')
        tmp = f'{final}.tmp-{os.getpid()}'
        torch.save(contents, tmp)
        with open(tmp, 'rb') as f:
            os.fsync(f.fileno())
        os.replace(tmp, final)
        for old in self._all()[:-self.keep]:
            os.remove(old)

    def newest(self, note=print):
        for path in reversed(self._all()):
            try:
                try:
                    return torch.load(path, map_location='cpu', weights_only=False)
                except TypeError:  # a torch without weights_only
                    return torch.load(path, map_location='cpu')
            except Exception as error:  # noqa: BLE001 - any unreadable checkpoint: fall back
                note(f'checkpoint {path} is unreadable ({type(error).__name__}); trying the one before')
        return None


class StopFlag:
    """SIGINT/SIGTERM: finish the step, checkpoint, exit 130; a second signal exits at once
    (checkpoints are renamed into place, so the last good one stays intact)."""

    def __init__(self):
        self.reason = None
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum, frame):
        if self.reason is not None:
            os._exit(130)
        self.reason = signal.Signals(signum).name
        print(f'\n{self.reason}: finishing the current step and saving a checkpoint '
              f'(again to quit without saving)', file=sys.stderr)

    def agreed(self, ddp, device):
        """Whether any rank was asked to stop (all ranks stop at the same step)."""
        flag = self.reason is not None
        if not ddp:
            return flag
        import torch.distributed as dist
        t = torch.tensor([1.0 if flag else 0.0], device=device)
        dist.all_reduce(t)
        if t.item() > 0 and self.reason is None:
            self.reason = 'SIGTERM'
        return t.item() > 0


def write_validation_samples(run_dir, samples, label_crop):
    """val-samples/val-N.{image,truth,pred}.png, as src/runtime/report/val-samples.ts writes them for
    the report: the input stretched to 0-255 and cropped to the output region, class indices (ignored
    pixels 255); 3D tiles as their middle slice."""
    from PIL import Image
    import numpy as np

    directory = os.path.join(run_dir, 'val-samples')
    os.makedirs(directory, exist_ok=True)

    def save(array, name):
        tmp = os.path.join(directory, f'.{name}.tmp-{os.getpid()}.png')
        Image.fromarray(array).save(tmp)
        os.replace(tmp, os.path.join(directory, name))

    for n, (image, truth, pred) in enumerate(samples):
        inner = tuple(slice(b, b + s) for (b, _), s in zip(label_crop, truth.shape))
        image = image[(slice(None),) + inner]
        if truth.ndim == 3:
            middle = truth.shape[0] // 2
            image, truth, pred = image[:, middle], truth[middle], pred[middle]
        image = np.moveaxis(image, 0, -1)
        image = image[..., :3] if image.shape[-1] >= 3 else image[..., 0]
        lo, hi = float(image.min()), float(image.max())
        scale = 255 / (hi - lo) if hi > lo else 0
        save(np.round((image - lo) * scale).astype(np.uint8), f'val-{n}.image.png')
        classes = lambda a: np.where(a < 0, 255, np.minimum(254, np.round(a))).astype(np.uint8)  # noqa: E731
        save(classes(truth), f'val-{n}.truth.png')
        save(classes(pred), f'val-{n}.pred.png')
