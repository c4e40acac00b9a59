// The record transform interface. A Transform is built once from its spec (`-t 'select a,b'`)
// and is shared, read-only, by all workers; each worker asks it for a TransformWorker that holds
// that worker's private state (scratch buffers, compiled regex state, plugin state).
//
//   class Upper : public Transform {
//     std::string_view name() const override { return "upper"; }
//     std::unique_ptr<TransformWorker> make_worker() const override { ... }
//   };
//
// A step that runs elsewhere (exec, python) implements BatchTransformWorker instead.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/outcome.h"
#include "recproc/record.h"

namespace recproc {

/// Per-worker instance of a transform; used by one thread at a time. A record it edited may
/// point into its state (precomputed keys, scratch text), so the engine writes each record
/// before the worker goes away.
class TransformWorker {
 public:
  virtual ~TransformWorker() = default;
  /// Edits `record` in place and says whether to keep, drop or reject it.
  virtual Outcome apply(Record& record) = 0;
};

/// A step whose work happens elsewhere (another process): asking one record at a time would pay
/// a round trip per record, so the engine hands it every record of a chunk that reaches it, then
/// asks once for all the answers, then takes them one by one in input order. apply() still works
/// (a batch of one), for callers that have a single record.
class BatchTransformWorker : public TransformWorker {
 public:
  /// Queues a copy of `record` for the next run_batch().
  virtual void add(const Record& record) = 0;
  /// Answers every queued record; the queue is then empty. Never throws for a bad answer: a
  /// record without a trustworthy answer is rejected by answer().
  virtual void run_batch() = 0;
  /// The answer for the i-th record of the last batch: kKeep fills `out` with the new record,
  /// which may point into this worker until the next run_batch().
  virtual Outcome answer(std::size_t i, Record& out) = 0;

  Outcome apply(Record& record) final {
    add(record);
    run_batch();
    return answer(0, record);
  }
};

/// The top-level fields of a record that a step needs from its input. Readers build only these
/// (skipped fields are still validated), the way a column store prunes unused columns.
struct FieldDemand {
  bool all = true;                  ///< every field: the default, and always correct
  std::vector<std::string> fields;  ///< when !all: top-level names, unescaped, no duplicates

  static FieldDemand everything() { return {}; }
  static FieldDemand none() { return {false, {}}; }
  /// Adds `name` unless it is there already (nothing to do when all are needed).
  void add(std::string_view name) {
    if (all) return;
    for (const auto& f : fields) {
      if (f == name) return;
    }
    fields.emplace_back(name);
  }
  /// Adds the top-level field of `path`.
  void add(const FieldPath& path) {
    if (path.empty()) {
      *this = everything();  // the whole record
    } else {
      add(path.segments().front());
    }
  }
};

class Transform {
 public:
  virtual ~Transform() = default;
  /// The spec as the user wrote it, for traces and messages ("select a,b").
  virtual std::string_view spec() const = 0;
  virtual std::unique_ptr<TransformWorker> make_worker() const = 0;
  /// Fields this transform outputs, in order, when it fixes them (select); empty otherwise.
  /// Writers with columns (CSV) use it for their header.
  virtual std::vector<std::string> output_fields() const { return {}; }
  /// What this step needs from its input when the steps after it need `downstream`. The
  /// default, every field, is always correct: override only when the step provably reads and
  /// passes on no more than some fields (select, filter).
  virtual FieldDemand needs(const FieldDemand& /*downstream*/) const {
    return FieldDemand::everything();
  }
  /// Whether the step may change a record it keeps. When no step does, a writer copies each
  /// record's source text, so fields that no step reads need no tree. The default, true, is
  /// always correct: override only for steps that only look (filter, a schema without --cast).
  virtual bool edits() const { return true; }
};

using TransformPtr = std::shared_ptr<const Transform>;

}  // namespace recproc
