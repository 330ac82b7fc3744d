import { parentPort, workerData } from 'node:worker_threads';
import { DataError, reasonOf } from '../data-error.js';
import { TileMaker, type TileJobConfig } from './tile-task.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

/**
 * Data worker: decodes, augments and tiles samples off the training thread. Requests carry draw
 * numbers; replies transfer the tile buffers (no copy).
 */
const maker = new TileMaker(workerData as TileJobConfig);
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  maker.make(request.draw).then(
    ({ draw, id, tile }) => {
      const reply: WorkerReply = {
        kind: 'tile',
        draw,
        id,
        image: tile.image,
        label: tile.label,
        weight: tile.weight,
      };
      const transfer = [tile.image.data.buffer, tile.label?.data.buffer, tile.weight?.data.buffer].filter(
        (b): b is ArrayBuffer => b instanceof ArrayBuffer,
      );
      port.postMessage(reply, transfer);
    },
    (error: unknown) => {
      const reply: WorkerReply = {
        kind: 'error',
        draw: request.draw,
        message: reasonOf(error),
        userError: error instanceof DataError,
      };
      port.postMessage(reply);
    },
  );
});
