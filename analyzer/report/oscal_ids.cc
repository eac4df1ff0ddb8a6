#include "analyzer/report/oscal_ids.h"

#include <nettle/base64.h>

#include <cstdint>
#include <string>

#include "analyzer/report/name_uuid.h"
#include "common/utc_time.h"

namespace kubeproof {
namespace {

const Uuid& KubeproofNamespace() {
  static const Uuid ns = NameUuid(kUrlNamespace, kOscalNamespace);
  return ns;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string OscalUuid(std::initializer_list<std::string_view> parts) {
  std::string name;
  for (std::string_view part : parts) {
    name += std::to_string(part.size());
    name += ':';
    name += part;
  }
  return FormatUuid(NameUuid(KubeproofNamespace(), name));
}

std::string BenchmarkUuid(std::string_view benchmark) {
  return OscalUuid({"benchmark", benchmark});
}

std::string BundleUuid(std::string_view sha256) { return OscalUuid({"bundle", sha256}); }

std::string NodeUuid(std::string_view cluster, std::string_view node) {
  return OscalUuid({"node", cluster, node});
}

std::string ToolUuid() { return OscalUuid({"tool", "kubeproof"}); }

std::string ObservationUuid(std::string_view benchmark, std::string_view check_id,
                            std::string_view sha256) {
  return OscalUuid({"observation", benchmark, check_id, sha256});
}

std::string FindingUuid(std::string_view benchmark, std::string_view check_id,
                        std::string_view sha256) {
  return OscalUuid({"finding", benchmark, check_id, sha256});
}

std::string WaiverRiskUuid(std::string_view benchmark, const Waiver& w) {
  // A waiver file refuses empty optional keys, so "" cannot be confused with a value.
  return OscalUuid({"waiver", benchmark, w.check, w.benchmark.value_or(""), w.cluster.value_or(""),
                    w.nodes.value_or(""), w.justification, w.approved_by, w.expires});
}

std::string RecordedWaiverRiskUuid(std::string_view benchmark, std::string_view check_id) {
  return OscalUuid({"recorded-waiver", benchmark, check_id});
}

std::string ControlId(std::string_view check_id) {
  std::string id = "cis-";
  for (char c : check_id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '-' || c == '_';
    id += allowed ? c : '_';
  }
  return id;
}

std::optional<std::string> OscalDateTime(std::string_view text) {
  auto instant = ParseUtcInstant(text);
  if (!instant) return std::nullopt;
  int year = std::stoi(instant->substr(0, 4));
  if (year < 1900 || year > 2999) return std::nullopt;
  // The schema's pattern knows no 29 February before 2000.
  if (year < 2000 && instant->compare(4, 6, "-02-29") == 0) return std::nullopt;
  return instant;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (HexValue(c) < 0) return false;
  }
  return true;
}

std::string NamedInformationUri(std::string_view hex) {
  std::uint8_t digest[32];
  for (size_t i = 0; i < sizeof digest; ++i) {
    digest[i] = static_cast<std::uint8_t>(HexValue(hex[2 * i]) * 16 + HexValue(hex[2 * i + 1]));
  }
  base64_encode_ctx ctx;
  base64url_encode_init(&ctx);
  std::string encoded(BASE64_ENCODE_LENGTH(sizeof digest) + BASE64_ENCODE_FINAL_LENGTH, '\0');
  size_t length = base64_encode_update(&ctx, encoded.data(), sizeof digest, digest);
  length += base64_encode_final(&ctx, encoded.data() + length);
  encoded.resize(length);
  while (!encoded.empty() && encoded.back() == '=')
    encoded.pop_back();  // RFC 6920 drops the padding
  return "ni:///sha-256;" + encoded;
}

}  // namespace kubeproof
