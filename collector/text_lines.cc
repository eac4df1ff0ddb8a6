#include "collector/text_lines.h"

namespace kubeproof {

void LineSplitter::Emit() {
  if (!skipping_) {
    std::string_view line(pending_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    sink_.Line(line);
  }
  pending_.clear();
  skipping_ = false;
}

void LineSplitter::Feed(std::string_view chunk) {
  while (!chunk.empty()) {
    std::size_t end = chunk.find('\n');
    std::string_view part = chunk.substr(0, end);
    if (!skipping_) {
      if (pending_.size() + part.size() > max_line_) {
        skipping_ = true;
        ++overlong_;
        pending_.clear();
      } else {
        pending_.append(part);
      }
    }
    if (end == std::string_view::npos) return;
    Emit();
    chunk.remove_prefix(end + 1);
  }
}

void LineSplitter::Finish() {
  if (!pending_.empty() || skipping_) Emit();
}

void FeedLines(std::string_view text, LineSink& sink, std::size_t max_line) {
  LineSplitter splitter(sink, max_line);
  splitter.Feed(text);
  splitter.Finish();
}

}  // namespace kubeproof
