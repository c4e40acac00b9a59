#include "azure/logs_download.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <exception>
#include <list>
#include <mutex>
#include <thread>

#include "azure/kql.h"
#include "azure/logs_timespan.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// A window's rows, kept until every earlier window is written: one byte arena and one entry per
// cell, so a window costs about its rows' text and no allocation per cell.
class RowBuffer final : public LogsRowSink {
 public:
  void columns(const std::vector<LogsColumn>& columns) override { columns_ = columns; }

  void row(std::span<const LogsCell> cells) override {
    for (const LogsCell& c : cells) {
      cells_.push_back({c.kind, arena_.size(), c.text.size()});
      arena_.append(c.text);
    }
    ++rows_;
  }

  void replay(LogsRowSink& sink) const {
    std::vector<LogsCell> row(columns_.size());
    std::size_t next = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      for (auto& cell : row) {
        const Cell& c = cells_[next++];
        cell = {c.kind, std::string_view(arena_.data() + c.offset, c.size)};
      }
      sink.row(row);
    }
  }

  const std::vector<LogsColumn>& column_list() const { return columns_; }
  std::size_t rows() const { return rows_; }

 private:
  struct Cell {
    LogsCell::Kind kind;
    std::size_t offset;
    std::size_t size;
  };
  std::vector<LogsColumn> columns_;
  std::vector<Cell> cells_;
  std::string arena_;
  std::size_t rows_ = 0;
};

struct Window {
  enum class State { kPending, kRunning, kDone };
  Window(std::int64_t f, std::int64_t t) : from(f), to(t) {}
  std::int64_t from;
  std::int64_t to;
  State state = State::kPending;
  RowBuffer rows;
  LogsResponseSummary summary;
};

std::string window_label(std::int64_t from, std::int64_t to) {
  return format_utc_seconds(from) + "/" + format_utc_seconds(to);
}

bool same_columns(const std::vector<LogsColumn>& a, const std::vector<LogsColumn>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].type_name != b[i].type_name) return false;
  }
  return true;
}

// The windows not yet written, in time order, and the workers that fetch them. A split replaces
// a window by its two halves in place, so the list stays in time order.
class WindowQueue {
 public:
  WindowQueue(const LogsWindowPlan& plan, const LogsConnectionFactory& connect)
      : plan_(plan), connect_(connect) {
    for (auto [from, to] : plan_windows(plan.from, plan.to, plan.window)) {
      windows_.emplace_back(from, to);
    }
  }

  ~WindowQueue() { stop(); }

  void start() {
    int n = std::max(1, plan_.concurrency);
    for (int i = 0; i < n; ++i) workers_.emplace_back([this] { work(); });
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  // Waits for the oldest window; moves it into `out`. False when every window was written.
  bool next_done(std::list<Window>& out) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return error_ || windows_.empty() || windows_.front().state == Window::State::kDone;
    });
    if (error_) std::rethrow_exception(error_);
    if (windows_.empty()) return false;
    out.splice(out.end(), windows_, windows_.begin());
    ++done_;
    changed_.notify_all();
    return true;
  }

  std::size_t known() {
    std::lock_guard lock(mutex_);
    return done_ + windows_.size();
  }

  void add_totals(LogsDownloadSummary& summary) {
    std::lock_guard lock(mutex_);
    summary.splits = splits_;
    summary.requests = requests_;
    summary.retries = retries_;
  }

 private:
  // Workers look at most this far past the oldest unwritten window, which bounds the rows held in
  // memory to about that many windows' worth.
  std::size_t lookahead() const { return static_cast<std::size_t>(plan_.concurrency) + 1; }

  std::list<Window>::iterator claim() {
    std::size_t seen = 0;
    for (auto it = windows_.begin(); it != windows_.end() && seen < lookahead(); ++it, ++seen) {
      if (it->state == Window::State::kPending) return it;
    }
    return windows_.end();
  }

  bool any_unfinished() const {
    for (const auto& w : windows_) {
      if (w.state != Window::State::kDone) return true;
    }
    return false;
  }

  void work() {
    std::unique_ptr<LogsConnection> connection;
    try {
      std::unique_lock lock(mutex_);
      while (true) {
        std::list<Window>::iterator it;
        changed_.wait(lock, [&] {
          it = claim();
          return stopping_ || error_ || it != windows_.end() || !any_unfinished();
        });
        if (stopping_ || error_ || it == windows_.end()) break;
        it->state = Window::State::kRunning;
        const std::int64_t from = it->from, to = it->to;
        lock.unlock();
        if (!connection) connection = connect_();
        RowBuffer rows;
        LogsResponseSummary summary = fetch(*connection, from, to, rows);
        lock.lock();
        // `it` stays valid: only this worker changes a running window, and list splices and
        // inserts elsewhere do not invalidate it.
        if (summary.truncated) {
          split(it, summary);
        } else {
          it->rows = std::move(rows);
          it->summary = std::move(summary);
          it->state = Window::State::kDone;
        }
        changed_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
      changed_.notify_all();
    }
    if (connection) {
      std::lock_guard lock(mutex_);
      requests_ += connection->client.requests();
      retries_ += connection->client.retries();
    }
  }

  // Called with the lock held.
  void split(std::list<Window>::iterator it, const LogsResponseSummary& summary) {
    const std::int64_t length = it->to - it->from;
    if (length <= plan_.min_window) {
      LogsQuery q = plan_.base;
      q.window = window_label(it->from, it->to);
      throw DataError(logs_query_place(q) + ": still truncated in a window of " +
                      std::to_string(length) + " s (" + std::to_string(summary.rows) +
                      " rows returned): " + summary.partial_error);
    }
    const std::int64_t mid = it->from + length / 2;
    spdlog::debug("window {}: truncated at {} rows; splitting at {}",
                  window_label(it->from, it->to), summary.rows, format_utc_seconds(mid));
    windows_.emplace(std::next(it), mid, it->to);
    it->to = mid;
    it->state = Window::State::kPending;
    ++splits_;
  }

  LogsResponseSummary fetch(LogsConnection& connection, std::int64_t from, std::int64_t to,
                            RowBuffer& rows) {
    LogsQuery q = plan_.base;
    std::optional<std::string_view> filter;
    if (plan_.resource_filter) filter = *plan_.resource_filter;
    q.query = build_window_query(plan_.table, filter, plan_.resource_column, from, to);
    q.timespan = window_label(from, to);
    q.window = q.timespan;
    // A truncated window is split, not failed: the rows are looked at only when it is complete.
    q.allow_partial = true;
    LogsResponseSummary summary = connection.client.query(q, rows);
    if (!summary.partial_error.empty() && !summary.truncated && !plan_.base.allow_partial) {
      throw PartialResultError(logs_query_place(q) + ": partial result: " + summary.partial_error);
    }
    return summary;
  }

  const LogsWindowPlan& plan_;
  const LogsConnectionFactory& connect_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::list<Window> windows_;
  std::vector<std::thread> workers_;
  std::exception_ptr error_;
  bool stopping_ = false;
  std::size_t done_ = 0;
  std::size_t splits_ = 0;
  int requests_ = 0;
  int retries_ = 0;
};

}  // namespace

LogsConnection::LogsConnection(const net::HttpOptions& options,
                               std::shared_ptr<CredentialChain> chain, std::string scope,
                               std::string endpoint, net::RetryPolicy retry)
    : http(options),
      token(std::move(chain), std::move(scope)),
      client(http, token, std::move(endpoint), retry) {}

std::vector<std::pair<std::int64_t, std::int64_t>> plan_windows(std::int64_t from, std::int64_t to,
                                                                std::int64_t window) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  if (from >= to) return out;
  if (window <= 0) return {{from, to}};
  for (std::int64_t start = from; start < to; start += window) {
    out.emplace_back(start, std::min(to, start + window));
  }
  return out;
}

LogsDownloadSummary download_windows(const LogsWindowPlan& plan,
                                     const LogsConnectionFactory& connect, LogsRowSink& sink,
                                     const std::function<void(const LogsProgress&)>& progress) {
  LogsQuery probe = plan.base;
  probe.query = plan.table;
  validate_logs_query(probe);
  LogsDownloadSummary summary;
  WindowQueue queue(plan, connect);
  queue.start();
  std::vector<LogsColumn> columns;
  bool have_columns = false;
  for (std::list<Window> done; queue.next_done(done); done.clear()) {
    const Window& w = done.front();
    const auto& these = w.rows.column_list();
    if (!have_columns) {
      columns = these;
      have_columns = true;
      sink.columns(columns);
    } else if (!same_columns(columns, these)) {
      LogsQuery q = plan.base;
      q.window = window_label(w.from, w.to);
      throw DataError(logs_query_place(q) +
                      ": the columns differ from the first window's; download the windows "
                      "separately");
    }
    w.rows.replay(sink);
    summary.rows += w.rows.rows();
    ++summary.windows;
    summary.window_stats.push_back({w.from, w.to, w.rows.rows(), w.summary.statistics});
    if (!w.summary.partial_error.empty()) summary.partial_errors.push_back(w.summary.partial_error);
    if (progress) progress({summary.windows, queue.known(), summary.rows});
  }
  queue.stop();
  queue.add_totals(summary);
  summary.columns = columns.size();
  return summary;
}

}  // namespace recproc::azure
