// Times as bundles and the database write them: UTC, RFC 3339, second precision.
#pragma once

#include <ctime>
#include <string>

namespace kubeproof {

std::string FormatUtc(std::time_t t);

}  // namespace kubeproof
