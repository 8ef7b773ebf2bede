#include "src/actions/pins.hpp"

#include <fmt/format.h>

#include "src/core/error.hpp"

namespace covbar::actions {

const std::vector<Pin>& pins() {
  // From ../shared/actions-pins.md (snapshots 2026-03 to 2026-08). cloudflare/pages-action is
  // deprecated there and deliberately absent: Pages deploys go through wrangler-action.
  static const std::vector<Pin> table{
      {"actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1"},
      {"actions/setup-python", "v7.0.0", "5fda3b95a4ea91299a34e894583c3862153e4b97"},
      {"actions/setup-node", "v7.0.0", "820762786026740c76f36085b0efc47a31fe5020"},
      {"actions/upload-artifact", "v7.0.0", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f"},
      {"actions/download-artifact", "v8.0.1", "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c"},
      {"actions/cache", "v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae"},
      {"astral-sh/setup-uv", "v10.0.1", "20cfd1bf945f4377ade1205e4dbc17946fc9a30d"},
      {"oven-sh/setup-bun", "v2.2.0", "0c5077e51419868618aeaa5fe8019c62421857d6"},
      {"aws-actions/configure-aws-credentials", "v6.2.3",
       "e6de054238d6b7531b4efff3b6587d9aade6a06c"},
      {"aws-actions/amazon-ecr-login", "v2.1.7", "03f1aad4c6c7ffd436567f42f9384779290529bd"},
      {"aws-actions/amazon-ecs-deploy-task-definition", "v2.6.3",
       "c465972ecbd160473f22e683363b422a5412a3de"},
      {"aws-actions/amazon-ecs-render-task-definition", "v1.9.0",
       "138c24f321fdbdf7edee4a685519d253cae2cdea"},
      {"cloudflare/wrangler-action", "v4.0.0", "ebbaa1584979971c8614a24965b4405ff95890e0"},
      {"hashicorp/setup-terraform", "v4.0.1", "dfe3c3f87815947d99a8997f908cb6525fc44e9e"},
      // covbar's own release workflow (.github/workflows/release.yml).
      {"actions/attest-build-provenance", "v4.1.0",
       "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32"},
  };
  return table;
}

std::string uses(std::string_view action) {
  for (const auto& pin : pins()) {
    if (pin.action == action) {
      return fmt::format("{}@{} # {}", pin.action, pin.sha, pin.version);
    }
  }
  throw core::Error(fmt::format("covbar: internal error: no pinned SHA for action {}", action));
}

} // namespace covbar::actions
