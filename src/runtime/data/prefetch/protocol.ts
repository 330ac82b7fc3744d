import type { Image } from '../image.js';

/** Main thread → data worker: produce the tile of global draw number `draw`. */
export interface WorkerRequest {
  readonly draw: number;
}

/** Data worker → main thread. */
export type WorkerReply =
  | {
      readonly kind: 'tile';
      readonly draw: number;
      readonly id: string;
      readonly image: Image;
      readonly label: Image | null;
      readonly weight: Image | null;
    }
  | { readonly kind: 'error'; readonly draw: number; readonly message: string; readonly userError: boolean };
