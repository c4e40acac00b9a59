#include "cli/command.h"

int main(int argc, char** argv) { return recproc::cli::run(argc, argv); }
