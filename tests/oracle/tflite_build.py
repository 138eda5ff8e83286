# SPDX-License-Identifier: Apache-2.0
# Writes small .tflite flatbuffers directly from Python (the object API of the schema that ships with
# the tflite-micro package), for the random differential test: much faster than TensorFlow's converter,
# and it can state what the converter never produces (extreme scales and zero points, bias-less int16
# ops, explicit quantized_bias_type).
import numpy as np
from flatbuffers import Builder
from tflite_micro.tensorflow.lite.micro.python import schema_py_generated as fb

# numpy dtype name -> TFLite TensorType
TENSOR_TYPE = {"float32": fb.TensorType.FLOAT32, "int32": fb.TensorType.INT32, "int8": fb.TensorType.INT8,
               "int16": fb.TensorType.INT16, "int64": fb.TensorType.INT64, "uint8": fb.TensorType.UINT8,
               "bool": fb.TensorType.BOOL}


class ModelBuilder:
    """One subgraph; tensors with optional constant data and quantization; builtin operators."""

    def __init__(self):
        self.buffers = [fb.BufferT()]  # buffer 0: the empty buffer every activation tensor points at
        self.tensors = []
        self.operators = []
        self.opcodes = {}

    def tensor(self, shape, dtype, scale=None, zero_point=None, data=None, axis=0, name=None):
        """Adds a tensor; `scale`/`zero_point` are scalars or lists (per-channel along `axis`)."""
        t = fb.TensorT()
        t.shape = np.array(shape, dtype=np.int32)
        t.type = TENSOR_TYPE[np.dtype(dtype).name]
        t.name = name or f"t{len(self.tensors)}"
        if scale is not None:
            q = fb.QuantizationParametersT()
            q.scale = np.atleast_1d(np.asarray(scale, dtype=np.float32))
            zp = zero_point if zero_point is not None else 0
            q.zeroPoint = np.atleast_1d(np.asarray(zp, dtype=np.int64))
            if q.zeroPoint.size != q.scale.size:
                q.zeroPoint = np.full(q.scale.size, int(q.zeroPoint[0]), dtype=np.int64)
            q.quantizedDimension = axis
            t.quantization = q
        if data is not None:
            buf = fb.BufferT()
            buf.data = np.frombuffer(np.ascontiguousarray(np.asarray(data, dtype=dtype)).astype(
                np.dtype(dtype).newbyteorder("<")).tobytes(), dtype=np.uint8)
            self.buffers.append(buf)
            t.buffer = len(self.buffers) - 1
        else:
            t.buffer = 0
        self.tensors.append(t)
        return len(self.tensors) - 1

    def op(self, builtin, inputs, outputs, options_type=None, options=None, version=1):
        key = (builtin, version)
        if key not in self.opcodes:
            oc = fb.OperatorCodeT()
            oc.builtinCode = builtin
            oc.deprecatedBuiltinCode = min(builtin, 127)
            oc.version = version
            self.opcodes[key] = (len(self.opcodes), oc)
        o = fb.OperatorT()
        o.opcodeIndex = self.opcodes[key][0]
        o.inputs = np.array(inputs, dtype=np.int32)
        o.outputs = np.array(outputs, dtype=np.int32)
        if options is not None:
            o.builtinOptionsType = options_type
            o.builtinOptions = options
        self.operators.append(o)

    def build(self, inputs, outputs):
        sg = fb.SubGraphT()
        sg.tensors = self.tensors
        sg.inputs = np.array(inputs, dtype=np.int32)
        sg.outputs = np.array(outputs, dtype=np.int32)
        sg.operators = self.operators
        sg.name = "main"
        m = fb.ModelT()
        m.version = 3
        m.operatorCodes = [oc for _, oc in sorted(self.opcodes.values(), key=lambda p: p[0])]
        m.subgraphs = [sg]
        m.buffers = self.buffers
        m.description = "mcuforge random op test"
        b = Builder(4096)
        b.Finish(m.Pack(b), file_identifier=b"TFL3")
        return bytes(b.Output())
