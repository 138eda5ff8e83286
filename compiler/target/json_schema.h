// SPDX-License-Identifier: Apache-2.0
// A small JSON Schema (draft 2020-12) validator for the subset boards/schema.json uses: type, enum,
// const, properties, required, additionalProperties (bool or schema), items, minItems,
// minProperties, minimum, exclusiveMinimum, maximum, minLength, pattern and local $ref
// ("#/$defs/..."). Unknown keywords are ignored, as the spec says. Debian has no packaged C++
// validator; tests/boards/ cross-checks the same files with Python's jsonschema.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mcuforge::target {

// Returns one message per violation, each starting with the JSON path ("/sram/0/bytes: ...").
// `schema` is validated against; `root` resolves "#/..." references (normally the same document).
std::vector<std::string> validate_json(const nlohmann::json& instance, const nlohmann::json& schema,
                                       const nlohmann::json& root);

}  // namespace mcuforge::target
