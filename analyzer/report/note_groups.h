// The benchmark-choice notes of a fleet, grouped: nodes with the same note share one line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kubeproof {

// Text and Markdown list each note up to this many; above it, one line per distinct note.
inline constexpr std::size_t kListedNotes = 100;
// A folded note names at most this many of its nodes in text and Markdown, then how many more.
inline constexpr std::size_t kNamedNodesPerNote = 3;

struct NoteGroup {
  std::string note;                // the note, without its node
  std::vector<std::string> nodes;  // "cluster/node" as the notes name them, in note order
};

// `notes` are "node: note" each; groups come in the order their first note does.
std::vector<NoteGroup> GroupNotes(const std::vector<std::string>& notes);

// "a, b, c and 997 more": the first `named` of `nodes`.
std::string NameSome(const std::vector<std::string>& nodes, std::size_t named);

}  // namespace kubeproof
