// An LD_PRELOAD shim that fails the Nth call of one libc function with a chosen errno, for the
// fault matrix (issue 18, tests/fault/fault_matrix.sh). Only calls made through the PLT are seen:
// recproc's own open/read/write/fsync/rename/mmap, not glibc's internal ones. malloc (with
// calloc, realloc and the aligned allocations operator new and oneTBB use) is counted only from
// main() on: an allocation failing in a library's static initialiser aborts before recproc runs
// a line, which says nothing about recproc.
//
//   RECPROC_FAULT=write:7:ENOSPC   the 7th write() (counting from 1) fails with ENOSPC
//   RECPROC_FAULT_COUNT=FILE       at exit, appends "function calls" lines to FILE
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

enum { kOpen, kOpenat, kRead, kPread, kWrite, kPwrite, kFsync, kFdatasync, kRename, kRenameat,
       kMmap, kMalloc, kCount };
static const char* const kNames[kCount] = {"open",  "openat", "read",      "pread",
                                           "write", "pwrite", "fsync",     "fdatasync",
                                           "rename", "renameat", "mmap",  "malloc"};
static atomic_long g_calls[kCount];
static int g_target = -1;
static long g_nth = 0;
static int g_errno = EIO;

static int errno_named(const char* name) {
  if (strcmp(name, "ENOSPC") == 0) return ENOSPC;
  if (strcmp(name, "ENOMEM") == 0) return ENOMEM;
  if (strcmp(name, "EACCES") == 0) return EACCES;
  return EIO;
}

__attribute__((constructor)) static void setup(void) {
  const char* spec = getenv("RECPROC_FAULT");
  if (!spec) return;
  char name[32] = {0}, err[32] = {0};
  if (sscanf(spec, "%31[^:]:%ld:%31s", name, &g_nth, err) < 2) return;
  for (int i = 0; i < kCount; ++i) {
    if (strcmp(name, kNames[i]) == 0) g_target = i;
  }
  if (err[0]) g_errno = errno_named(err);
}

__attribute__((destructor)) static void report(void) {
  const char* path = getenv("RECPROC_FAULT_COUNT");
  if (!path) return;
  FILE* f = fopen(path, "a");
  if (!f) return;
  for (int i = 0; i < kCount; ++i) fprintf(f, "%s %ld\n", kNames[i], atomic_load(&g_calls[i]));
  fclose(f);
}

// True when this call is the one to fail.
static int hit(int which);

// glibc's allocator under its own names, so that no dlsym (which allocates) is needed.
extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
extern void* __libc_realloc(void*, size_t);
extern void* __libc_memalign(size_t, size_t);
static atomic_int g_in_main;  // allocations are counted from main() on

void* malloc(size_t n) {
  if (atomic_load_explicit(&g_in_main, memory_order_relaxed) && hit(kMalloc)) return NULL;
  return __libc_malloc(n);
}
void* calloc(size_t k, size_t n) {
  if (atomic_load_explicit(&g_in_main, memory_order_relaxed) && hit(kMalloc)) return NULL;
  return __libc_calloc(k, n);
}
void* realloc(void* p, size_t n) {
  if (atomic_load_explicit(&g_in_main, memory_order_relaxed) && n > 0 && hit(kMalloc)) return NULL;
  return __libc_realloc(p, n);
}
int posix_memalign(void** out, size_t align, size_t n) {
  if (atomic_load_explicit(&g_in_main, memory_order_relaxed) && hit(kMalloc)) return ENOMEM;
  void* p = __libc_memalign(align, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
void* aligned_alloc(size_t align, size_t n) {
  if (atomic_load_explicit(&g_in_main, memory_order_relaxed) && hit(kMalloc)) return NULL;
  return __libc_memalign(align, n);
}
void* memalign(size_t align, size_t n) { return aligned_alloc(align, n); }

// Wraps main so that counting allocations starts when recproc's own code does.
typedef int (*MainFn)(int, char**, char**);
static MainFn g_main;
static int counted_main(int argc, char** argv, char** envp) {
  atomic_store(&g_in_main, 1);
  return g_main(argc, argv, envp);
}
int __libc_start_main(MainFn main_fn, int argc, char** argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void* stack_end) {
  typedef int (*StartFn)(MainFn, int, char**, void (*)(void), void (*)(void), void (*)(void),
                         void*);
  StartFn real = (StartFn)dlsym(RTLD_NEXT, "__libc_start_main");
  g_main = main_fn;
  return real(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}

static int hit(int which) {
  long n = atomic_fetch_add(&g_calls[which], 1) + 1;
  if (which != g_target || n != g_nth) return 0;
  errno = g_errno;
  return 1;
}

#define REAL(fn)                     \
  static __typeof__(&fn) real = NULL; \
  if (!real) real = (__typeof__(&fn))dlsym(RTLD_NEXT, #fn)

// Declares `mode`: open(2)'s third argument, passed only when the flags create a file. A macro
// because va_start must run in the variadic function itself.
#define OPTIONAL_MODE(flags)                  \
  mode_t mode = 0;                            \
  if ((flags) & (O_CREAT | O_TMPFILE)) {      \
    va_list ap;                               \
    va_start(ap, flags);                      \
    mode = (mode_t)va_arg(ap, int);           \
    va_end(ap);                               \
  }

int open(const char* path, int flags, ...) {
  REAL(open);
  OPTIONAL_MODE(flags);
  if (hit(kOpen)) return -1;
  return real(path, flags, mode);
}

int openat(int dir, const char* path, int flags, ...) {
  REAL(openat);
  OPTIONAL_MODE(flags);
  if (hit(kOpenat)) return -1;
  return real(dir, path, flags, mode);
}

ssize_t read(int fd, void* buf, size_t n) {
  REAL(read);
  if (hit(kRead)) return -1;
  return real(fd, buf, n);
}

ssize_t pread(int fd, void* buf, size_t n, off_t at) {
  REAL(pread);
  if (hit(kPread)) return -1;
  return real(fd, buf, n, at);
}
ssize_t pread64(int fd, void* buf, size_t n, off_t at) { return pread(fd, buf, n, at); }

ssize_t write(int fd, const void* buf, size_t n) {
  REAL(write);
  if (fd > 2 && hit(kWrite)) return -1;  // stderr stays writable: the error must be seen
  return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t at) {
  REAL(pwrite);
  if (hit(kPwrite)) return -1;
  return real(fd, buf, n, at);
}
ssize_t pwrite64(int fd, const void* buf, size_t n, off_t at) { return pwrite(fd, buf, n, at); }

int fsync(int fd) {
  REAL(fsync);
  if (hit(kFsync)) return -1;
  return real(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  if (hit(kFdatasync)) return -1;
  return real(fd);
}

int rename(const char* from, const char* to) {
  REAL(rename);
  if (hit(kRename)) return -1;
  return real(from, to);
}

int renameat(int a, const char* from, int b, const char* to) {
  REAL(renameat);
  if (hit(kRenameat)) return -1;
  return real(a, from, b, to);
}

void* mmap(void* addr, size_t n, int prot, int flags, int fd, off_t at) {
  REAL(mmap);
  // Only file mappings: anonymous ones are the allocator's, and malloc failing is not this row.
  if (fd >= 0 && hit(kMmap)) return MAP_FAILED;
  return real(addr, n, prot, flags, fd, at);
}
void* mmap64(void* addr, size_t n, int prot, int flags, int fd, off_t at) {
  return mmap(addr, n, prot, flags, fd, at);
}
