// SPDX-License-Identifier: Apache-2.0
// Checks and kernels shared by the data-movement ops (CONCATENATION, PACK, UNPACK, SPLIT,
// STRIDED_SLICE, TRANSPOSE, FILL, SHAPE): they move bytes without looking at values, so what they must
// validate is element size, shapes, quantization equality and the constant index tensors driving them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/op.h"

namespace mcuforge::ops {

class CallWriter;

// Bytes per element of a tensor a byte mover can handle; op_error for types without a fixed size.
int32_t movable_element_bytes(const ir::Op& op, const ir::Tensor& t, const std::string& role);

// Same per-tensor quantization (scale and zero point), or both unquantized.
bool same_quantization(const ir::Tensor& a, const ir::Tensor& b);

// op_error unless `t` has the output's dtype and quantization (byte movers cannot requantize).
void require_same_type(const ir::Op& op, const ir::Tensor& t, const ir::Tensor& out, const std::string& role);

// Maps a possibly negative axis into [0, rank); op_error when it is outside [-rank, rank).
int32_t normalize_axis(const ir::Op& op, int32_t axis, int32_t rank, const std::string& what);

// Product of shape[begin, end) (1 for an empty range).
int64_t dims_product(const std::vector<int32_t>& shape, size_t begin, size_t end);

// Values of a constant integer index tensor (int32 or int64), input `k` of `op`. op_error when the
// input is absent, not constant (the hint says why it must be), not an integer tensor, or a value
// does not fit int32.
std::vector<int32_t> constant_indices(const ir::Graph& g, const ir::Op& op, size_t k, const std::string& name);

// Requires exactly `inputs` inputs, all present, and `outputs` outputs.
void require_operands(const ir::Op& op, size_t inputs, size_t outputs);

// "{a, b, c}": a C initializer for the first n entries of a fixed-size int32 array member (the kernels'
// params structs print every slot, unused ones included, exactly as run() passes them).
std::string int_list(const int32_t* values, size_t n);

// CONCATENATION and PACK: gather all inputs into output 0 with mf_concatenation.
std::unique_ptr<PreparedOp> make_gather(int32_t outer, std::vector<int32_t> part_bytes);
// SPLIT and UNPACK: scatter input `data_input` over all outputs with mf_split.
std::unique_ptr<PreparedOp> make_scatter(int32_t outer, std::vector<int32_t> part_bytes, size_t data_input);

}  // namespace mcuforge::ops
