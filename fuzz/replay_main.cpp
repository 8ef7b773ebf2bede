// Replays inputs through a fuzz target without libFuzzer, so the targets are built and run
// (over fixtures/ in CTest) in every build and never rot (simdjson's fuzz/ does the same).
//   fuzz_X_replay FILE_OR_DIR...

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void replay(const std::filesystem::path& path, std::size_t& count) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return;
  }
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  std::fclose(f);
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  // Truncated copies too: an artifact cut off mid-download is the commonest bad input.
  for (const std::size_t cut : {bytes.size() / 3, bytes.size() / 2, bytes.size() * 9 / 10}) {
    LLVMFuzzerTestOneInput(bytes.data(), cut);
  }
  ++count;
}

} // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path root = argv[i];
    std::error_code ec;
    if (std::filesystem::is_directory(root, ec)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
        if (entry.is_regular_file()) {
          replay(entry.path(), count);
        }
      }
    } else if (std::filesystem::is_regular_file(root, ec)) {
      replay(root, count);
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return 0;
}
