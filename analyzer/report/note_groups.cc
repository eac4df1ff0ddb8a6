#include "analyzer/report/note_groups.h"

#include <map>

namespace kubeproof {

std::vector<NoteGroup> GroupNotes(const std::vector<std::string>& notes) {
  std::vector<NoteGroup> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& note : notes) {
    // Node and cluster names hold no ": ", so the first one ends the node.
    std::size_t colon = note.find(": ");
    std::string node = colon == std::string::npos ? "" : note.substr(0, colon);
    std::string text = colon == std::string::npos ? note : note.substr(colon + 2);
    auto [it, added] = index.emplace(text, groups.size());
    if (added) groups.push_back({text, {}});
    groups[it->second].nodes.push_back(node);
  }
  return groups;
}

std::string NameSome(const std::vector<std::string>& nodes, std::size_t named) {
  std::string out;
  const std::size_t listed = std::min(nodes.size(), named);
  for (std::size_t i = 0; i < listed; ++i) out += (i ? ", " : "") + nodes[i];
  if (listed < nodes.size()) out += " and " + std::to_string(nodes.size() - listed) + " more";
  return out;
}

}  // namespace kubeproof
