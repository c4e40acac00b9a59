#include <malloc.h>

#include "cli/command.h"

int main(int argc, char** argv) {
  // glibc raises its mmap threshold each time a large mmapped block is freed, so later chunk
  // buffers come from the heap, which it does not give back: peak RSS then grew with the input
  // (+14% from 100 MB to 1 GiB). A fixed threshold turns that adjustment off; buffers of
  // 256 KiB and more are mapped and unmapped whole. Measured in bench/RESULTS.md.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  return recproc::cli::run(argc, argv);
}
