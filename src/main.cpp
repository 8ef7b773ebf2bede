#include <iostream>

#include "src/cli/run.hpp"
#include "src/core/source_text.hpp"
#include "src/core/teardown.hpp"

int main(int argc, char** argv) {
  covbar::core::skip_teardown(); // the process ends when the command returns
  covbar::core::tune_allocator();
  covbar::core::SourceText::exit_on_truncated_input();
  return covbar::cli::run(argc, argv, std::cout, std::cerr);
}
