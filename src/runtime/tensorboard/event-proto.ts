import protobuf from 'protobufjs';

/**
 * The subset of TensorFlow's published `event.proto` and `summary.proto` (tensorflow/core/util and
 * tensorflow/core/framework) that unetc writes, with the published field numbers. Only fields
 * unetc sets are declared; a reader with the full schemas decodes these bytes unchanged.
 */
const PROTO = `
syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    Summary summary = 5;
    SessionLog session_log = 7;
  }
}

message SessionLog {
  enum SessionStatus {
    STATUS_UNSPECIFIED = 0;
    START = 1;
    STOP = 2;
    CHECKPOINT = 3;
  }
  SessionStatus status = 1;
  string checkpoint_path = 2;
  string msg = 3;
}

message Summary {
  message Image {
    int32 height = 1;
    int32 width = 2;
    int32 colorspace = 3;
    bytes encoded_image_string = 4;
  }
  message Value {
    string tag = 1;
    oneof value {
      float simple_value = 2;
      Image image = 4;
    }
  }
  repeated Value value = 1;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const EventType = root.lookupType('tensorboard.Event');

export interface ImageValue {
  readonly height: number;
  readonly width: number;
  /** 1 gray, 3 RGB, 4 RGBA. */
  readonly colorspace: number;
  readonly encoded_image_string: Uint8Array;
}

export interface SummaryValue {
  readonly tag: string;
  readonly simple_value?: number;
  readonly image?: ImageValue;
}

export interface EventMessage {
  readonly wall_time: number;
  readonly step: number;
  readonly file_version?: string;
  readonly summary?: { readonly value: readonly SummaryValue[] };
  readonly session_log?: { readonly status: number };
}

/** Serialise one Event message. */
export function encodeEvent(event: EventMessage): Uint8Array {
  return EventType.encode(EventType.fromObject(event)).finish();
}

/** SessionLog.START: TensorBoard drops the events after this step that an earlier run logged. */
export const SESSION_START = 1;
