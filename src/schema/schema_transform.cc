// --schema as the first step of the transform chain.
#include <utility>

#include "schema/schema.h"
#include "schema/schema_node.h"

namespace recproc::schema {
namespace {

class SchemaWorker : public TransformWorker {
 public:
  explicit SchemaWorker(SchemaPtr schema) : schema_(std::move(schema)) {}

  // Hot: once per record.
  Outcome apply(Record& record) override {
    if (schema_->validate(record, state_)) return Outcome::keep();
    FieldError& first = state_.errors.front();
    return Outcome{Verdict::kReject, std::move(first)};
  }

 private:
  SchemaPtr schema_;
  ValidationState state_;
};

class SchemaTransform : public Transform {
 public:
  SchemaTransform(SchemaPtr schema, std::string spec)
      : schema_(std::move(schema)), spec_(std::move(spec)) {}

  std::string_view spec() const override { return spec_; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<SchemaWorker>(schema_);
  }
  // Valid records pass on unchanged (--cast converts only fields the schema names).
  FieldDemand needs(const FieldDemand& downstream) const override {
    std::optional<std::vector<std::string>> read = schema_->top_level_fields_read();
    if (!read) return FieldDemand::everything();
    FieldDemand demand = downstream;
    for (const std::string& name : *read) demand.add(name);
    return demand;
  }
  // Validation only reads; --cast converts values in place.
  bool edits() const override { return schema_->options().cast; }

 private:
  SchemaPtr schema_;
  std::string spec_;
};

}  // namespace

std::optional<std::vector<std::string>> CompiledSchema::top_level_fields_read() const {
  if (nodes_.empty()) return std::vector<std::string>{};
  const SchemaNode& root = nodes_[0];
  if (root.always_false) return std::vector<std::string>{};  // rejects without reading
  if ((root.checks & ~kChecksObject) != 0 || root.additional != kNoSchema) return std::nullopt;
  std::vector<std::string> names;
  for (const NamedMember& m : root.members) names.push_back(m.name);
  return names;
}

TransformPtr make_schema_transform(SchemaPtr schema, std::string spec) {
  return std::make_shared<SchemaTransform>(std::move(schema), std::move(spec));
}

}  // namespace recproc::schema
