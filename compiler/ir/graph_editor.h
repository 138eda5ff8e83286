// SPDX-License-Identifier: Apache-2.0
// Graph editing for passes and importers: add tensors, insert and erase ops, find producers and
// consumers, redirect uses, remove what nothing reads, and renumber. Plain functions over ir::Graph.
//
// Every function leaves Op::index == position in Graph::ops. None of them checks that the edited graph
// still makes sense (an op inserted before its inputs are written, a use redirected to a tensor of the
// wrong shape): passes run the verifier (ir/verify.h) after they finish, which names what broke.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::ir {

// Appends `tensor` and returns its index. Tensor indices of the graph are unchanged.
int32_t add_tensor(Graph& g, Tensor tensor);

// Inserts `op` so that it runs at `position` (0 = first, g.ops.size() = last); the ops from `position`
// on move one place later. Returns `position`.
int32_t insert_op(Graph& g, size_t position, Op op);

// Removes the op at `position`. Its output tensors stay in the graph (remove_dead_tensors drops them
// once nothing refers to them).
void erase_op(Graph& g, size_t position);

// Position of the first op that writes `tensor`, or -1 when no op does (a graph input, a constant, or
// a state tensor nothing updates). Only state tensors may have more than one writer.
int32_t producer(const Graph& g, int32_t tensor);

// Positions of the ops that read `tensor` as an input, in execution order, each op once.
std::vector<int32_t> consumers(const Graph& g, int32_t tensor);

// Makes every reader of `from` read `to` instead: op inputs and graph outputs. With `after_op` >= 0,
// only the ops after that position are changed (and the graph outputs, which are read after every op);
// earlier readers keep `from`. Returns the number of references changed.
int replace_uses(Graph& g, int32_t from, int32_t to, int32_t after_op = -1);

// Removes ops whose results nobody needs: none of their outputs is read by a later live op or is a graph
// output, and they write no state tensor. Chains die together (walked from the last op back). Ops
// without outputs and custom ops are kept: what they do besides writing outputs is not known here.
// Returns the number of ops removed. Tensor indices are unchanged.
size_t remove_dead_ops(Graph& g);

// Sets Op::index = position for every op.
void renumber_ops(Graph& g);

// Drops every tensor no op input/output and no graph input/output refers to, and compacts the
// remaining indices (keeping their order), remapping every reference. Returns the map from old index
// to new index (kNoTensor for a dropped tensor) so that callers holding tensor indices can follow.
std::vector<int32_t> remove_dead_tensors(Graph& g);

// renumber_ops + remove_dead_tensors: the graph with dense op and tensor numbering. Returns the tensor
// index map as remove_dead_tensors does.
std::vector<int32_t> renumber(Graph& g);

}  // namespace mcuforge::ir
