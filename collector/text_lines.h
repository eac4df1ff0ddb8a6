// Line by line reading of node files too large to hold whole (package databases, logs): a sink
// that takes lines, and a splitter that cuts streamed chunks into them with a bounded buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kubeproof {

// Takes the lines of one text, in order, without their end of line.
class LineSink {
 public:
  virtual ~LineSink() = default;
  virtual void Line(std::string_view line) = 0;
};

// Cuts chunks into lines for a sink: "\n" ends a line and a "\r" before it is dropped (CRLF
// files). A line longer than `max_line` is skipped whole, never passed on cut, so a cut value
// cannot pass for a shorter one; the last line needs no "\n".
class LineSplitter {
 public:
  LineSplitter(LineSink& sink, std::size_t max_line) : sink_(sink), max_line_(max_line) {}
  void Feed(std::string_view chunk);
  // Passes on the last line when the text does not end with "\n".
  void Finish();
  std::size_t overlong_lines() const { return overlong_; }

 private:
  void Emit();

  LineSink& sink_;
  std::size_t max_line_;
  std::string pending_;
  bool skipping_ = false;  // inside an overlong line: its bytes are dropped until "\n"
  std::size_t overlong_ = 0;
};

// Feeds a whole text to `sink` (tests, small files).
void FeedLines(std::string_view text, LineSink& sink, std::size_t max_line = 65536);

}  // namespace kubeproof
