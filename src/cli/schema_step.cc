#include "cli/schema_step.h"

#include "schema/schema.h"

namespace recproc::cli {

void add_schema_step(const RunOptions& o, JobPlan& plan) {
  schema::CompileOptions options;
  options.cast = o.cast;
  schema::SchemaPtr compiled = schema::compile_file(o.schema, options);
  plan.rules = compiled->rules();
  plan.chain.insert(plan.chain.begin(),
                    schema::make_schema_transform(compiled, "validate " + o.schema));
}

}  // namespace recproc::cli
