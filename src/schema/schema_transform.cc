// --schema as the first step of the transform chain.
#include <utility>

#include "schema/schema.h"

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

 private:
  SchemaPtr schema_;
  std::string spec_;
};

}  // namespace

TransformPtr make_schema_transform(SchemaPtr schema, std::string spec) {
  return std::make_shared<SchemaTransform>(std::move(schema), std::move(spec));
}

}  // namespace recproc::schema
