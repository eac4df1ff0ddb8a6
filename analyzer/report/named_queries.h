// Named queries: the documented SQL `kubeproof query --name` runs, declared once with their help.
#pragma once

#include <string_view>
#include <vector>

namespace kubeproof {

struct NamedQuery {
  std::string_view name;
  std::string_view summary;  // one line for --list
  std::string_view sql;
};

const std::vector<NamedQuery>& NamedQueries();

const NamedQuery* FindNamedQuery(std::string_view name);

}  // namespace kubeproof
