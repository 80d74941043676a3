#!/usr/bin/python3
"""Builds the example advisor models as plain ONNX graphs (no torch): Debian's python3-onnx is enough.

    apt-get install -y python3-onnx
    /usr/bin/python3 tools/onnx/make-model.py            # writes board-configs/models/pump-advisor.onnx
                                                         # and the test fixture firmware/src/test/resources/onnx/pump-advisor-2ch.onnx

pump-advisor.onnx: a linear scoring model over N channels (N = 1 here: discharge pressure, bar).
  input  x: float [1, N]
  output y: float [1, 4] = [score, health, trim, alarm]
    z      = (x - mean) / scale                   per channel (the healthy operating point and its spread)
    score  = max_i |z_i|                          a z-score against fixed, offline-chosen statistics
    health = 1 / (1 + score / 10)                 1 healthy, towards 0 as the score grows
    trim   = -trimPerScore * relu(score - deadband)   back the setpoint off while abnormal
    alarm  = score > alarmScore ? 1 : 0
The numbers below are the pump station's: 4 bar nominal, 0.05 bar spread. The output is deterministic,
so the Java test checks values computed by hand from these constants.
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

MEAN = 4.0
SCALE = 0.05
DEADBAND = 4.0
TRIM_PER_SCORE = 0.01
ALARM_SCORE = 8.0


def const(name, values, dims):
    return helper.make_node("Constant", [], [name], value=helper.make_tensor(name + "_v", TensorProto.FLOAT, dims, values))


def pump_advisor(channels):
    nodes = [
        const("mean", [MEAN] * channels, [1, channels]),
        const("scale", [SCALE] * channels, [1, channels]),
        const("deadband", [DEADBAND], [1, 1]),
        const("neg_trim_per_score", [-TRIM_PER_SCORE], [1, 1]),
        const("alarm_score", [ALARM_SCORE], [1, 1]),
        const("one", [1.0], [1, 1]),
        const("tenth", [0.1], [1, 1]),
        helper.make_node("Sub", ["x", "mean"], ["d"]),
        helper.make_node("Div", ["d", "scale"], ["z"]),
        helper.make_node("Abs", ["z"], ["a"]),
        helper.make_node("ReduceMax", ["a"], ["score"], axes=[1], keepdims=1),
        helper.make_node("Mul", ["score", "tenth"], ["s10"]),
        helper.make_node("Add", ["s10", "one"], ["den"]),
        helper.make_node("Div", ["one", "den"], ["health"]),
        helper.make_node("Sub", ["score", "deadband"], ["over"]),
        helper.make_node("Relu", ["over"], ["excess"]),
        helper.make_node("Mul", ["excess", "neg_trim_per_score"], ["trim"]),
        helper.make_node("Greater", ["score", "alarm_score"], ["alarm_bool"]),
        helper.make_node("Cast", ["alarm_bool"], ["alarm"], to=TensorProto.FLOAT),
        helper.make_node("Concat", ["score", "health", "trim", "alarm"], ["y"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "pump_advisor",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, channels])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    model = helper.make_model(graph, producer_name="ironloop tools/onnx/make-model.py",
                              opset_imports=[helper.make_opsetid("", 17)])
    # ONNX Runtime 1.29 reads IR version 8 (opset 17) files; pin it so a newer onnx package writes the same bytes.
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "board-configs", "models")
    fixtures = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "firmware", "src", "test", "resources", "onnx")
    for directory, name, channels in ((out, "pump-advisor.onnx", 1), (fixtures, "pump-advisor-2ch.onnx", 2)):
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, name)
        onnx.save(pump_advisor(channels), path)
        print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
