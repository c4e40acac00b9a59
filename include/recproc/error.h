// Run-level errors and the assertion for broken invariants.
//
// User errors at run level (bad flag, bad config, cannot open or write) are thrown as UsageError or
// IoError from setup code; only `cli` catches them, prints once and picks the exit code.
// Bugs are not user errors: RECPROC_ASSERT prints the source location and aborts.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace recproc {

/// A bad flag, schema, pipeline file or configuration: exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Cannot open, read, write or reach something (file, network, credentials refused): exit code 3.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The run processed its input but the data was bad (fail policy, thresholds): exit code 1.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void assertion_failed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "recproc: internal error: %s:%d: assertion failed: %s\n", file, line, cond);
  std::abort();
}

}  // namespace recproc

#define RECPROC_ASSERT(cond) \
  ((cond) ? static_cast<void>(0) : ::recproc::assertion_failed(#cond, __FILE__, __LINE__))
