// The names and version of bundle format v1, shared by the collector that writes it and the
// analyzer that reads it. schema/FORMAT.md describes every member and field.
#pragma once

#include <string_view>

namespace kubeproof::bundle {

inline constexpr std::string_view kFormatName = "kubeproof-bundle";
inline constexpr int kFormatVersion = 1;

inline constexpr std::string_view kSumsMember = "SHA256SUMS";
inline constexpr std::string_view kManifestMember = "manifest.json";
// The Ed25519 signature of SHA256SUMS, when the collector was given a key; the one member
// SHA256SUMS cannot list.
inline constexpr std::string_view kSignatureMember = "SHA256SUMS.sig";
inline constexpr std::string_view kSignatureFormatName = "kubeproof-bundle-signature";
inline constexpr int kSignatureFormatVersion = 1;
// What is signed: this line, then SHA256SUMS byte for byte. SHA256SUMS lists manifest.json and
// every other member, so the signature covers them all.
inline constexpr std::string_view kSignedMessagePrefix = "kubeproof bundle signature v1\n";
inline constexpr std::string_view kProcessesMember = "evidence/processes.json";
inline constexpr std::string_view kFilesMember = "evidence/files.json";
// Copied file contents live under this prefix followed by the node path without its leading '/'.
inline constexpr std::string_view kContentPrefix = "files/";

// Collection status of one examined path (FORMAT.md, "files.json").
inline constexpr std::string_view kStatusOk = "ok";
inline constexpr std::string_view kStatusAbsent = "absent";
inline constexpr std::string_view kStatusDenied = "denied";
inline constexpr std::string_view kStatusNotRegular = "not-regular";
inline constexpr std::string_view kStatusTooLarge = "too-large";
inline constexpr std::string_view kStatusError = "error";

// What happened to a file's content.
inline constexpr std::string_view kPolicyCopied = "copied";
inline constexpr std::string_view kPolicyRedacted = "redacted";
inline constexpr std::string_view kPolicyStatOnly = "stat-only";

// Whether the collector could see the node's processes.
inline constexpr std::string_view kProcessViewFull = "full";
inline constexpr std::string_view kProcessViewLimited = "limited";

}  // namespace kubeproof::bundle
