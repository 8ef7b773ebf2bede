#include "src/actions/templates.hpp"

#include <fmt/format.h>

#include "src/actions/pins.hpp"
#include "src/core/error.hpp"

namespace covbar::actions {

std::string fill(std::string_view templ, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto open = templ.find("@@", pos);
    if (open == std::string_view::npos) {
      out.append(templ.substr(pos));
      return out;
    }
    const auto close = templ.find("@@", open + 2);
    if (close == std::string_view::npos) {
      throw core::Error("covbar: internal error: unclosed @@ in a workflow template");
    }
    out.append(templ.substr(pos, open - pos));
    const std::string key(templ.substr(open + 2, close - open - 2));
    if (key.starts_with("USES:")) {
      out += uses(key.substr(5));
    } else {
      const auto it = values.find(key);
      if (it == values.end()) {
        throw core::Error(fmt::format("covbar: internal error: no value for @@{}@@", key));
      }
      out += it->second;
    }
    pos = close + 2;
  }
}

// The covbar steps every test workflow shares: build covbar from its source at a pinned ref
// (cached per ref, outside the workspace so the repository index never sees its files), then
// hold the report to the repository's policy. Inputs and event values reach the shell only
// through env:.
#define COVBAR_STEPS(REPORT)                                                                   \
  "      - name: Restore covbar\n"                                                            \
  "        id: covbar-cache\n"                                                                \
  "        uses: @@USES:actions/cache@@\n"                                                    \
  "        with:\n"                                                                           \
  "          path: ~/.cache/covbar/bin\n"                                                     \
  "          key: covbar-${{ runner.os }}-${{ inputs.runner }}-${{ inputs.covbar-ref }}\n"    \
  "      - name: Check out covbar\n"                                                          \
  "        if: steps.covbar-cache.outputs.cache-hit != 'true'\n"                              \
  "        uses: @@USES:actions/checkout@@\n"                                                 \
  "        with:\n"                                                                           \
  "          repository: ${{ inputs.covbar-repository }}\n"                                   \
  "          ref: ${{ inputs.covbar-ref }}\n"                                                 \
  "          path: .covbar-src\n"                                                             \
  "          persist-credentials: false\n"                                                    \
  "      - name: Install covbar's libraries\n"                                                \
  "        run: |\n"                                                                          \
  "          sudo apt-get update -qq\n"                                                       \
  "          sudo apt-get install -y -qq cmake g++ libpugixml-dev libsimdjson-dev libfmt-dev \\\n" \
  "            libcli11-dev libboost-dev libyaml-cpp-dev\n"                                   \
  "      - name: Build covbar\n"                                                              \
  "        if: steps.covbar-cache.outputs.cache-hit != 'true'\n"                              \
  "        working-directory: .\n"                                                            \
  "        run: |\n"                                                                          \
  "          cmake -S .covbar-src -B \"$RUNNER_TEMP/covbar-build\" -DCMAKE_BUILD_TYPE=Release \\\n" \
  "            -DBUILD_TESTING=OFF\n"                                                         \
  "          cmake --build \"$RUNNER_TEMP/covbar-build\" --target covbar -j \"$(nproc)\"\n"   \
  "          mkdir -p ~/.cache/covbar/bin\n"                                                  \
  "          cp \"$RUNNER_TEMP/covbar-build/covbar\" ~/.cache/covbar/bin/\n"                  \
  "          rm -rf .covbar-src\n"                                                            \
  "      - name: Put covbar on PATH\n"                                                        \
  "        run: echo \"$HOME/.cache/covbar/bin\" >> \"$GITHUB_PATH\"\n"                       \
  "      - name: Coverage gate (covbar)\n"                                                    \
  "        env:\n"                                                                            \
  "          REPORT: " REPORT "\n"                                                            \
  "          POLICY: ${{ inputs.coverage-policy }}\n"                                         \
  "          TARGET: ${{ inputs.coverage-target }}\n"                                         \
  "          EVENT_NAME: ${{ github.event_name }}\n"                                          \
  "          BASE_REF: ${{ github.base_ref }}\n"                                              \
  "        run: |\n"                                                                          \
  "          if [ \"$EVENT_NAME\" = pull_request ]; then\n"                                   \
  "            # The changed lines, for the annotations and the summary, whatever the policy.\n" \
  "            gate=()\n"                                                                     \
  "            if [ \"$POLICY\" = new-code-only ]; then gate=(--fail-under \"$TARGET\"); fi\n" \
  "            covbar diff \"$REPORT\" --compare-branch \"origin/$BASE_REF\" --annotations \"${gate[@]}\"\n" \
  "          fi\n"                                                                            \
  "          case \"$POLICY\" in\n"                                                           \
  "            hard-gate) covbar check \"$REPORT\" --fail-under \"$TARGET\" ;;\n"              \
  "            ratchet) covbar ratchet check \"$REPORT\" ;;\n"                                \
  "            new-code-only) covbar check \"$REPORT\" --policy new-code-only ;;\n"           \
  "            *) echo \"::error::unknown coverage-policy '$POLICY'\"; exit 2 ;;\n"           \
  "          esac\n"                                                                          \
  "      - name: Keep the coverage report\n"                                                  \
  "        if: always()\n"                                                                    \
  "        uses: @@USES:actions/upload-artifact@@\n"                                          \
  "        with:\n"

#define COVBAR_INPUTS                                                                          \
  "      coverage-policy:\n"                                                                  \
  "        description: hard-gate, ratchet or new-code-only (covbar.yml's policy)\n"          \
  "        type: string\n"                                                                    \
  "        required: true\n"                                                                  \
  "      coverage-target:\n"                                                                  \
  "        description: Minimum coverage in percent\n"                                        \
  "        type: string\n"                                                                    \
  "        default: \"80\"\n"                                                                 \
  "      covbar-repository:\n"                                                                \
  "        description: owner/name of the repository covbar is built from\n"                 \
  "        type: string\n"                                                                    \
  "        required: true\n"                                                                  \
  "      covbar-ref:\n"                                                                       \
  "        description: Tag or commit of covbar to build\n"                                   \
  "        type: string\n"                                                                    \
  "        required: true\n"                                                                  \
  "      runner:\n"                                                                           \
  "        description: Runner label\n"                                                       \
  "        type: string\n"                                                                    \
  "        default: @@RUNNER@@\n"                                                             \
  "      working-directory:\n"                                                                \
  "        description: Folder holding the project\n"                                         \
  "        type: string\n"                                                                    \
  "        default: \".\"\n"

// Every reusable workflow starts so; its inputs follow.
#define REUSABLE_WORKFLOW(NAME)                                                                \
  "# Generated by covbar workflows generate: edit the fleet in covbar.yml, not this file.\n"  \
  "name: " NAME "\n"                                                                          \
  "\n"                                                                                        \
  "on:\n"                                                                                     \
  "  workflow_call:\n"                                                                        \
  "    inputs:\n"

// The deploy workflows' first input: where to deploy, under its protection rules.
#define DEPLOY_ENVIRONMENT_INPUT                                                               \
  "      environment:\n"                                                                      \
  "        description: GitHub environment (its protection rules apply)\n"                    \
  "        type: string\n"                                                                    \
  "        required: true\n"

// Jobs whose run steps work in the caller's project folder.
#define RUN_IN_WORKING_DIRECTORY                                                               \
  "    defaults:\n"                                                                          \
  "      run:\n"                                                                             \
  "        shell: bash\n"                                                                    \
  "        working-directory: ${{ inputs.working-directory }}\n"

// The test jobs check out the whole history: covbar diff needs the base branch's commits.
#define CHECKOUT_WITH_HISTORY                                                                  \
  "      - uses: @@USES:actions/checkout@@\n"                                                \
  "        with:\n"                                                                          \
  "          fetch-depth: 0\n"                                                               \
  "          persist-credentials: false\n"

const std::string_view k_test_python =
    REUSABLE_WORKFLOW("test-python")
    "      python-versions:\n"
    "        description: JSON list of Python versions to test on\n"
    "        type: string\n"
    "        default: '@@PYTHON_VERSIONS@@'\n"
    "      postgres-image:\n"
    "        description: PostgreSQL service image\n"
    "        type: string\n"
    "        default: postgres:16\n"
    "      mypy-targets:\n"
    "        description: Paths mypy checks, separated by spaces\n"
    "        type: string\n"
    "        default: \".\"\n" COVBAR_INPUTS
    "\n"
    "permissions:\n"
    "  contents: read\n"
    "\n"
    "jobs:\n"
    "  test:\n"
    "    name: test (Python ${{ matrix.python-version }})\n"
    "    runs-on: ${{ inputs.runner }}\n"
    "    timeout-minutes: 30\n"
    "    permissions:\n"
    "      contents: read\n"
    "    strategy:\n"
    "      fail-fast: false\n"
    "      matrix:\n"
    "        python-version: ${{ fromJSON(inputs.python-versions) }}\n"
    "    services:\n"
    "      postgres:\n"
    "        image: ${{ inputs.postgres-image }}\n"
    "        env:\n"
    "          POSTGRES_USER: test\n"
    "          POSTGRES_PASSWORD: test\n"
    "          POSTGRES_DB: test\n"
    "        ports:\n"
    "          - 5432:5432\n"
    "        options: >-\n"
    "          --health-cmd \"pg_isready -U test -d test\"\n"
    "          --health-interval 5s\n"
    "          --health-timeout 5s\n"
    "          --health-retries 12\n"
    "    env:\n"
    "      DATABASE_URL: postgresql://test:test@localhost:5432/test\n"
    RUN_IN_WORKING_DIRECTORY
    "    steps:\n"
    CHECKOUT_WITH_HISTORY
    "      - uses: @@USES:astral-sh/setup-uv@@\n"
    "        with:\n"
    "          python-version: ${{ matrix.python-version }}\n"
    "      - name: Install\n"
    "        run: uv sync --locked --all-extras --dev\n"
    "      - name: Ruff check\n"
    "        run: uv run ruff check .\n"
    "      - name: Ruff format check\n"
    "        run: uv run ruff format --check .\n"
    "      - name: Mypy\n"
    "        env:\n"
    "          MYPY_TARGETS: ${{ inputs.mypy-targets }}\n"
    "        run: |\n"
    "          read -r -a targets <<< \"$MYPY_TARGETS\"\n"
    "          uv run mypy \"${targets[@]}\"\n"
    "      - name: Tests with coverage\n"
    "        run: uv run pytest --cov --cov-branch --cov-report=xml:coverage.xml --cov-report=term\n"
    COVBAR_STEPS("coverage.xml")
    "          name: coverage-python-${{ matrix.python-version }}\n"
    "          path: ${{ inputs.working-directory }}/coverage.xml\n"
    "          if-no-files-found: error\n";

const std::string_view k_test_typescript =
    REUSABLE_WORKFLOW("test-typescript")
    "      node-versions:\n"
    "        description: JSON list of Node versions to test on\n"
    "        type: string\n"
    "        default: '@@NODE_VERSIONS@@'\n"
    "      test-runner:\n"
    "        description: vitest or bun\n"
    "        type: string\n"
    "        default: vitest\n" COVBAR_INPUTS
    "\n"
    "permissions:\n"
    "  contents: read\n"
    "\n"
    "jobs:\n"
    "  test:\n"
    "    name: test (Node ${{ matrix.node-version }})\n"
    "    runs-on: ${{ inputs.runner }}\n"
    "    timeout-minutes: 30\n"
    "    permissions:\n"
    "      contents: read\n"
    "    strategy:\n"
    "      fail-fast: false\n"
    "      matrix:\n"
    "        node-version: ${{ fromJSON(inputs.node-versions) }}\n"
    RUN_IN_WORKING_DIRECTORY
    "    steps:\n"
    CHECKOUT_WITH_HISTORY
    "      - uses: @@USES:actions/setup-node@@\n"
    "        with:\n"
    "          node-version: ${{ matrix.node-version }}\n"
    "      - uses: @@USES:oven-sh/setup-bun@@\n"
    "      - name: Install\n"
    "        run: bun install --frozen-lockfile\n"
    "      - name: ESLint\n"
    "        run: bunx eslint .\n"
    "      - name: Type check\n"
    "        run: bunx tsc --noEmit\n"
    "      - name: Tests with coverage\n"
    "        env:\n"
    "          TEST_RUNNER: ${{ inputs.test-runner }}\n"
    "        run: |\n"
    "          case \"$TEST_RUNNER\" in\n"
    "            vitest) bunx vitest run --coverage --coverage.reporter=lcov --coverage.reporter=text-summary ;;\n"
    "            bun) bun test --coverage --coverage-reporter=lcov --coverage-reporter=text ;;\n"
    "            *) echo \"::error::unknown test-runner '$TEST_RUNNER'\"; exit 2 ;;\n"
    "          esac\n"
    COVBAR_STEPS("coverage/lcov.info")
    "          name: coverage-node-${{ matrix.node-version }}\n"
    "          path: ${{ inputs.working-directory }}/coverage/lcov.info\n"
    "          if-no-files-found: error\n";

#define PRODUCTION_FROM_TAGS_ONLY                                                              \
  "      - name: Production deploys come from release tags only\n"                            \
  "        if: inputs.environment == 'production' && !startsWith(github.ref, 'refs/tags/')\n" \
  "        working-directory: .\n"                                                            \
  "        run: |\n"                                                                          \
  "          echo \"::error::the production environment is deployed from release tags only\"\n" \
  "          exit 1\n"

#define AWS_CREDENTIALS(ROLE_SECRET)                                                           \
  "      - name: AWS credentials (OIDC)\n"                                                    \
  "        if: ${{ !inputs.use-access-keys }}\n"                                              \
  "        uses: @@USES:aws-actions/configure-aws-credentials@@\n"                            \
  "        with:\n"                                                                           \
  "          role-to-assume: ${{ secrets." ROLE_SECRET " }}\n"                                \
  "          aws-region: ${{ inputs.aws-region }}\n"                                          \
  "      - name: AWS credentials (long-lived access keys, explicit opt-in)\n"                 \
  "        if: ${{ inputs.use-access-keys }}\n"                                               \
  "        uses: @@USES:aws-actions/configure-aws-credentials@@\n"                            \
  "        with:\n"                                                                           \
  "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n"                           \
  "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n"                   \
  "          aws-region: ${{ inputs.aws-region }}\n"

#define AWS_INPUTS(ROLE_SECRET)                                                                \
  "      aws-region:\n"                                                                       \
  "        type: string\n"                                                                    \
  "        required: true\n"                                                                  \
  "      use-access-keys:\n"                                                                  \
  "        description: Use AWS access keys instead of OIDC (not recommended)\n"              \
  "        type: boolean\n"                                                                   \
  "        default: false\n"                                                                  \
  "      runner:\n"                                                                           \
  "        type: string\n"                                                                    \
  "        default: @@RUNNER@@\n"                                                             \
  "    secrets:\n"                                                                            \
  "      " ROLE_SECRET ":\n"                                                                  \
  "        description: ARN of the IAM role to assume through OIDC (holds the account id)\n"  \
  "        required: false\n"                                                                 \
  "      AWS_ACCESS_KEY_ID:\n"                                                                \
  "        required: false\n"                                                                 \
  "      AWS_SECRET_ACCESS_KEY:\n"                                                            \
  "        required: false\n"

const std::string_view k_deploy_ecs =
    REUSABLE_WORKFLOW("deploy-ecs")
    DEPLOY_ENVIRONMENT_INPUT
    "      ecr-repository:\n"
    "        type: string\n"
    "        required: true\n"
    "      ecs-cluster:\n"
    "        type: string\n"
    "        required: true\n"
    "      ecs-service:\n"
    "        type: string\n"
    "        required: true\n"
    "      container-name:\n"
    "        type: string\n"
    "        required: true\n"
    "      task-definition:\n"
    "        description: Task definition JSON in the repository\n"
    "        type: string\n"
    "        default: .aws/task-definition.json\n" AWS_INPUTS("AWS_DEPLOY_ROLE_ARN")
    "\n"
    "permissions:\n"
    "  contents: read\n"
    "\n"
    "jobs:\n"
    "  deploy:\n"
    "    runs-on: ${{ inputs.runner }}\n"
    "    timeout-minutes: 45\n"
    "    environment: ${{ inputs.environment }}\n"
    "    concurrency:\n"
    "      group: deploy-ecs-${{ github.repository }}-${{ inputs.environment }}\n"
    "      cancel-in-progress: false\n"
    "    permissions:\n"
    "      contents: read\n"
    "      id-token: write\n"
    "    steps:\n" PRODUCTION_FROM_TAGS_ONLY
    "      - uses: @@USES:actions/checkout@@\n"
    "        with:\n"
    "          persist-credentials: false\n" AWS_CREDENTIALS("AWS_DEPLOY_ROLE_ARN")
    "      - name: Log in to Amazon ECR\n"
    "        id: ecr\n"
    "        uses: @@USES:aws-actions/amazon-ecr-login@@\n"
    "      - name: Build and push the image, tagged with the commit\n"
    "        id: build\n"
    "        env:\n"
    "          REGISTRY: ${{ steps.ecr.outputs.registry }}\n"
    "          REPOSITORY: ${{ inputs.ecr-repository }}\n"
    "          IMAGE_TAG: ${{ github.sha }}\n"
    "        run: |\n"
    "          image=\"$REGISTRY/$REPOSITORY:$IMAGE_TAG\"\n"
    "          docker build --tag \"$image\" .\n"
    "          docker push \"$image\"\n"
    "          echo \"image=$image\" >> \"$GITHUB_OUTPUT\"\n"
    "      - name: Render the task definition\n"
    "        id: render\n"
    "        uses: @@USES:aws-actions/amazon-ecs-render-task-definition@@\n"
    "        with:\n"
    "          task-definition: ${{ inputs.task-definition }}\n"
    "          container-name: ${{ inputs.container-name }}\n"
    "          image: ${{ steps.build.outputs.image }}\n"
    "      - name: Deploy (forced new deployment, wait until stable)\n"
    "        uses: @@USES:aws-actions/amazon-ecs-deploy-task-definition@@\n"
    "        with:\n"
    "          task-definition: ${{ steps.render.outputs.task-definition }}\n"
    "          cluster: ${{ inputs.ecs-cluster }}\n"
    "          service: ${{ inputs.ecs-service }}\n"
    "          force-new-deployment: true\n"
    "          wait-for-service-stability: true\n";

const std::string_view k_deploy_cloudflare =
    REUSABLE_WORKFLOW("deploy-cloudflare")
    DEPLOY_ENVIRONMENT_INPUT
    "      project:\n"
    "        description: Cloudflare Pages project\n"
    "        type: string\n"
    "        required: true\n"
    "      build-command:\n"
    "        type: string\n"
    "        required: true\n"
    "      output-directory:\n"
    "        type: string\n"
    "        required: true\n"
    "      pages-branch:\n"
    "        description: Pages branch (the production branch deploys to production)\n"
    "        type: string\n"
    "        required: true\n"
    "      working-directory:\n"
    "        type: string\n"
    "        default: \".\"\n"
    "      runner:\n"
    "        type: string\n"
    "        default: @@RUNNER@@\n"
    "    secrets:\n"
    "      CLOUDFLARE_API_TOKEN:\n"
    "        required: true\n"
    "      CLOUDFLARE_ACCOUNT_ID:\n"
    "        required: true\n"
    "\n"
    "permissions:\n"
    "  contents: read\n"
    "\n"
    "jobs:\n"
    "  deploy:\n"
    "    runs-on: ${{ inputs.runner }}\n"
    "    timeout-minutes: 30\n"
    "    environment: ${{ inputs.environment }}\n"
    "    concurrency:\n"
    "      group: deploy-pages-${{ github.repository }}-${{ inputs.environment }}\n"
    "      cancel-in-progress: false\n"
    "    permissions:\n"
    "      contents: read\n"
    RUN_IN_WORKING_DIRECTORY
    "    steps:\n" PRODUCTION_FROM_TAGS_ONLY
    "      - name: Check the deploy parameters\n"
    "        working-directory: .\n"
    "        env:\n"
    "          PROJECT: ${{ inputs.project }}\n"
    "          OUTPUT_DIRECTORY: ${{ inputs.output-directory }}\n"
    "          PAGES_BRANCH: ${{ inputs.pages-branch }}\n"
    "        run: |\n"
    "          # They become wrangler's arguments below: plain names only.\n"
    "          for value in \"$PROJECT\" \"$OUTPUT_DIRECTORY\" \"$PAGES_BRANCH\"; do\n"
    "            if [[ ! \"$value\" =~ ^[A-Za-z0-9._/-]+$ ]]; then\n"
    "              echo \"::error::refusing deploy parameter '$value'\"\n"
    "              exit 1\n"
    "            fi\n"
    "          done\n"
    "      - uses: @@USES:actions/checkout@@\n"
    "        with:\n"
    "          persist-credentials: false\n"
    "      - uses: @@USES:oven-sh/setup-bun@@\n"
    "      - name: Install\n"
    "        run: bun install --frozen-lockfile\n"
    "      - name: Build\n"
    "        env:\n"
    "          BUILD_COMMAND: ${{ inputs.build-command }}\n"
    "        run: bash -euo pipefail -c \"$BUILD_COMMAND\"\n"
    "      - name: Deploy to Cloudflare Pages\n"
    "        uses: @@USES:cloudflare/wrangler-action@@\n"
    "        with:\n"
    "          apiToken: ${{ secrets.CLOUDFLARE_API_TOKEN }}\n"
    "          accountId: ${{ secrets.CLOUDFLARE_ACCOUNT_ID }}\n"
    "          workingDirectory: ${{ inputs.working-directory }}\n"
    "          command: pages deploy ${{ inputs.output-directory }} --project-name=${{ inputs.project }} --branch=${{ inputs.pages-branch }}\n";

#define TERRAGRUNT_SETUP                                                                       \
  "      - uses: @@USES:actions/checkout@@\n"                                                 \
  "        with:\n"                                                                           \
  "          persist-credentials: false\n"                                                    \
  "      - uses: @@USES:hashicorp/setup-terraform@@\n"                                        \
  "        with:\n"                                                                           \
  "          terraform_version: ${{ inputs.terraform-version }}\n"                            \
  "          terraform_wrapper: false\n"                                                      \
  "      - name: Install Terragrunt, verified against the release's SHA256SUMS\n"             \
  "        working-directory: .\n"                                                            \
  "        env:\n"                                                                            \
  "          TG_VERSION: ${{ inputs.terragrunt-version }}\n"                                  \
  "          TG_SHA256: ${{ inputs.terragrunt-sha256 }}\n"                                    \
  "        run: |\n"                                                                          \
  "          base=\"https://github.com/gruntwork-io/terragrunt/releases/download/$TG_VERSION\"\n" \
  "          dir=\"$RUNNER_TEMP/terragrunt\"\n"                                               \
  "          mkdir -p \"$dir/bin\"\n"                                                         \
  "          curl -fsSL --retry 3 -o \"$dir/terragrunt_linux_amd64\" \"$base/terragrunt_linux_amd64\"\n" \
  "          curl -fsSL --retry 3 -o \"$dir/SHA256SUMS\" \"$base/SHA256SUMS\"\n"              \
  "          (cd \"$dir\" && grep -E '  terragrunt_linux_amd64$' SHA256SUMS | sha256sum --check --strict -)\n" \
  "          if [ -n \"$TG_SHA256\" ]; then\n"                                                \
  "            echo \"$TG_SHA256  $dir/terragrunt_linux_amd64\" | sha256sum --check --strict -\n" \
  "          fi\n"                                                                            \
  "          install -m 0755 \"$dir/terragrunt_linux_amd64\" \"$dir/bin/terragrunt\"\n"       \
  "          echo \"$dir/bin\" >> \"$GITHUB_PATH\"\n"

const std::string_view k_terraform =
    REUSABLE_WORKFLOW("terraform")
    "      mode:\n"
    "        description: plan (pull requests) or apply\n"
    "        type: string\n"
    "        required: true\n"
    "      environment:\n"
    "        description: GitHub environment of an apply (its protection rules apply)\n"
    "        type: string\n"
    "        default: \"\"\n"
    "      working-directory:\n"
    "        description: Terragrunt stack to run in\n"
    "        type: string\n"
    "        default: \".\"\n"
    "      terragrunt-version:\n"
    "        type: string\n"
    "        default: @@TERRAGRUNT_VERSION@@\n"
    "      terragrunt-sha256:\n"
    "        description: Expected SHA-256 of terragrunt_linux_amd64 (checked too when set)\n"
    "        type: string\n"
    "        default: \"\"\n"
    "      terraform-version:\n"
    "        type: string\n"
    "        default: latest\n" AWS_INPUTS("AWS_TERRAFORM_ROLE_ARN")
    "\n"
    "permissions:\n"
    "  contents: read\n"
    "\n"
    "jobs:\n"
    "  plan:\n"
    "    if: inputs.mode == 'plan'\n"
    "    runs-on: ${{ inputs.runner }}\n"
    "    timeout-minutes: 60\n"
    "    permissions:\n"
    "      contents: read\n"
    "      id-token: write\n"
    RUN_IN_WORKING_DIRECTORY
    "    steps:\n" TERRAGRUNT_SETUP AWS_CREDENTIALS("AWS_TERRAFORM_ROLE_ARN")
    "      - name: Terragrunt plan\n"
    "        run: terragrunt run --all --non-interactive -- plan -input=false\n"
    "  apply:\n"
    "    if: inputs.mode == 'apply'\n"
    "    runs-on: ${{ inputs.runner }}\n"
    "    timeout-minutes: 60\n"
    "    environment: ${{ inputs.environment }}\n"
    "    concurrency:\n"
    "      group: terragrunt-apply-${{ github.repository }}-${{ inputs.environment }}\n"
    "      cancel-in-progress: false\n"
    "    permissions:\n"
    "      contents: read\n"
    "      id-token: write\n"
    RUN_IN_WORKING_DIRECTORY
    "    steps:\n" PRODUCTION_FROM_TAGS_ONLY TERRAGRUNT_SETUP AWS_CREDENTIALS("AWS_TERRAFORM_ROLE_ARN")
    "      - name: Terragrunt apply\n"
    "        run: terragrunt run --all --non-interactive -- apply -input=false -auto-approve\n";

} // namespace covbar::actions
