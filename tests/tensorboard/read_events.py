"""An independent reader for TensorBoard event files, used by the tests to check unetc's writer.

Pure-Python TFRecord framing and CRC-32C (bit by bit, not table-driven like unetc's), and the
Event / Summary / SessionLog messages declared from TensorFlow's published event.proto and
summary.proto field numbers with the google.protobuf runtime (Debian's python3-protobuf). Prints the
decoded events as JSON; exits non-zero on any framing or CRC error.

    /usr/bin/python3 tests/tensorboard/read_events.py <events file>
"""
import io
import json
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool

try:
    from google.protobuf.message_factory import GetMessageClass
except ImportError:  # protobuf < 4.22
    from google.protobuf import message_factory

    def GetMessageClass(descriptor):
        return message_factory.MessageFactory().GetPrototype(descriptor)


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def records(data):
    at = 0
    while at < len(data):
        if at + 12 > len(data):
            raise ValueError(f"truncated record header at byte {at}")
        (length,) = struct.unpack_from("<Q", data, at)
        (length_crc,) = struct.unpack_from("<I", data, at + 8)
        if masked(crc32c(data[at : at + 8])) != length_crc:
            raise ValueError(f"bad length CRC at byte {at}")
        payload = data[at + 12 : at + 12 + length]
        if len(payload) != length or at + 16 + length > len(data):
            raise ValueError(f"truncated record at byte {at}")
        (payload_crc,) = struct.unpack_from("<I", data, at + 12 + length)
        if masked(crc32c(payload)) != payload_crc:
            raise ValueError(f"bad payload CRC at byte {at}")
        yield payload
        at += 16 + length


def field(msg, name, number, kind, label=1, type_name=None, oneof=None):
    f = msg.field.add(name=name, number=number, type=kind, label=label)
    if type_name:
        f.type_name = type_name
    if oneof is not None:
        f.oneof_index = oneof
    return f


def event_class():
    T = descriptor_pb2.FieldDescriptorProto
    fd = descriptor_pb2.FileDescriptorProto(name="tb_check.proto", package="tensorflow", syntax="proto3")
    summary = fd.message_type.add(name="Summary")
    image = summary.nested_type.add(name="Image")
    field(image, "height", 1, T.TYPE_INT32)
    field(image, "width", 2, T.TYPE_INT32)
    field(image, "colorspace", 3, T.TYPE_INT32)
    field(image, "encoded_image_string", 4, T.TYPE_BYTES)
    value = summary.nested_type.add(name="Value")
    value.oneof_decl.add(name="value")
    field(value, "node_name", 7, T.TYPE_STRING)
    field(value, "tag", 1, T.TYPE_STRING)
    field(value, "simple_value", 2, T.TYPE_FLOAT, oneof=0)
    field(value, "obsolete_old_style_histogram", 3, T.TYPE_BYTES, oneof=0)
    field(value, "image", 4, T.TYPE_MESSAGE, type_name=".tensorflow.Summary.Image", oneof=0)
    field(summary, "value", 1, T.TYPE_MESSAGE, label=3, type_name=".tensorflow.Summary.Value")
    session = fd.message_type.add(name="SessionLog")
    status = session.enum_type.add(name="SessionStatus")
    for i, name in enumerate(["STATUS_UNSPECIFIED", "START", "STOP", "CHECKPOINT"]):
        status.value.add(name=name, number=i)
    field(session, "status", 1, T.TYPE_ENUM, type_name=".tensorflow.SessionLog.SessionStatus")
    field(session, "checkpoint_path", 2, T.TYPE_STRING)
    field(session, "msg", 3, T.TYPE_STRING)
    event = fd.message_type.add(name="Event")
    event.oneof_decl.add(name="what")
    field(event, "wall_time", 1, T.TYPE_DOUBLE)
    field(event, "step", 2, T.TYPE_INT64)
    field(event, "file_version", 3, T.TYPE_STRING, oneof=0)
    field(event, "graph_def", 4, T.TYPE_BYTES, oneof=0)
    field(event, "summary", 5, T.TYPE_MESSAGE, type_name=".tensorflow.Summary", oneof=0)
    field(event, "session_log", 7, T.TYPE_MESSAGE, type_name=".tensorflow.SessionLog", oneof=0)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fd)
    return GetMessageClass(pool.FindMessageTypeByName("tensorflow.Event"))


def describe_image(image):
    out = {"height": image.height, "width": image.width, "colorspace": image.colorspace}
    png = image.encoded_image_string
    out["png"] = png[:8] == b"\x89PNG\r\n\x1a\n"
    try:
        from PIL import Image

        with Image.open(io.BytesIO(png)) as decoded:
            out["decoded_size"] = list(decoded.size)
            out["mode"] = decoded.mode
    except ImportError:
        pass
    return out


def main(path):
    Event = event_class()
    with open(path, "rb") as f:
        data = f.read()
    events = []
    for payload in records(data):
        event = Event()
        event.ParseFromString(payload)
        item = {"wall_time": event.wall_time, "step": event.step, "what": event.WhichOneof("what")}
        if item["what"] == "file_version":
            item["file_version"] = event.file_version
        elif item["what"] == "session_log":
            item["status"] = event.session_log.status
        elif item["what"] == "summary":
            values = []
            for v in event.summary.value:
                kind = v.WhichOneof("value")
                entry = {"tag": v.tag, "kind": kind}
                if kind == "simple_value":
                    entry["simple_value"] = v.simple_value
                elif kind == "image":
                    entry["image"] = describe_image(v.image)
                values.append(entry)
            item["values"] = values
        events.append(item)
    json.dump(events, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
