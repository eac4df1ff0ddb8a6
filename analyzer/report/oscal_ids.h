// Identifiers and values of kubeproof's OSCAL assessment results that the schema constrains: the
// name-based UUIDs of its objects, control ids as tokens, and times as OSCAL date-times.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/waivers/waiver.h"

namespace kubeproof {

// The namespace of kubeproof's own props (`ns`), and the name its UUID namespace is made from.
inline constexpr std::string_view kOscalNamespace = "urn:kubeproof:oscal";

// A version-5 UUID in kubeproof's namespace (uuid5(URL, kOscalNamespace)) named by `parts`, the
// kind of object first. Each part is written with its length, so no two lists share a name.
std::string OscalUuid(std::initializer_list<std::string_view> parts);

// Each object's UUID is named after what it is about, so it stays the same in every document
// about the same thing: a bundle by its checksum, a node by its cluster and name, a finding by
// its benchmark, check and bundle.
std::string BenchmarkUuid(std::string_view benchmark);
std::string BundleUuid(std::string_view sha256);
std::string NodeUuid(std::string_view cluster, std::string_view node);
std::string ToolUuid();
std::string ObservationUuid(std::string_view benchmark, std::string_view check_id,
                            std::string_view sha256);
std::string FindingUuid(std::string_view benchmark, std::string_view check_id,
                        std::string_view sha256);
// A waiver from a waiver file, by everything it says.
std::string WaiverRiskUuid(std::string_view benchmark, const Waiver& waiver);
// The findings of one check that the database holds as WAIVED (`evaluate --waivers`).
std::string RecordedWaiverRiskUuid(std::string_view benchmark, std::string_view check_id);

// "cis-" and the check id, with every character a token does not allow (outside ASCII letters,
// digits, '.', '-' and '_') written as '_': "4.2.1" is "cis-4.2.1".
std::string ControlId(std::string_view check_id);

// `text` as an OSCAL date-time when it is a UTC time (or date) the schema accepts: a real
// instant, written YYYY-MM-DDTHH:MM:SSZ, in the years 1900 to 2999.
std::optional<std::string> OscalDateTime(std::string_view text);

// True when `text` is 64 lowercase hex digits, as a SHA-256 is stored.
bool IsSha256Hex(std::string_view text);

// RFC 6920's name of a SHA-256 digest given in hex: "ni:///sha-256;" and its base64url.
// REQUIRES: IsSha256Hex(hex).
std::string NamedInformationUri(std::string_view hex);

}  // namespace kubeproof
