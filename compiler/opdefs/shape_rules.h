// SPDX-License-Identifier: Apache-2.0
// Shape inference and MAC counts, one function per op family (the rows of op_defs.cc point here).
// Each returns nullopt (or 0 MACs) when the operands do not have the shapes the rule needs; the op's
// prepare then names the problem.
#pragma once

#include "opdefs/op_def.h"

namespace mcuforge::opdefs {

using Shapes = std::optional<std::vector<Shape>>;

Shapes same_shape(const ir::Graph&, const ir::Op&);
Shapes broadcast_shapes(const ir::Graph&, const ir::Op&);
// Binary family: SELECT_V2 broadcasts condition, x and y together.
Shapes select_shapes(const ir::Graph&, const ir::Op&);
Shapes conv2d_shapes(const ir::Graph&, const ir::Op&);
Shapes depthwise_shapes(const ir::Graph&, const ir::Op&);
Shapes pool_shapes(const ir::Graph&, const ir::Op&);
Shapes fully_connected_shapes(const ir::Graph&, const ir::Op&);
Shapes reshape_shapes(const ir::Graph&, const ir::Op&);
Shapes transpose_shapes(const ir::Graph&, const ir::Op&);
Shapes concatenation_shapes(const ir::Graph&, const ir::Op&);
Shapes pack_shapes(const ir::Graph&, const ir::Op&);
Shapes unpack_shapes(const ir::Graph&, const ir::Op&);
Shapes split_shapes(const ir::Graph&, const ir::Op&);
Shapes shape_shapes(const ir::Graph&, const ir::Op&);
Shapes fill_shapes(const ir::Graph&, const ir::Op&);
Shapes svdf_shapes(const ir::Graph&, const ir::Op&);
Shapes lstm_shapes(const ir::Graph&, const ir::Op&);
Shapes reduce_shapes(const ir::Graph&, const ir::Op&);
// Data movement family (move_shapes.cc): shapes from the constant pads / begin+size / axis / shape /
// multiples operands and the options.
Shapes pad_shapes(const ir::Graph&, const ir::Op&);
Shapes squeeze_shapes(const ir::Graph&, const ir::Op&);
Shapes expand_dims_shapes(const ir::Graph&, const ir::Op&);
Shapes slice_shapes(const ir::Graph&, const ir::Op&);
Shapes split_v_shapes(const ir::Graph&, const ir::Op&);
Shapes broadcast_to_shapes(const ir::Graph&, const ir::Op&);
Shapes broadcast_args_shapes(const ir::Graph&, const ir::Op&);
Shapes tile_shapes(const ir::Graph&, const ir::Op&);
// index family (opdefs/index_shapes.cc)
Shapes arg_min_max_shapes(const ir::Graph&, const ir::Op&);
Shapes gather_shapes(const ir::Graph&, const ir::Op&);
Shapes gather_nd_shapes(const ir::Graph&, const ir::Op&);
Shapes embedding_lookup_shapes(const ir::Graph&, const ir::Op&);
Shapes depth_to_space_shapes(const ir::Graph&, const ir::Op&);
Shapes space_to_depth_shapes(const ir::Graph&, const ir::Op&);
Shapes batch_to_space_nd_shapes(const ir::Graph&, const ir::Op&);
Shapes space_to_batch_nd_shapes(const ir::Graph&, const ir::Op&);
// tconv family: TRANSPOSE_CONV's output is its constant output_shape operand (input 0).
Shapes transpose_conv_shapes(const ir::Graph&, const ir::Op&);
// Resize family: RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR (constant size), BATCH_MATMUL.
Shapes resize_shapes(const ir::Graph&, const ir::Op&);
Shapes batch_matmul_shapes(const ir::Graph&, const ir::Op&);
int64_t resize_bilinear_macs(const ir::Graph&, const ir::Op&);
int64_t batch_matmul_macs(const ir::Graph&, const ir::Op&);

int64_t conv2d_macs(const ir::Graph&, const ir::Op&);
int64_t depthwise_macs(const ir::Graph&, const ir::Op&);
int64_t pool_macs(const ir::Graph&, const ir::Op&);
int64_t fully_connected_macs(const ir::Graph&, const ir::Op&);
int64_t elementwise_macs(const ir::Graph&, const ir::Op&);
int64_t svdf_macs(const ir::Graph&, const ir::Op&);
int64_t lstm_macs(const ir::Graph&, const ir::Op&);
int64_t reduce_macs(const ir::Graph&, const ir::Op&);
// tconv family: every input element meets every filter tap of every output channel.
int64_t transpose_conv_macs(const ir::Graph&, const ir::Op&);

}  // namespace mcuforge::opdefs
