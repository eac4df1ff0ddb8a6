// Bind addresses: the host a component listens on, and whether only the node itself can reach it
// (the `loopback` comparison, schema/RULES.md).
#pragma once

#include <string>

namespace kubeproof {

// The host part of a bind address as Go's net.SplitHostPort and the components read it:
// "127.0.0.1:10249" -> "127.0.0.1", "[::1]:10249" -> "::1", ":10249" -> "" (every interface);
// a value without a port is the host itself ("127.0.0.1", "::1", "localhost").
std::string BindHost(const std::string& address);

// True for an address in 127.0.0.0/8 (leading zeros allowed, as Kubernetes' sloppy IP parser
// allows them), ::1, an IPv4-mapped 127.x.y.z, or the name localhost.
bool IsLoopbackHost(const std::string& host);

}  // namespace kubeproof
