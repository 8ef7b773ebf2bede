#include <iostream>

#include "src/cli/run.hpp"
#include "src/core/process_tuning.hpp"
#include "src/core/source_text.hpp"

int main(int argc, char** argv) {
  covbar::core::tune_process(); // the process ends when the command returns
  covbar::core::SourceText::exit_on_truncated_input();
  return covbar::cli::run(argc, argv, std::cout, std::cerr);
}
