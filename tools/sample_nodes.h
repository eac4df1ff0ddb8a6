// Sample node trees under samples/nodes: listing, staging with their modes and owners, canaries.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kubeproof::samples {

// One sample node: samples/nodes/<cluster>/<node>/ and its <node>.attrs beside it.
struct SampleNode {
  std::string cluster;
  std::string node;
  std::filesystem::path source;  // the node's root directory in the source tree
};

// One line of a .attrs file: `<octal mode> <uid> <gid> <path relative to the node root>`.
struct SampleAttribute {
  std::uint32_t mode = 0;
  std::uint32_t uid = 0;
  std::uint32_t gid = 0;
  std::string path;
};

// Directory holding the sample clusters: KUBEPROOF_SOURCE_DIR/samples/nodes.
std::filesystem::path SampleNodesDir();

// Every sample node, sorted by cluster, then node.
std::vector<SampleNode> ListSampleNodes();

// The parsed .attrs file of `node` (empty when it has none). Throws std::runtime_error on a
// malformed line.
std::vector<SampleAttribute> ReadSampleAttributes(const SampleNode& node);

// Copies the node's tree to `into`/<cluster>/<node> and returns that path. Symlinks are copied
// as symlinks. Unlisted files become 0644 and directories 0755; listed paths get their mode,
// and, when running as root, their owner (everything else root:root). Throws
// std::runtime_error when copying fails or an .attrs path does not exist in the tree.
std::filesystem::path StageSampleNode(const SampleNode& node, const std::filesystem::path& into);

// Every distinct canary string (KUBEPROOF-CANARY followed by [-A-Za-z0-9_]*) in the files of
// all sample trees, sorted.
std::vector<std::string> SampleCanaries();

}  // namespace kubeproof::samples
