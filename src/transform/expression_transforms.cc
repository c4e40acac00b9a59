#include "transform/expression_transforms.h"

#include <memory>
#include <string>

#include "transform/expr_eval.h"
#include "transform/expr_parser.h"

namespace recproc::transform {

namespace {

using expr::Evaluator;
using expr::Program;
using expr::Value;
using expr::ValueKind;

Outcome reject(const Evaluator& ev, const std::string& spec, std::string_view fallback_field) {
  const expr::EvalError& e = ev.error();
  Outcome out =
      Outcome::reject(e.kind, e.field.empty() ? std::string(fallback_field) : e.field, ev.reason());
  out.error.rule = spec;
  return out;
}

// What workers share with their transform; held by shared_ptr so that a worker stays valid
// even if it outlives the Transform that made it.
struct Compiled {
  std::string spec;  ///< "filter EXPR" / "set NAME = EXPR", the rule of reject reports
  std::shared_ptr<const Program> program;
  FieldPath target;     ///< set only
  std::string pointer;  ///< set only: target as a JSON Pointer
};

class FilterWorker final : public TransformWorker {
 public:
  explicit FilterWorker(std::shared_ptr<const Compiled> c)
      : c_(std::move(c)), eval_(*c_->program) {}

  Outcome apply(Record& record) override {
    Value v;
    if (!eval_.run(record, v)) return reject(eval_, c_->spec, "");
    if (v.kind == ValueKind::kBool) return v.b ? Outcome::keep() : Outcome::drop();
    if (v.kind == ValueKind::kNull) return Outcome::drop();
    // Only reachable when the result type depends on the data (a bare field, coalesce()).
    Outcome out =
        Outcome::reject(ErrorKind::kTransform, "",
                        "filter: the expression gave " +
                            std::string(expr::value_kind_name(v.kind)) + ", not true or false");
    out.error.rule = c_->spec;
    return out;
  }

 private:
  std::shared_ptr<const Compiled> c_;
  Evaluator eval_;
};

class SetWorker final : public TransformWorker {
 public:
  explicit SetWorker(std::shared_ptr<const Compiled> c) : c_(std::move(c)), eval_(*c_->program) {}

  Outcome apply(Record& record) override {
    Value v;
    if (!eval_.run(record, v)) return reject(eval_, c_->spec, c_->pointer);
    NodeId node = eval_.build(record, v);
    if (!record.set(c_->target, node)) {
      Outcome out = Outcome::reject(
          ErrorKind::kTransform, c_->pointer,
          "set: cannot set " + c_->target.to_string() + ": a parent is not an object");
      out.error.rule = c_->spec;
      return out;
    }
    return Outcome::keep();
  }

 private:
  std::shared_ptr<const Compiled> c_;
  Evaluator eval_;
};

template <typename Worker>
class ExpressionTransform final : public Transform {
 public:
  explicit ExpressionTransform(std::shared_ptr<const Compiled> c) : c_(std::move(c)) {}
  std::string_view spec() const override { return c_->spec; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<Worker>(c_);
  }
  // The record passes on whole (set changes one field of it), so what comes after still needs
  // its fields, plus the ones the expression reads and the one set writes into.
  FieldDemand needs(const FieldDemand& downstream) const override {
    FieldDemand demand = downstream;
    for (const expr::FieldRef& ref : c_->program->fields) demand.add(ref.path);
    if (!c_->target.empty()) demand.add(c_->target);
    return demand;
  }
  // A filter only reads the record; set writes into it.
  bool edits() const override { return !c_->target.empty(); }

 private:
  std::shared_ptr<const Compiled> c_;
};

}  // namespace

TransformPtr make_filter_transform(std::string_view expr_text) {
  auto c = std::make_shared<Compiled>();
  c->spec = "filter " + std::string(expr_text);
  c->program = expr::compile_filter(expr_text);
  return std::make_shared<ExpressionTransform<FilterWorker>>(std::move(c));
}

TransformPtr make_set_transform(std::string_view spec_text) {
  auto c = std::make_shared<Compiled>();
  c->spec = "set " + std::string(spec_text);
  expr::CompiledSet compiled = expr::compile_set(spec_text);
  c->program = std::move(compiled.program);
  c->target = std::move(compiled.target);
  c->pointer = c->target.to_pointer();
  return std::make_shared<ExpressionTransform<SetWorker>>(std::move(c));
}

}  // namespace recproc::transform
