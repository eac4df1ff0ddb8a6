// A small XML well-formedness check for tests: balanced tags, one root, quoted unique
// attributes, known entities, no bare '<' or '&'. Enough to catch what a CI parser would reject.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace kubeproof::testing {

// Empty when well-formed, else what is wrong and where.
inline std::string XmlWellFormed(const std::string& xml) {
  std::vector<std::string> open;
  size_t roots = 0;
  size_t i = 0;
  auto where = [&](size_t at) { return " at offset " + std::to_string(at); };
  auto check_text = [&](size_t from, size_t to) -> std::string {
    for (size_t k = from; k < to; ++k) {
      if (xml[k] == '<') return "bare <" + where(k);
      if (xml[k] != '&') continue;
      size_t semi = xml.find(';', k);
      if (semi == std::string::npos || semi > to) return "unterminated entity" + where(k);
      static const std::set<std::string> kEntities = {"amp", "lt", "gt", "quot", "apos"};
      std::string name = xml.substr(k + 1, semi - k - 1);
      if (kEntities.count(name) == 0 && (name.empty() || name[0] != '#')) return "unknown entity &" + name + ";" + where(k);
    }
    return "";
  };
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    size_t lt = xml.find('<', i);
    std::string text_error = check_text(i, lt == std::string::npos ? xml.size() : lt);
    if (!text_error.empty()) return text_error;
    if (lt == std::string::npos) break;
    if (open.empty() && xml.find_first_not_of(" \t\r\n", i) < lt) return "text outside the root" + where(i);
    size_t gt = xml.find('>', lt);
    if (gt == std::string::npos) return "unterminated tag" + where(lt);
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    if (!tag.empty() && tag[0] == '/') {
      std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) return "unexpected </" + name + ">" + where(lt);
      open.pop_back();
    } else {
      bool self_closing = !tag.empty() && tag.back() == '/';
      if (self_closing) tag.pop_back();
      size_t name_end = tag.find_first_of(" \t\r\n");
      std::string name = tag.substr(0, name_end);
      if (name.empty()) return "empty tag name" + where(lt);
      if (open.empty() && ++roots > 1) return "second root element" + where(lt);
      std::set<std::string> attributes;
      size_t k = name_end;
      while (k != std::string::npos && k < tag.size()) {
        k = tag.find_first_not_of(" \t\r\n", k);
        if (k == std::string::npos) break;
        size_t eq = tag.find('=', k);
        if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"') return "malformed attribute" + where(lt);
        std::string attribute = tag.substr(k, eq - k);
        if (!attributes.insert(attribute).second) return "duplicate attribute " + attribute + where(lt);
        size_t close = tag.find('"', eq + 2);
        if (close == std::string::npos) return "unterminated attribute" + where(lt);
        std::string value_error = check_text(lt + 1 + eq + 2, lt + 1 + close);
        if (!value_error.empty()) return value_error;
        k = close + 1;
      }
      if (!self_closing) open.push_back(name);
    }
    i = gt + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (roots != 1) return "no root element";
  return "";
}

}  // namespace kubeproof::testing
