import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const PYTHON = process.env['UNETC_PYTHON'] ?? '/usr/bin/python3';
const READER = join(import.meta.dirname, '..', 'tensorboard', 'read_events.py');

export interface DecodedValue {
  readonly tag: string;
  readonly kind: string;
  readonly simple_value?: number;
  readonly image?: {
    height: number;
    width: number;
    colorspace: number;
    png: boolean;
    decoded_size?: number[];
  };
}
export interface DecodedEvent {
  readonly step: number;
  readonly what: string;
  readonly wall_time: number;
  readonly file_version?: string;
  readonly status?: number;
  readonly values?: DecodedValue[];
}

/** Decode an event file with the independent Python reader (its own CRC-32C, google.protobuf messages). */
export function decodeEvents(path: string): DecodedEvent[] {
  return JSON.parse(execFileSync(PYTHON, [READER, path], { encoding: 'utf8' })) as DecodedEvent[];
}
