#include "analyzer/report/json_stream.h"

namespace kubeproof {

void JsonStream::Open(std::string_view key, char bracket) {
  if (!levels_.empty()) Prefix(key);
  out_ << bracket;
  levels_.push_back({bracket == '{' ? '}' : ']', true, false, ""});
}

void JsonStream::OpenLazyArray(std::string_view key) {
  levels_.push_back({']', true, true, std::string(key)});
}

void JsonStream::Close() {
  Level level = levels_.back();
  levels_.pop_back();
  if (level.pending) return;
  if (!level.first) out_ << '\n' << Indent();
  out_ << level.close;
  if (levels_.empty()) out_ << '\n';
}

void JsonStream::Member(std::string_view key, const nlohmann::ordered_json& value) {
  Prefix(key);
  out_ << value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void JsonStream::Prefix(std::string_view key) {
  if (levels_.back().pending) {
    std::string lazy_key = levels_.back().key;
    levels_.pop_back();
    Open(lazy_key, '[');
  }
  Level& top = levels_.back();
  out_ << (top.first ? "\n" : ",\n") << Indent();
  top.first = false;
  if (!key.empty()) out_ << nlohmann::ordered_json(key).dump() << ": ";
}

}  // namespace kubeproof
