#include "analyzer/report/json_stream.h"

#include <array>

namespace kubeproof {

namespace {

// Printable ASCII but the quote and the backslash: the bytes a JSON string holds as they are.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

}  // namespace

void AppendJsonString(std::string* out, std::string_view value) {
  // Plain ASCII is written as it is; anything to escape or check goes through nlohmann.
  for (char ch : value) {
    if (!kPlain[static_cast<unsigned char>(ch)]) {
      *out += nlohmann::ordered_json(std::string(value)).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      return;
    }
  }
  *out += '"';
  *out += value;
  *out += '"';
}

JsonText& JsonText::Open(std::string_view key, char bracket) {
  if (!levels_.empty()) Prefix(key);
  out_ += bracket;
  levels_.push_back({bracket == '{' ? '}' : ']', true});
  return *this;
}

JsonText& JsonText::Close() {
  const Level level = levels_.back();
  levels_.pop_back();
  if (!level.first) {
    out_ += '\n';
    out_.append(2 * (depth_ + levels_.size()), ' ');
  }
  out_ += level.close;
  return *this;
}

JsonText& JsonText::String(std::string_view key, std::string_view value) {
  Prefix(key);
  AppendJsonString(&out_, value);
  return *this;
}

JsonText& JsonText::Int(std::string_view key, std::int64_t value) {
  Prefix(key);
  out_ += std::to_string(value);
  return *this;
}

JsonText& JsonText::Bool(std::string_view key, bool value) {
  Prefix(key);
  out_ += value ? "true" : "false";
  return *this;
}

JsonText& JsonText::Null(std::string_view key) {
  Prefix(key);
  out_ += "null";
  return *this;
}

void JsonText::Prefix(std::string_view key) {
  Level& top = levels_.back();
  out_ += top.first ? "\n" : ",\n";
  top.first = false;
  out_.append(2 * (depth_ + levels_.size()), ' ');
  if (key.empty()) return;
  AppendJsonString(&out_, key);
  out_ += ": ";
}

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
  const std::string text = value.dump(pretty_ ? 2 : -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (!pretty_) {
    out_ << text;
    return;
  }
  // The value's own lines start at its depth; strings hold no raw line break, so every one is a
  // line of the layout.
  const std::string indent = Indent();
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    out_.write(text.data() + start, static_cast<std::streamsize>(end + 1 - start));
    out_ << indent;
    start = end + 1;
  }
  out_.write(text.data() + start, static_cast<std::streamsize>(text.size() - start));
}

void JsonStream::Element(const JsonText& value) {
  Prefix("");
  out_ << value.text();
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
