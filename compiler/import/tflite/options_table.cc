// SPDX-License-Identifier: Apache-2.0
#include "import/tflite/options_table.h"

#include <flatbuffers/reflection.h>  // GetTypeSize (header-only parts only: no libflatbuffers link)

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "diagnostics/error.h"
#include "schema_bfbs_generated.h"

namespace mcuforge::tflite {
namespace {

constexpr std::string_view kNamespace = "mcuforge.tflite_schema.";

// flatc embeds the binary schema as a plain byte array (alignment 1); flatbuffers reads its scalars in
// place, so copy it once into 8-byte aligned storage.
const reflection::Schema& schema() {
  static const std::vector<uint64_t> storage = [] {
    const size_t size = tflite_schema::ModelBinarySchema::size();
    std::vector<uint64_t> words((size + 7) / 8);
    std::memcpy(words.data(), tflite_schema::ModelBinarySchema::data(), size);
    return words;
  }();
  static const reflection::Schema* s = reflection::GetSchema(storage.data());
  return *s;
}

const reflection::Enum* options_union(int union_number) {
  const std::string name = std::string(kNamespace) + (union_number == 1 ? "BuiltinOptions" : "BuiltinOptions2");
  return schema().enums()->LookupByKey(name.c_str());
}

const reflection::Object* options_object(std::string_view table_name) {
  const std::string name = std::string(kNamespace) + std::string(table_name);
  return schema().objects()->LookupByKey(name.c_str());
}

std::string_view short_name(std::string_view full) {
  const size_t dot = full.rfind('.');
  return dot == std::string_view::npos ? full : full.substr(dot + 1);
}

// Reads one scalar of `type` at `p` (memcpy: vector elements of a corrupt file need not be aligned).
template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return flatbuffers::EndianScalar(v);
}

int64_t load_integer(reflection::BaseType type, const uint8_t* p) {
  switch (type) {
    case reflection::Bool:
    case reflection::UByte:
    case reflection::UType: return load<uint8_t>(p);
    case reflection::Byte: return load<int8_t>(p);
    case reflection::Short: return load<int16_t>(p);
    case reflection::UShort: return load<uint16_t>(p);
    case reflection::Int: return load<int32_t>(p);
    case reflection::UInt: return load<uint32_t>(p);
    case reflection::Long: return load<int64_t>(p);
    case reflection::ULong: return static_cast<int64_t>(load<uint64_t>(p));
    default: return 0;
  }
}

double load_real(reflection::BaseType type, const uint8_t* p) {
  return type == reflection::Double ? load<double>(p) : static_cast<double>(load<float>(p));
}

bool is_integer(reflection::BaseType t) { return t >= reflection::UType && t <= reflection::ULong; }
bool is_real(reflection::BaseType t) { return t == reflection::Float || t == reflection::Double; }

std::vector<const reflection::Field*> fields_in_order(const reflection::Object& obj) {
  std::vector<const reflection::Field*> fields(obj.fields()->begin(), obj.fields()->end());
  std::sort(fields.begin(), fields.end(), [](auto* a, auto* b) { return a->id() < b->id(); });
  return fields;
}

std::optional<ir::AttributeValue> read_field(const flatbuffers::Table& table, const reflection::Field& f) {
  const reflection::BaseType type = f.type()->base_type();
  const uint8_t* p = table.GetAddressOf(f.offset());
  if (type == reflection::Bool) return p ? load<uint8_t>(p) != 0 : f.default_integer() != 0;
  if (is_integer(type)) return p ? load_integer(type, p) : f.default_integer();
  if (is_real(type)) return p ? load_real(type, p) : f.default_real();
  if (!p) return std::nullopt;  // absent string or vector
  if (type == reflection::String) {
    const auto* s = table.GetPointer<const flatbuffers::String*>(f.offset());
    return s->str();
  }
  if (type == reflection::Vector) {
    const reflection::BaseType elem = f.type()->element();
    const auto* v = table.GetPointer<const flatbuffers::Vector<uint8_t>*>(f.offset());
    const size_t size = flatbuffers::GetTypeSize(elem);
    if (is_real(elem)) {
      std::vector<float> out;
      for (uint32_t i = 0; i < v->size(); ++i) out.push_back(static_cast<float>(load_real(elem, v->Data() + i * size)));
      return out;
    }
    if (is_integer(elem) || elem == reflection::Bool) {
      std::vector<int64_t> out;
      for (uint32_t i = 0; i < v->size(); ++i) out.push_back(load_integer(elem, v->Data() + i * size));
      return out;
    }
  }
  return std::nullopt;  // no options table has nested tables or structs (schema.fbs)
}

[[noreturn]] void bad_attribute(const ir::GenericOptions& o, const ir::Attribute& a, const std::string& why) {
  throw Error("options table " + o.table + ": field '" + a.name + "' " + why,
              "the graph carries options the TFLite format cannot hold; this is a bug in the importer "
              "or pass that made them, please report it");
}

template <typename T>
T checked_integer(const ir::GenericOptions& o, const ir::Attribute& a, int64_t v) {
  if (v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
      (std::numeric_limits<T>::max() < std::numeric_limits<int64_t>::max() &&
       v > static_cast<int64_t>(std::numeric_limits<T>::max()))) {
    bad_attribute(o, a, "holds " + std::to_string(v) + ", which does not fit the field's type");
  }
  return static_cast<T>(v);
}

int64_t integer_of(const ir::GenericOptions& o, const ir::Attribute& a) {
  if (auto* i = std::get_if<int64_t>(&a.value)) return *i;
  if (auto* b = std::get_if<bool>(&a.value)) return *b ? 1 : 0;
  bad_attribute(o, a, "is an integer field but holds another kind of value");
}

void add_scalar(flatbuffers::FlatBufferBuilder& fbb, const ir::GenericOptions& o, const ir::Attribute& a,
                const reflection::Field& f) {
  const auto off = f.offset();
  const int64_t def = f.default_integer();
  switch (f.type()->base_type()) {
    case reflection::Bool: fbb.AddElement<uint8_t>(off, integer_of(o, a) != 0, def != 0); return;
    case reflection::Byte: fbb.AddElement<int8_t>(off, checked_integer<int8_t>(o, a, integer_of(o, a)), static_cast<int8_t>(def)); return;
    case reflection::UByte: fbb.AddElement<uint8_t>(off, checked_integer<uint8_t>(o, a, integer_of(o, a)), static_cast<uint8_t>(def)); return;
    case reflection::Short: fbb.AddElement<int16_t>(off, checked_integer<int16_t>(o, a, integer_of(o, a)), static_cast<int16_t>(def)); return;
    case reflection::UShort: fbb.AddElement<uint16_t>(off, checked_integer<uint16_t>(o, a, integer_of(o, a)), static_cast<uint16_t>(def)); return;
    case reflection::Int: fbb.AddElement<int32_t>(off, checked_integer<int32_t>(o, a, integer_of(o, a)), static_cast<int32_t>(def)); return;
    case reflection::UInt: fbb.AddElement<uint32_t>(off, checked_integer<uint32_t>(o, a, integer_of(o, a)), static_cast<uint32_t>(def)); return;
    case reflection::Long: fbb.AddElement<int64_t>(off, integer_of(o, a), def); return;
    case reflection::ULong: fbb.AddElement<uint64_t>(off, static_cast<uint64_t>(integer_of(o, a)), static_cast<uint64_t>(def)); return;
    case reflection::Float:
    case reflection::Double: {
      const auto* d = std::get_if<double>(&a.value);
      if (!d) bad_attribute(o, a, "is a float field but holds another kind of value");
      if (f.type()->base_type() == reflection::Float) {
        fbb.AddElement<float>(off, static_cast<float>(*d), static_cast<float>(f.default_real()));
      } else {
        fbb.AddElement<double>(off, *d, f.default_real());
      }
      return;
    }
    default: bad_attribute(o, a, "has a type the writer does not handle");
  }
}

template <typename T>
flatbuffers::Offset<void> integer_vector(flatbuffers::FlatBufferBuilder& fbb, const ir::GenericOptions& o,
                                         const ir::Attribute& a, const std::vector<int64_t>& v) {
  std::vector<T> out;
  for (int64_t x : v) out.push_back(checked_integer<T>(o, a, x));
  return fbb.CreateVector(out).Union();
}

// Strings and vectors must be written before their table starts.
flatbuffers::Offset<void> add_offset_value(flatbuffers::FlatBufferBuilder& fbb, const ir::GenericOptions& o,
                                           const ir::Attribute& a, const reflection::Field& f) {
  const reflection::BaseType type = f.type()->base_type();
  if (type == reflection::String) {
    const auto* s = std::get_if<std::string>(&a.value);
    if (!s) bad_attribute(o, a, "is a string field but holds another kind of value");
    return fbb.CreateString(*s).Union();
  }
  const reflection::BaseType elem = f.type()->element();
  if (is_real(elem)) {
    const auto* v = std::get_if<std::vector<float>>(&a.value);
    if (!v) bad_attribute(o, a, "is a float vector but holds another kind of value");
    if (elem == reflection::Double) return fbb.CreateVector(std::vector<double>(v->begin(), v->end())).Union();
    return fbb.CreateVector(*v).Union();
  }
  const auto* v = std::get_if<std::vector<int64_t>>(&a.value);
  if (!v) bad_attribute(o, a, "is an integer vector but holds another kind of value");
  switch (elem) {
    case reflection::Bool:
    case reflection::UByte: return integer_vector<uint8_t>(fbb, o, a, *v);
    case reflection::Byte: return integer_vector<int8_t>(fbb, o, a, *v);
    case reflection::Short: return integer_vector<int16_t>(fbb, o, a, *v);
    case reflection::UShort: return integer_vector<uint16_t>(fbb, o, a, *v);
    case reflection::Int: return integer_vector<int32_t>(fbb, o, a, *v);
    case reflection::UInt: return integer_vector<uint32_t>(fbb, o, a, *v);
    case reflection::Long: return integer_vector<int64_t>(fbb, o, a, *v);
    case reflection::ULong: {
      std::vector<uint64_t> out(v->begin(), v->end());
      return fbb.CreateVector(out).Union();
    }
    default: bad_attribute(o, a, "is a vector of a type the writer does not handle");
  }
}

}  // namespace

std::string options_table_name(int union_number, uint8_t type) {
  const reflection::Enum* u = options_union(union_number);
  if (!u) return "";
  const reflection::EnumVal* v = u->values()->LookupByKey(type);
  if (!v || type == 0) return "";
  return std::string(short_name(v->name()->string_view()));
}

std::optional<OptionsUnionMember> options_union_member(std::string_view table_name) {
  for (int n : {1, 2}) {
    for (const reflection::EnumVal* v : *options_union(n)->values()) {
      if (v->value() != 0 && short_name(v->name()->string_view()) == table_name) {
        return OptionsUnionMember{n, static_cast<uint8_t>(v->value())};
      }
    }
  }
  return std::nullopt;
}

ir::GenericOptions read_generic_options(std::string_view table_name, const flatbuffers::Table& table) {
  ir::GenericOptions out;
  out.table = std::string(table_name);
  const reflection::Object* obj = options_object(table_name);
  if (!obj) return out;
  for (const reflection::Field* f : fields_in_order(*obj)) {
    if (f->deprecated()) continue;
    if (auto v = read_field(table, *f)) out.attrs.push_back({f->name()->str(), std::move(*v)});
  }
  return out;
}

flatbuffers::Offset<void> write_generic_options(flatbuffers::FlatBufferBuilder& fbb,
                                                const ir::GenericOptions& options) {
  const reflection::Object* obj = options_object(options.table);
  if (!obj || !options_union_member(options.table)) {
    throw Error("options table '" + options.table + "' is not part of the TFLite format",
                "this is a bug in the importer or pass that made the op, please report it");
  }
  std::vector<std::pair<const reflection::Field*, const ir::Attribute*>> fields;
  for (const ir::Attribute& a : options.attrs) {
    const reflection::Field* f = obj->fields()->LookupByKey(a.name.c_str());
    if (!f || f->deprecated()) bad_attribute(options, a, "is not a field of the table");
    fields.emplace_back(f, &a);
  }
  std::vector<std::pair<const reflection::Field*, flatbuffers::Offset<void>>> offsets;
  for (const auto& [f, a] : fields) {
    const reflection::BaseType t = f->type()->base_type();
    if (t == reflection::String || t == reflection::Vector) offsets.emplace_back(f, add_offset_value(fbb, options, *a, *f));
  }
  const auto start = fbb.StartTable();
  for (const auto& [f, a] : fields) {
    const reflection::BaseType t = f->type()->base_type();
    if (t != reflection::String && t != reflection::Vector) add_scalar(fbb, options, *a, *f);
  }
  for (const auto& [f, off] : offsets) fbb.AddOffset(f->offset(), off);
  return flatbuffers::Offset<void>(fbb.EndTable(start));
}

}  // namespace mcuforge::tflite
