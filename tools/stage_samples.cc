// stage-samples DEST: copies every sample node tree to DEST/<cluster>/<node>/ with the modes and
// owners of its .attrs file (owners only as root), ready for kubeproof-collect --root.
#include <exception>
#include <iostream>

#include "tools/sample_nodes.h"

int main(int argc, char** argv) {
  if (argc != 2 || argv[1][0] == '-') {
    std::cerr << "usage: stage-samples DEST\n";
    return 2;
  }
  try {
    for (const auto& node : kubeproof::samples::ListSampleNodes()) {
      kubeproof::samples::StageSampleNode(node, argv[1]);
    }
  } catch (const std::exception& e) {
    std::cerr << "stage-samples: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
