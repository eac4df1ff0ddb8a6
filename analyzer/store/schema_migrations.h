// The schema migrations embedded from schema/NNN_*.sql; migration i brings user_version to i+1.
#pragma once

#include <string_view>
#include <vector>

namespace kubeproof {

struct Migration {
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& SchemaMigrations();

}  // namespace kubeproof
