#include <iostream>

#include "src/cli/run.hpp"

int main(int argc, char** argv) { return covbar::cli::run(argc, argv, std::cout, std::cerr); }
