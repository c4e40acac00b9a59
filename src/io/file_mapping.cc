#include "io/file_mapping.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace recproc::io {
namespace {

// The live mappings, for the SIGBUS handler: a fixed table, because a handler may not take
// locks or allocate. The engine keeps a few mappings alive at a time.
constexpr int kSlots = 256;

struct Slot {
  std::atomic<std::uintptr_t> begin{0};  // 0: free
  std::atomic<std::uintptr_t> end{0};
  std::atomic<bool> truncated{false};
};

Slot g_slots[kSlots];
std::mutex g_slots_mutex;  // taken to claim and free slots, never by the handler
struct sigaction g_previous_action;
std::uintptr_t g_page_size = 4096;

void on_sigbus(int /*signal*/, siginfo_t* info, void* /*context*/) {
  const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (Slot& slot : g_slots) {
    const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
    const std::uintptr_t end = slot.end.load(std::memory_order_acquire);
    if (begin == 0 || addr < begin || addr >= end) continue;
    // Zero pages from the faulting one to the end of the mapping: the access is retried and
    // reads zeros, and so does every later access past the file's new end.
    const std::uintptr_t page = addr & ~(g_page_size - 1);
    void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (zeros == MAP_FAILED) break;
    slot.truncated.store(true, std::memory_order_release);
    return;
  }
  // Not a mapped input: put the previous disposition back, and the retried access faults again
  // under it (the default ends the process, as it would have without us).
  ::sigaction(SIGBUS, &g_previous_action, nullptr);
}

void install_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_page_size = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &g_previous_action);
  });
}

int claim_slot(const char* data, std::size_t size) {
  std::lock_guard lock(g_slots_mutex);
  for (int i = 0; i < kSlots; ++i) {
    Slot& slot = g_slots[i];
    if (slot.begin.load(std::memory_order_relaxed) != 0) continue;
    slot.truncated.store(false, std::memory_order_relaxed);
    slot.end.store(reinterpret_cast<std::uintptr_t>(data) + size, std::memory_order_relaxed);
    slot.begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
    return i;
  }
  return -1;
}

}  // namespace

std::shared_ptr<const FileMapping> FileMapping::map(int fd, std::uint64_t offset,
                                                    std::size_t length) {
  if (length == 0) return nullptr;
  install_handler();
  void* p = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, fd, static_cast<off_t>(offset));
  if (p == MAP_FAILED) return nullptr;
  char* data = static_cast<char*>(p);
  const int slot = claim_slot(data, length);
  if (slot < 0) {
    ::munmap(p, length);
    return nullptr;
  }
  return std::shared_ptr<const FileMapping>(new FileMapping(data, length, offset, slot));
}

FileMapping::~FileMapping() {
  {
    std::lock_guard lock(g_slots_mutex);
    g_slots[slot_].begin.store(0, std::memory_order_release);
    g_slots[slot_].end.store(0, std::memory_order_relaxed);
  }
  ::munmap(data_, size_);
}

bool FileMapping::truncated() const {
  return g_slots[slot_].truncated.load(std::memory_order_acquire);
}

}  // namespace recproc::io
