#!/usr/bin/env bash
# Installs covbar for action.yml, in two calls around the cache restore:
#   install-covbar.sh plan      prints dir=, key=, bin=, version= and sha256= (for
#                               $GITHUB_OUTPUT): the folder to cache, its cache key, and the
#                               release and SHA-256 chosen for this runner
#   install-covbar.sh install   fills that folder unless the cache already did, checks it, and
#                               puts covbar on PATH ($GITHUB_PATH)
# From a release (the default): downloads covbar-VERSION-linux-ARCH.tar.gz and checks it against
# the SHA-256 pinned in action.yml (never against a checksum file published beside it).
# From source (COVBAR_FROM_SOURCE=true): builds the action's own checkout with Debian/Ubuntu's
# packages. Settings, all from the environment (action.yml passes its inputs through env:):
#   COVBAR_VERSION              the release, e.g. 0.1.0
#   COVBAR_SHA256_<OS>_<ARCH>   the pinned SHA-256 of each archive (COVBAR_SHA256_LINUX_X86_64)
#   COVBAR_SHA256               overrides the pinned SHA-256 for this runner (forks, mirrors)
#   COVBAR_REPOSITORY           owner/name whose releases hold the archives
#   COVBAR_RELEASE_URL          the folder holding the archives (default: that repository's
#                               release download URL for vVERSION); file:// works
#   COVBAR_TOKEN                a token: download with `gh release download` (private repositories)
#   COVBAR_FROM_SOURCE          true: build from COVBAR_SOURCE_DIR instead
#   COVBAR_SOURCE_DIR           the source tree (default: the folder above this script)
#   COVBAR_CACHE_ROOT           where installs live (default: $RUNNER_TOOL_CACHE, else ~/.cache)
set -euo pipefail

die() {
  echo "::error title=covbar install::$*" >&2
  exit 1
}

mode=${1:-}
version=${COVBAR_VERSION:-}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "version '$version' is not X.Y.Z"
from_source=${COVBAR_FROM_SOURCE:-false}
[[ $from_source == true || $from_source == false ]] ||
  die "from-source must be true or false, not '$from_source'"
source_dir=${COVBAR_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# The runner's platform as release archives name it.
os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case $os in Linux | linux) os=linux ;; *) os=$(tr '[:upper:]' '[:lower:]' <<<"$os") ;; esac
case $arch in X64 | x86_64 | amd64) arch=x86_64 ;; ARM64 | aarch64 | arm64) arch=aarch64 ;; esac
platform=$os-$arch
name=covbar-$version-$platform
cache_root=${COVBAR_CACHE_ROOT:-${RUNNER_TOOL_CACHE:-$HOME/.cache}}

if [[ $from_source == true ]]; then
  [[ -f $source_dir/CMakeLists.txt ]] || die "no covbar source tree at $source_dir"
  # The key follows every file the build reads, so a changed source never meets an old binary.
  source_hash=$(cd "$source_dir" && find CMakeLists.txt src parsers reports ratchet -type f \
    -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  dir=$cache_root/covbar-source/$source_hash-$platform
  key=covbar-source-$source_hash-$platform
else
  pinned_var=COVBAR_SHA256_$(tr '[:lower:]-' '[:upper:]_' <<<"$platform")
  sha256=${COVBAR_SHA256:-${!pinned_var:-}}
  [[ -n $sha256 ]] || die "this action pins no covbar $version archive for $platform \
(no $pinned_var); set from-source: true to build covbar on this runner"
  [[ $sha256 =~ ^[0-9a-f]{64}$ ]] || die "the SHA-256 for $platform is not 64 hex digits: '$sha256'"
  dir=$cache_root/covbar/$version/$platform
  key=covbar-$version-$platform-${sha256:0:16}
fi
bin=$dir/bin

case $mode in
  plan)
    printf 'dir=%s\nkey=%s\nbin=%s\nversion=%s\nsha256=%s\n' "$dir" "$key" "$bin" "$version" \
      "${sha256:-}"
    exit 0
    ;;
  install) ;;
  *) die "usage: install-covbar.sh plan|install" ;;
esac

start=$SECONDS
how=cache
if [[ $from_source == true ]]; then
  if [[ ! -x $bin/covbar ]] || ldd "$bin/covbar" | grep -q 'not found'; then
    # The packages of the build (also the shared libraries a cached build needs again).
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq cmake g++ \
      libpugixml-dev libsimdjson-dev libfmt-dev libcli11-dev libboost-dev libyaml-cpp-dev \
      libtomlplusplus-dev >/dev/null
  fi
  if [[ ! -x $bin/covbar ]]; then
    how=source
    build=$(mktemp -d)
    cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
    cmake --build "$build" -j "$(nproc)" --target covbar
    mkdir -p "$bin"
    cp "$build/covbar" "$bin/covbar.tmp"
    mv "$bin/covbar.tmp" "$bin/covbar"
    rm -rf "$build"
  fi
else
  archive=$dir/$name.tar.gz
  # The cached archive is checked again, so a cache entry cannot swap the executable either.
  if [[ -f $archive ]] && [[ $(sha256sum "$archive" | cut -d' ' -f1) == "$sha256" ]] &&
    [[ -x $bin/covbar ]]; then
    how=cache
  else
    how=download
    rm -rf "$dir"
    mkdir -p "$dir"
    if [[ -n ${COVBAR_TOKEN:-} ]]; then
      [[ -n ${COVBAR_REPOSITORY:-} ]] || die "a token needs the repository (owner/name)"
      GH_TOKEN=$COVBAR_TOKEN gh release download "v$version" --repo "$COVBAR_REPOSITORY" \
        --pattern "$name.tar.gz" --dir "$dir" || die "could not download $name.tar.gz from \
the v$version release of $COVBAR_REPOSITORY"
    else
      url=${COVBAR_RELEASE_URL:-}
      # The runner unpacks an action into _actions/OWNER/NAME/REF: its repository, when the
      # github.action_repository context is empty (it is in some composite-action steps).
      if [[ -z ${COVBAR_REPOSITORY:-} && ${GITHUB_ACTION_PATH:-} =~ /_actions/([^/]+)/([^/]+)/[^/]+/?$ ]]; then
        COVBAR_REPOSITORY=${BASH_REMATCH[1]}/${BASH_REMATCH[2]}
      fi
      if [[ -z $url ]]; then
        [[ -n ${COVBAR_REPOSITORY:-} ]] || die "no repository to download covbar from"
        url=${GITHUB_SERVER_URL:-https://github.com}/$COVBAR_REPOSITORY/releases/download/v$version
      fi
      curl --fail --silent --show-error --location --retry 3 --proto '=https,file,http' \
        --output "$archive.part" "${url%/}/$name.tar.gz" ||
        die "could not download ${url%/}/$name.tar.gz"
      mv "$archive.part" "$archive"
    fi
    actual=$(sha256sum "$archive" | cut -d' ' -f1)
    if [[ $actual != "$sha256" ]]; then
      rm -rf "$dir"
      die "checksum mismatch for $name.tar.gz: expected SHA-256 $sha256 (pinned in the action), \
got $actual. The download is not the archive this action was released with; nothing was installed."
    fi
    mkdir -p "$dir/x" "$bin"
    tar -xzf "$archive" -C "$dir/x"
    [[ -x $dir/x/$name/covbar ]] || die "$name.tar.gz holds no $name/covbar"
    mv "$dir/x/$name/covbar" "$bin/covbar"
    rm -rf "$dir/x"
  fi
fi

got=$("$bin/covbar" --version) || die "$bin/covbar does not run: $got"
if [[ $from_source == false && $got != "covbar $version" ]]; then
  die "$bin/covbar says '$got', expected 'covbar $version'"
fi
if [[ -n ${GITHUB_PATH:-} ]]; then
  echo "$bin" >>"$GITHUB_PATH"
fi
echo "$got installed in $bin (from $how, $((SECONDS - start)) s)"
