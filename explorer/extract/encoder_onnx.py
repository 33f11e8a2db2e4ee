"""The MiniLM encoder of :mod:`.encoder` as an ONNX graph, run by onnxruntime.

In:  the same weights as :class:`.encoder.Encoder` (Hugging Face BERT parameter names, plus the
     optional ``feat_emb.weight``), and a cache key naming the files they came from.
Out: :class:`OrtEncoder`, whose :meth:`~OrtEncoder.forward_batch` gives the same hidden states as
     :meth:`.encoder.Encoder.forward_batch` (to float32 rounding; with ``int8`` the matrix
     products run on 8-bit weights, ONNX Runtime's dynamic quantisation).

Nothing is downloaded and PyTorch is not needed: the graph is written node by node with the
``onnx`` package's helper API from the installed weights, on first use, and kept in the user's
cache folder (:mod:`explorer.usercache`) under a name derived from the weight files' sizes and
times, so later processes only load it. When the folder cannot be written the graph is built in
memory for each process. When ``onnxruntime``
or ``onnx`` is not installed, :func:`available` is False and the NumPy forward pass is used.
"""
from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

import numpy as np

from .. import usercache as cache
from .encoder import HIDDEN, N_HEADS, N_LAYERS

#: bump when the graph changes, so a cached graph of an older layout is not reused
GRAPH_VERSION = 2
OPSET = 17


def available() -> bool:
    """True when onnxruntime can run the graph (and onnx can write it, if it is not cached yet)."""
    return importlib.util.find_spec("onnxruntime") is not None


def source_key(paths, int8: bool) -> str:
    """The cache key of the graph built from weight files (:func:`explorer.usercache.key_of`: their
    names, sizes and times), the graph layout version and the precision."""
    return cache.key_of(f"v{GRAPH_VERSION} opset{OPSET} int8={int8}", paths)


def build_graph(weights: dict[str, np.ndarray]):
    """The encoder after its embedding tables, as an ``onnx.ModelProto``. Inputs: ``emb``, the
    summed input embeddings (batch x length x 384, :meth:`.encoder.Encoder.embed`; the tables
    stay outside the graph, read from the memory-mapped weights, so only the rows used are ever
    in memory), and ``mask`` (batch x 1 x 1 x length, float32: 0 for a piece, -inf for padding).
    Output: ``hidden`` (batch x length x 384)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []

    def const(name: str, a) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(a), name))
        return name

    def w(name: str) -> str:
        return const(name, np.asarray(weights[name], dtype=np.float32))

    def wt(name: str) -> str:  # a Linear weight (out x in), transposed for MatMul
        return const(name + ".T", np.asarray(weights[name], dtype=np.float32).T)

    counter = [0]

    def node(op: str, inputs: list[str], **attrs) -> str:
        counter[0] += 1
        out = f"{op.lower()}_{counter[0]}"
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def linear(x: str, prefix: str) -> str:
        return node("Add", [node("MatMul", [x, wt(prefix + ".weight")]), w(prefix + ".bias")])

    def layer_norm(x: str, prefix: str) -> str:
        return node("LayerNormalization", [x, w(prefix + ".weight"), w(prefix + ".bias")], axis=-1, epsilon=1e-12)

    hd = HIDDEN // N_HEADS
    heads_shape = const("heads_shape", np.array([0, 0, N_HEADS, hd], dtype=np.int64))
    hidden_shape = const("hidden_shape", np.array([0, 0, HIDDEN], dtype=np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))
    inv_sqrt2 = const("inv_sqrt2", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))
    one = const("one", np.array(1.0, dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))

    x = layer_norm("emb", "embeddings.LayerNorm")
    for i in range(N_LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (node("Reshape", [linear(x, p + "attention.self." + t), heads_shape]) for t in ("query", "key", "value"))
        q = node("Transpose", [q], perm=[0, 2, 1, 3])
        k = node("Transpose", [k], perm=[0, 2, 3, 1])
        v = node("Transpose", [v], perm=[0, 2, 1, 3])
        s = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), "mask"])
        a = node("MatMul", [node("Softmax", [s], axis=-1), v])
        a = node("Reshape", [node("Transpose", [a], perm=[0, 2, 1, 3]), hidden_shape])
        x = layer_norm(node("Add", [linear(a, p + "attention.output.dense"), x]), p + "attention.output.LayerNorm")
        h = linear(x, p + "intermediate.dense")
        h = node("Mul", [node("Mul", [h, half]), node("Add", [node("Erf", [node("Mul", [h, inv_sqrt2])]), one])])
        h = linear(h, p + "output.dense")
        x = layer_norm(node("Add", [h, x]), p + "output.LayerNorm")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes, "minilm_encoder",
        [helper.make_tensor_value_info("emb", TensorProto.FLOAT, ["batch", "length", HIDDEN]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", 1, 1, "length"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", HIDDEN])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="article-explorer")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def quantized(model_bytes: bytes) -> bytes:
    """``model_bytes`` with every MatMul by a constant weight quantised to int8 (ONNX Runtime's
    dynamic quantisation: weights int8 per output column, activations uint8 per batch)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / "f.onnx", Path(d) / "q.onnx"
        src.write_bytes(model_bytes)
        quantize_dynamic(src, dst, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"], per_channel=True,
                         extra_options={"MatMulConstBOnly": True})
        return dst.read_bytes()


def graph_bytes(weights, key: str | None, int8: bool) -> Path | bytes:
    """The serialised graph: built (:func:`build_graph`, then :func:`quantized` for int8) or,
    when ``key`` is given, the user's cache file that holds it (:func:`explorer.usercache.cached_file`;
    built and written there when it is missing). ``weights``: the weights, or a function giving
    them (called only when the graph is built)."""
    def build() -> bytes:
        data = build_graph(weights() if callable(weights) else weights).SerializeToString()
        return quantized(data) if int8 else data
    return cache.cached_file("minilm", f"{key}.onnx", build) if key else build()


class OrtEncoder:
    """The encoder on onnxruntime: the embedding sums from ``embed`` (NumPy), the rest in the
    graph. ``threads`` is the number of intra-op threads (the default 1 leaves the other cores
    to other work and never spins waiting for them)."""

    def __init__(self, data: Path | bytes, embed, threads: int = 1):
        import onnxruntime as ort
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # window shapes vary from call to call: no arena or memory pattern to grow with them
        so.enable_cpu_mem_arena = False
        so.enable_mem_pattern = False
        self.session = ort.InferenceSession(str(data) if isinstance(data, Path) else data, so,
                                            providers=["CPUExecutionProvider"])
        self.embed = embed

    def forward_batch(self, ids: np.ndarray, feats: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """As :meth:`.encoder.Encoder.forward_batch`."""
        n = ids.shape[1]
        mask = np.where(np.arange(n)[None, :] < np.asarray(lengths)[:, None], 0.0, -np.inf).astype(np.float32)
        return self.session.run(["hidden"], {"emb": self.embed(ids, feats), "mask": mask[:, None, None, :]})[0]
